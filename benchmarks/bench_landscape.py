"""How long does one refresh of the loss-landscape tab take? Prints ms per network.

Run: `python benchmarks/bench_landscape.py`. For each network, on the default data (circle, 250
training points), it times the grid alone (`analysis.landscape.loss_landscape`, 25 × 25, every
training point), the grid with the point budget the tab uses while training plays
(`analysis.landscape_grid.PLAYING_WORK`), and the whole figure as the tab sends it (grid, figure,
JSON). Target (issue 12): a few ms per refresh for the default [4, 2] network, so the refresh
every half second never stalls the 50 fps canvas of the same session.
"""

from __future__ import annotations

import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

from playground import PlaygroundConfig, Trainer
from playground.analysis.landscape import loss_landscape, random_directions
from playground.analysis.landscape_grid import PLAYING_WORK, landscape_work, within_budget
from playground.viz.landscape_figures import landscape_figure

NETWORKS = [(4, 2), (8, 8, 8), (16, 16), (64, 64), (64,) * 10]
RESOLUTION = 25


def best_ms(function, repeats: int = 30) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return 1e3 * min(times)


def measure(layers: tuple[int, ...]) -> str:
    """One row: the grid, the grid within the playing budget, the figure and its JSON."""
    trainer = Trainer(PlaygroundConfig(hidden_layers=layers))
    trainer.run_epochs(20)
    network, n_train = trainer.network, len(trainer.inputs_train)
    directions = random_directions(network, 0)
    resolution, points = within_budget(network, n_train, RESOLUTION, PLAYING_WORK)

    def grid(resolution: int = RESOLUTION, max_points: int | None = None):
        return loss_landscape(trainer, resolution, directions=directions, max_points=max_points)

    full, budgeted = best_ms(grid), best_ms(lambda: grid(resolution, points))
    landscape = grid(resolution, points)
    figure = best_ms(lambda: landscape_figure(landscape).to_json(), repeats=10)
    work = landscape_work(network, n_train, RESOLUTION)
    return (
        f"{list(layers)!s:<14} {n_train:>6} {full:>8.2f} {budgeted:>8.2f} "
        f"({points:>3} pts, {resolution:>2}²) {figure:>12.2f}   work {work / 1e6:.0f}M"
    )


def main() -> None:
    print(f"loss landscape, {RESOLUTION} x {RESOLUTION} grid, best of 30 (ms)")
    print(f"{'network':<14} {'points':>6} {'grid':>8} {'budgeted':>23} {'figure+json':>12}")
    for layers in NETWORKS:
        print(measure(layers))


if __name__ == "__main__":
    main()
