"""The NumPy half of every exported script: features, weights, outputs, loss, schedule, CLI.

Both exported scripts (PyTorch and Keras) share this code word for word: it computes the input
features from raw points (x1, x2) exactly as `playground/data/features.py` does, reads the
playground's weights (the flat `theta` of `model.npz`, split here by the layer sizes, or the named
arrays of `weights.npz`), applies the output activation and measures the loss and the metric with
the playground's own formulas, gives the learning rate of each epoch under the schedule, and runs
the command line (read points, report, train, predict). The framework's half — `build_model`,
`load_weights`, `logits`, `train`, `save_model` — comes from `pytorch.py` or `keras.py` as a
`Framework`, and `framework_script` puts the two halves together in one order for both.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from playground.export.code import (
    POINTS_FILE,
    WEIGHTS_FILE,
    ScriptFacts,
    assemble,
    constants,
    header,
    script_facts,
)

if TYPE_CHECKING:
    from playground.trainer import Trainer

# How each input feature is computed from x1 and x2 (exactly as playground/data/features.py).
FEATURE_CODE = {
    "x1": "x1",
    "x2": "x2",
    "x1^2": "x1**2",
    "x2^2": "x2**2",
    "x1x2": "x1 * x2",
    "sin_x1": "np.sin(x1)",
    "sin_x2": "np.sin(x2)",
}


def features_function(names: tuple[str, ...]) -> str:
    """Source of `make_features(points)` for these feature names."""
    used = [axis for axis in ("x1", "x2") if any(axis in FEATURE_CODE[n] for n in names)]
    unpack = ", ".join(used) + " = " + ", ".join(f"points[:, {int(a[1]) - 1}]" for a in used)
    columns = ", ".join(FEATURE_CODE[name] for name in names)
    return (
        "def make_features(points: np.ndarray) -> np.ndarray:\n"
        '    """The network\'s inputs (FEATURES) from raw points (n, 2)."""\n'
        "    points = np.asarray(points, dtype=np.float64)\n"
        f"    {unpack}\n"
        f"    return np.column_stack([{columns}])\n"
    )


SCHEDULE_BODY = {
    "constant": "    return LEARNING_RATE\n",
    "step": "    return LEARNING_RATE * LR_DECAY ** (epoch // LR_DECAY_EPOCHS)\n",
    "cosine": (
        "    progress = min(epoch, LR_DECAY_EPOCHS) / LR_DECAY_EPOCHS\n"
        "    return LEARNING_RATE * (0.01 + 0.99 * 0.5 * (1.0 + np.cos(np.pi * progress)))\n"
    ),
}
SCHEDULE_TEXT = {
    "constant": "constant",
    "step": "step decay: × LR_DECAY every LR_DECAY_EPOCHS epochs",
    "cosine": "cosine from LEARNING_RATE down to 1 % of it over LR_DECAY_EPOCHS, then held",
}

OUTPUT_FUNCTIONS = {
    "binary": '''def output_from_logits(z: np.ndarray) -> np.ndarray:
    """P(class 1) = sigmoid(z), (n, 1)."""
    return 0.5 + 0.5 * np.tanh(0.5 * z)


def metric(outputs: np.ndarray, labels: np.ndarray) -> float:
    """Accuracy: class 1 where P(class 1) >= 0.5."""
    return float(np.mean((outputs[:, 0] >= 0.5) == labels))
''',
    "multiclass": '''def output_from_logits(z: np.ndarray) -> np.ndarray:
    """Class probabilities = softmax(z), (n, k)."""
    exp = np.exp(z - z.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)


def metric(outputs: np.ndarray, labels: np.ndarray) -> float:
    """Accuracy: the most probable class."""
    return float(np.mean(outputs.argmax(axis=1) == labels))
''',
    "regression": '''def output_from_logits(z: np.ndarray) -> np.ndarray:
    """The prediction is z itself (linear output), (n, 1)."""
    return z


def metric(outputs: np.ndarray, labels: np.ndarray) -> float:
    """R² = 1 − Σ(prediction − label)² / Σ(label − mean label)²."""
    total = np.sum((labels - labels.mean()) ** 2)
    if total == 0:
        return 0.0
    return float(1.0 - np.sum((outputs[:, 0] - labels) ** 2) / total)
''',
}
LOSS_FUNCTIONS = {
    ("binary", "cross_entropy"): '''def mean_loss(z: np.ndarray, labels: np.ndarray) -> float:
    """Binary cross-entropy of sigmoid(z), mean over the points (written from z)."""
    t = labels.reshape(-1, 1)
    return float(np.mean(np.maximum(z, 0.0) - t * z + np.log1p(np.exp(-np.abs(z)))))
''',
    ("binary", "squared_error"): '''def mean_loss(z: np.ndarray, labels: np.ndarray) -> float:
    """½ (sigmoid(z) − label)², mean over the points."""
    return float(0.5 * np.mean((output_from_logits(z)[:, 0] - labels) ** 2))
''',
    ("multiclass", "cross_entropy"): '''def mean_loss(z: np.ndarray, labels: np.ndarray) -> float:
    """Categorical cross-entropy of softmax(z), mean over the points."""
    shifted = z - z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-np.mean(log_p[np.arange(len(z)), labels.astype(int)]))
''',
    ("regression", "squared_error"): '''def mean_loss(z: np.ndarray, labels: np.ndarray) -> float:
    """½ (prediction − label)², mean over the points."""
    return float(0.5 * np.mean((z[:, 0] - labels) ** 2))
''',
}

SHARED_TEMPLATE = string.Template('''
$features_function

def read_weights(path: Path) -> list[dict[str, np.ndarray]]:
    """Per layer {"W" (n_in, n_out), "b", and with batch norm "gamma", "beta",
    "running_mean", "running_var"}, from model.npz (flat "theta") or from
    weights.npz (named arrays W0, b0, gamma0, ...)."""
    with np.load(path, allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    if "theta" in arrays:
        return unpack_theta(arrays)
    names = ("W", "b", "gamma", "beta", "running_mean", "running_var")
    return [
        {name: arrays[f"{name}{i}"] for name in names if f"{name}{i}" in arrays}
        for i in range(len(LAYER_SIZES) - 1)
    ]


def unpack_theta(arrays: dict[str, np.ndarray]) -> list[dict[str, np.ndarray]]:
    """Split model.npz's flat vector: per layer one (n_in + 1, n_out) row-major block
    whose last row is b, then gamma and beta (hidden layers, with batch norm); the
    running statistics of hidden layer i are stored as running_mean_i, running_var_i."""
    theta, offset, blocks = arrays["theta"], 0, []
    for i, (n_in, n_out) in enumerate(pairwise(LAYER_SIZES)):
        block = theta[offset : offset + (n_in + 1) * n_out].reshape(n_in + 1, n_out)
        offset += block.size
        layer = {"W": block[:-1], "b": block[-1]}
        if BATCH_NORM and i < len(LAYER_SIZES) - 2:
            layer["gamma"] = theta[offset : offset + n_out]
            layer["beta"] = theta[offset + n_out : offset + 2 * n_out]
            layer["running_mean"] = arrays[f"running_mean_{i}"]
            layer["running_var"] = arrays[f"running_var_{i}"]
            offset += 2 * n_out
        blocks.append(layer)
    if offset != theta.size:
        raise ValueError(f"expected {offset} parameters, the file has {theta.size}")
    return blocks


$output_functions

$loss_function

def learning_rate(epoch: int) -> float:
    """The learning rate of an epoch (0-based) under the schedule:
    $schedule_text."""
$schedule_body''')

MAIN_TEMPLATE = string.Template('''
def read_csv(path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Points (n, 2), labels (n,) and splits (n,) in file order, from a CSV with columns
    x1, x2 and optionally label and split; no label reads as NaN, no split as "all"."""
    with open(path, newline="") as file:
        rows = list(csv.DictReader(file))
    points = np.array([[float(r["x1"]), float(r["x2"])] for r in rows]).reshape(-1, 2)
    labels = np.array([float(r.get("label") or "nan") for r in rows])
    splits = np.array([r.get("split") or "all" for r in rows])
    return points, labels, splits


def read_points(path: Path) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Points and labels per split ("train", "test" or "all"), from read_csv."""
    points, labels, splits = read_csv(path)
    names = dict.fromkeys(splits.tolist())  # in order of first appearance
    return {name: (points[splits == name], labels[splits == name]) for name in names}


def predict(model: Model, points: np.ndarray) -> np.ndarray:
    """The playground's output for raw points (n, 2), in evaluation mode."""
    return output_from_logits(logits(model, points))


def report(model: Model, data: dict[str, tuple[np.ndarray, np.ndarray]]) -> None:
    """Print the loss and $metric_name of each split, beside the playground's at export."""
    for split, (points, labels) in data.items():
        z = logits(model, points)
        loss, score = mean_loss(z, labels), metric(output_from_logits(z), labels)
        line = f"{split}: loss {loss:.6f}, $metric_name {score:.4f}"
        if split in PLAYGROUND_RESULTS:
            loss, score = PLAYGROUND_RESULTS[split]
            line += f" (playground: loss {loss:.6f}, $metric_name {score:.4f})"
        print(line)


def write_predictions(path: Path, points: np.ndarray, outputs: np.ndarray) -> None:
    """A CSV with columns x1, x2 and one per output."""
    with open(path, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["x1", "x2", *OUTPUT_NAMES])
        writer.writerows(np.column_stack([points, outputs]).tolist())


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=Path, default=HERE / "$weights_file")
    parser.add_argument("--points", type=Path, default=HERE / "$points_file")
    parser.add_argument("--epochs", type=int, default=0, help="epochs to train")
    parser.add_argument("--save", type=Path, default=HERE / "$saved_model")
    parser.add_argument("--predict", type=Path, help="CSV of points (x1, x2)")
    parser.add_argument("--out", type=Path, default=Path("predictions.csv"))
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    model = build_model()
    load_weights(model, read_weights(args.weights))
    data = read_points(args.points) if args.points.exists() else {}
    report(model, data)
    if args.epochs > 0:
        if "train" not in data:
            raise SystemExit(f"{args.points} has no training points (split = train)")
        train(model, *data["train"], epochs=args.epochs)
        report(model, data)
        save_model(model, args.save)
        print(f"saved {args.save}")
    if args.predict is not None:
        points = read_csv(args.predict)[0]
        write_predictions(args.out, points, predict(model, points))
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
''')


def function(signature: str, doc: str, expression: str) -> str:
    """Source of a one-expression function with a docstring."""
    return function_with_body(signature, doc, f"    return {expression}\n")


def function_with_body(signature: str, doc: str, body: str) -> str:
    """Source of a function with a docstring (its lines after the first indented by 4) and a
    body (already indented)."""
    return f'def {signature}:\n    """{doc}"""\n{body}'


def shared_functions(facts: ScriptFacts) -> str:
    """The NumPy functions every script has: features, weights, outputs, loss, schedule."""
    return SHARED_TEMPLATE.substitute(
        features_function=features_function(facts.feature_names),
        output_functions=OUTPUT_FUNCTIONS[facts.output_kind],
        loss_function=LOSS_FUNCTIONS[(facts.output_kind, facts.loss)],
        schedule_text=SCHEDULE_TEXT[facts.lr_schedule],
        schedule_body=SCHEDULE_BODY[facts.lr_schedule],
    )


def main_functions(facts: ScriptFacts, saved_model: str) -> str:
    """The command-line half every script has: read points, report, predict, train, save."""
    return MAIN_TEMPLATE.substitute(
        metric_name="R²" if facts.metric_name == "r2" else facts.metric_name,
        weights_file=WEIGHTS_FILE,
        points_file=POINTS_FILE,
        saved_model=saved_model,
    )


@dataclass(frozen=True)
class Framework:
    """One framework's half of an exported script: its names, its fixed source text, and what
    it writes from the trainer's facts: the lines of its layers (`layer_lines`, put into the
    `$layers` of `build_model` at that template's indentation), any `classes` they need, the
    loss, penalty, optimizer and training loop (`training`) and where it differs from the
    playground (`notes`)."""

    name: str  # as the header names it: "PyTorch", "Keras"
    script_name: str
    saved_model: str  # the file `--save` writes by default
    imports: str
    constants: str  # after the shared constants: the dtype and the `Model` alias
    model_functions: str  # load_weights, logits, save_model
    build_model: str  # source of build_model(), a line "$layers" where (and as indented) they go
    layer_lines: Callable[[ScriptFacts], list[str]]
    training: Callable[[ScriptFacts], list[str]]
    notes: Callable[[ScriptFacts], list[str]]
    classes: Callable[[ScriptFacts], str] = lambda facts: ""


def framework_script(trainer: Trainer, framework: Framework) -> str:
    """A runnable script in `framework` that rebuilds, loads, checks and trains the network."""
    facts = script_facts(trainer)
    return assemble(
        header(facts, framework.name, framework.script_name, framework.notes(facts)),
        framework.imports,
        constants(facts) + framework.constants,
        framework.classes(facts),
        build_model_function(framework, facts),
        framework.model_functions,
        shared_functions(facts),
        *framework.training(facts),
        main_functions(facts, framework.saved_model),
    )


def build_model_function(framework: Framework, facts: ScriptFacts) -> str:
    """Source of `build_model()`: the framework's template with the layers filled in."""
    template = framework.build_model.lstrip("\n")
    place = re.search(r"^( *)\$layers\n", template, re.MULTILINE)
    layers = "".join(f"{place.group(1)}{line}\n" for line in framework.layer_lines(facts))
    return template[: place.start()] + layers + template[place.end() :]
