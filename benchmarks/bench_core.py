"""How fast is one training step, and one grid evaluation? Prints µs, beside scikit-learn.

Run: `python benchmarks/bench_core.py`. For each network it times the playground's mini-batch step
(forward, backward, update — the loop `Trainer.run_steps` runs), a hand-fused NumPy step for the
same network (`reference_step.py`, the 10 µs yardstick of docs/design.md) and scikit-learn's
`MLPClassifier.partial_fit` on the same batch, all in the same run, and prints them with ratios.
Targets (issue 2, 2-vCPU machine): [8,8] batch 10 plain SGD ≤ 20 µs, i.e. ≤ 2× the hand-fused
reference; the full-featured step (adam + L2 + dropout + batch norm) ≤ 3× the plain one; the
100×100 grid with every neuron's map ≤ 1 ms.
"""

from __future__ import annotations

import os
import time
import warnings

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
from reference_step import FusedTanhMLP

from playground import PlaygroundConfig, Trainer
from playground.data import make_features

CASES = [
    ("[8,8] tanh, batch 10", dict(hidden_layers=(8, 8), batch_size=10)),
    ("[8]x6 tanh, batch 10", dict(hidden_layers=(8,) * 6, batch_size=10)),
    ("[64,64] tanh, batch 32", dict(hidden_layers=(64, 64), batch_size=32)),
]
FULL = dict(
    optimizer="adam",
    learning_rate=0.003,
    regularization="l2",
    regularization_rate=0.001,
    dropout=0.1,
    batch_norm=True,
)


def best_of(function, repeats: int = 7) -> float:
    """Best wall time of `repeats` calls, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def playground_step_us(cfg: PlaygroundConfig, n_steps: int = 4000) -> float:
    """µs per mini-batch step, excluding the once-per-epoch evaluation."""
    trainer = Trainer(cfg)
    trainer.run_steps(200)
    n_train = len(trainer.inputs_train)
    steps_per_epoch = -(-n_train // cfg.batch_size)
    seconds = best_of(lambda: trainer.run_steps(n_steps))
    epochs = n_steps / steps_per_epoch
    eval_seconds = best_of(trainer.evaluate) * epochs
    return (seconds - eval_seconds) / n_steps * 1e6


def sklearn_step_us(cfg: PlaygroundConfig, n_steps: int = 300) -> float:
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    trainer = Trainer(cfg)
    x, y = trainer.inputs_train[: cfg.batch_size], trainer.y_train[: cfg.batch_size]
    model = MLPClassifier(
        hidden_layer_sizes=cfg.hidden_layers,
        activation="tanh",
        solver="sgd",
        learning_rate_init=cfg.learning_rate,
        batch_size=cfg.batch_size,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.partial_fit(x, y, classes=[0, 1])
        seconds = best_of(lambda: [model.partial_fit(x, y) for _ in range(n_steps)], repeats=3)
    return seconds / n_steps * 1e6


def reference_step_us(cfg: PlaygroundConfig, n_steps: int = 4000) -> float:
    trainer = Trainer(cfg)
    x, y = trainer.inputs_train[: cfg.batch_size], trainer.y_train[: cfg.batch_size, None]
    sizes = [x.shape[1], *cfg.hidden_layers, 1]
    model = FusedTanhMLP(sizes, cfg.batch_size, np.random.default_rng(0))
    seconds = best_of(lambda: [model.step(x, y, 0.0) for _ in range(n_steps)])
    return seconds / n_steps * 1e6


def grid_ms(cfg: PlaygroundConfig, resolution: int = 100) -> float:
    trainer = Trainer(cfg)
    axis = np.linspace(-6, 6, resolution)
    xx, yy = np.meshgrid(axis, axis[::-1])
    inputs = make_features(np.column_stack([xx.ravel(), yy.ravel()]), cfg.features)
    inputs = inputs.astype(np.float32)
    return best_of(lambda: trainer.network.evaluate_grid(inputs, reuse=True), repeats=50) * 1e3


def main() -> None:
    print(
        f"{'µs per step':28} {'playground':>10} {'hand-fused':>10} {'ratio':>6} "
        f"{'sklearn':>8} {'sklearn/ours':>12}"
    )
    plain_88 = None
    for name, settings in CASES:
        cfg = PlaygroundConfig(dataset="circle", **settings)
        ours, fused = playground_step_us(cfg), reference_step_us(cfg)
        theirs = sklearn_step_us(cfg)
        plain_88 = plain_88 or (ours, fused)
        print(
            f"{name:28} {ours:10.1f} {fused:10.1f} {ours / fused:5.2f}x {theirs:8.0f} "
            f"{theirs / ours:11.0f}x"
        )
        full = PlaygroundConfig(dataset="circle", **settings, **FULL)
        ours_full = playground_step_us(full)
        label = "  + adam, L2, dropout, BN"
        print(
            f"{label:28} {ours_full:10.1f} {'':>10} {ours_full / ours:5.2f}x plain (target <= 3x)"
        )
    print()
    for name, settings in [
        ("[4,2] tanh", dict(hidden_layers=(4, 2))),
        ("[8,8] tanh", dict(hidden_layers=(8, 8))),
        ("[8]x6 tanh", dict(hidden_layers=(8,) * 6)),
        ("[64,64] tanh", dict(hidden_layers=(64, 64))),
    ]:
        cfg = PlaygroundConfig(dataset="circle", **settings)
        print(
            f"100x100 grid, every neuron's map, {name:14} {grid_ms(cfg):6.3f} ms (target <= 1 ms)"
        )
    cfg = PlaygroundConfig(dataset="circle", hidden_layers=(4, 2))
    trainer = Trainer(cfg)
    start = time.perf_counter()
    trainer.run_for(1.0)
    rate = trainer.epoch / (time.perf_counter() - start)
    print(
        f"\ndefault config ([4,2] tanh, 500 points, batch 10): {rate:,.0f} epochs/s in one thread"
    )
    ours, fused = plain_88
    print(
        f"[8,8] batch 10 plain SGD step: {ours:.1f} µs = {ours / fused:.2f}x the hand-fused "
        f"reference ({fused:.1f} µs in this run); target <= 20 µs where the reference does 10 µs"
    )


if __name__ == "__main__":
    main()
