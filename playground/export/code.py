"""The facts an exported script states, and how a script is put together from its parts.

An exported script (PyTorch or Keras) is one self-contained file: a docstring saying what network
it holds, which files it reads, how to run it and where it differs from the playground; imports;
constants (features, layer sizes, training settings, the playground's results at export); then
the framework's half (model, weight loading, training, from `pytorch.py` or `keras.py`) and the
NumPy half both share (`shared.py`). `ScriptFacts` holds the names and numbers the templates
need, read once from a trainer, so no template touches a live network; `py` writes a value as
Python source in ruff-format style, so the generated scripts pass `ruff check` and `ruff format`.
"""

from __future__ import annotations

import json
import math
import textwrap
from dataclasses import dataclass
from typing import Any

from playground.model_io import model_from_bytes, model_to_bytes, trainer_from_model
from playground.trainer import Trainer

WEIGHTS_FILE = "model.npz"  # written by playground.model_io.model_to_bytes / save_model
NAMED_WEIGHTS_FILE = "weights.npz"  # written by playground.export.weights_npz
POINTS_FILE = "points.csv"  # written by playground.export.points_csv
WIDTH = 88  # generated lines stay within ruff's default line length
OUTPUT_TEXT = {
    "binary": "z is the logit: P(class 1) = sigmoid(z), shape (n, 1)",
    "multiclass": "z are logits: class probabilities = softmax(z), shape (n, k)",
    "regression": "z is the prediction itself (linear output), shape (n, 1)",
}


@dataclass(frozen=True)
class ScriptFacts:
    """Everything an exported script states about the network and its training."""

    feature_names: tuple[str, ...]
    layer_sizes: tuple[int, ...]  # inputs, hidden layers, outputs
    activations: tuple[str, ...]  # one per hidden layer
    dropout: tuple[float, ...]  # one per hidden layer
    batch_norm: bool
    skips: tuple[bool, ...]  # one per hidden layer: its input added to its output
    output_kind: str  # "binary", "multiclass" or "regression"
    loss: str  # "cross_entropy" or "squared_error"
    optimizer: str
    optimizer_settings: dict[str, Any]
    learning_rate: float
    lr_schedule: str
    lr_decay: float
    lr_decay_epochs: int
    batch_size: int
    regularization: str  # "none" when the rate is 0
    regularization_rate: float
    epoch: int
    step: int
    results: dict[str, tuple[float, float]]  # split -> (loss, metric) at export
    metric_name: str  # "accuracy" or "r2"

    @property
    def hidden_layers(self) -> tuple[int, ...]:
        return self.layer_sizes[1:-1]


def evaluate_copy(trainer: Trainer) -> dict[str, float]:
    """`trainer.evaluate()` computed on a copy of its network. A forward pass overwrites the
    activations a layer keeps for its backward pass, so an export — which may run on another
    thread while the live view trains — never runs the live network."""
    model = model_from_bytes(*model_to_bytes(trainer))
    return trainer_from_model(model, data=trainer.data).evaluate()


def script_facts(trainer: Trainer) -> ScriptFacts:
    """The facts of a trainer's current network and training settings."""
    spec, settings = trainer.network.spec, trainer.settings
    regularization = settings.regularization if settings.regularization_rate > 0 else "none"
    record = evaluate_copy(trainer)
    metric = trainer.metric_name
    return ScriptFacts(
        feature_names=tuple(trainer.data.feature_names),
        layer_sizes=(spec.n_inputs, *spec.hidden_layers, spec.n_outputs),
        activations=tuple(spec.activations),
        dropout=tuple(float(rate) for rate in spec.dropout),
        batch_norm=spec.batch_norm,
        skips=spec.skips,
        output_kind=spec.output_kind,
        loss=spec.loss,
        optimizer=settings.optimizer,
        optimizer_settings=dict(settings.optimizer_settings),
        learning_rate=settings.learning_rate,
        lr_schedule=settings.lr_schedule,
        lr_decay=settings.lr_decay,
        lr_decay_epochs=settings.lr_decay_epochs,
        batch_size=settings.batch_size,
        regularization=regularization,
        regularization_rate=settings.regularization_rate if regularization != "none" else 0.0,
        epoch=trainer.epoch,
        step=trainer.step,
        results={
            split: (record[f"{split}_loss"], record[f"{split}_{metric}"])
            for split in ("train", "test")
        },
        metric_name=metric,
    )


def py(value: Any) -> str:
    """`value` as Python source in ruff-format style (double quotes, shortest float repr)."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else f'float("{value}")'
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, tuple):
        items = ", ".join(py(item) for item in value)
        return f"({items},)" if len(value) == 1 else f"({items})"
    raise TypeError(f"cannot write {type(value).__name__} as Python source")


def architecture_text(facts: ScriptFacts) -> str:
    """One line such as '2 inputs (x1, x2) → 4 tanh → 2 tanh → 1 output (sigmoid)'."""
    parts = [f"{facts.layer_sizes[0]} inputs ({', '.join(facts.feature_names)})"]
    for units, activation, rate, skip in zip(
        facts.hidden_layers, facts.activations, facts.dropout, facts.skips, strict=True
    ):
        extras = ["batch norm"] if facts.batch_norm else []
        extras += [f"dropout {rate:g}"] if rate > 0 else []
        extras += ["+ its input"] if skip else []
        parts.append(f"{units} {activation}" + (f" ({', '.join(extras)})" if extras else ""))
    head = {"binary": "sigmoid", "multiclass": "softmax", "regression": "linear"}
    n_outputs = facts.layer_sizes[-1]
    outputs = "output" if n_outputs == 1 else "outputs"
    parts.append(f"{n_outputs} {outputs} ({head[facts.output_kind]})")
    return " → ".join(parts)


def settings_constants(facts: ScriptFacts) -> str:
    """Constants for the optimizer's and the schedule's settings that this run uses."""
    settings = facts.optimizer_settings
    names = {
        "momentum": ("momentum", "nesterov"),
        "rmsprop": ("rho", "epsilon"),
        "adam": ("beta_1", "beta_2", "epsilon"),
    }.get(facts.optimizer, ())
    lines = [f"{name.upper()} = {py(type_of(name)(settings[name]))}" for name in names]
    if facts.lr_schedule == "step":
        lines.append(f"LR_DECAY = {py(facts.lr_decay)}  # × this every LR_DECAY_EPOCHS epochs")
    if facts.lr_schedule != "constant":
        lines.append(f"LR_DECAY_EPOCHS = {py(facts.lr_decay_epochs)}")
    return "".join(line + "\n" for line in lines)


def type_of(setting: str) -> type:
    return bool if setting == "nesterov" else float


def output_names(facts: ScriptFacts) -> str:
    """Source of the column names of the predictions CSV."""
    if facts.output_kind == "multiclass":
        return f'tuple(f"p_class_{{k}}" for k in range({facts.layer_sizes[-1]}))'
    return py(("p_class_1",) if facts.output_kind == "binary" else ("prediction",))


def constants(facts: ScriptFacts) -> str:
    """The block of constants at the top of every script."""
    results = "".join(
        f'    "{split}": ({py(float(loss))}, {py(float(score))}),\n'
        for split, (loss, score) in facts.results.items()
    )
    return (
        "# The network's inputs, made from each point (x1, x2) by make_features\n"
        f"FEATURES = {py(facts.feature_names)}\n"
        f"LAYER_SIZES = {py(facts.layer_sizes)}  # inputs, hidden layers, outputs\n"
        f"BATCH_NORM = {py(facts.batch_norm)}\n"
        f"OUTPUT = {py(facts.output_kind)}  # {OUTPUT_TEXT[facts.output_kind]}\n"
        f"OUTPUT_NAMES = {output_names(facts)}\n"
        f"LOSS = {py(facts.loss)}\n"
        f"OPTIMIZER = {py(facts.optimizer)}\n"
        f"LEARNING_RATE = {py(facts.learning_rate)}\n"
        f"LR_SCHEDULE = {py(facts.lr_schedule)}\n"
        f"{settings_constants(facts)}"
        f"BATCH_SIZE = {py(facts.batch_size)}\n"
        f"REGULARIZATION = {py(facts.regularization)}  # on weight matrices only\n"
        f"REGULARIZATION_RATE = {py(facts.regularization_rate)}\n"
        f"START_EPOCH = {py(facts.epoch)}  # trained in the playground; the schedule goes on\n"
        f"# (loss, {facts.metric_name}) of each split when the script was exported\n"
        f"PLAYGROUND_RESULTS = {{\n{results}}}\n"
        "HERE = Path(__file__).resolve().parent\n"
    )


def header(facts: ScriptFacts, framework: str, script_name: str, notes: list[str]) -> str:
    """The script's docstring: what it holds, the files it reads, how to run it, differences."""
    train_loss, test_loss, test_metric = facts.results["train"][0], *facts.results["test"]
    metric = "R²" if facts.metric_name == "r2" else facts.metric_name
    summary = [
        f"Network: {architecture_text(facts)}.",
        f"Trained {facts.epoch} epochs ({facts.step} steps) in the playground: train loss "
        f"{train_loss:.4g}, test loss {test_loss:.4g}, test {metric} {test_metric:.4g}.",
    ]
    lines = [
        f'"""A network trained in the neural network playground, as a {framework} script.',
        "",
        *(textwrap.fill(text, WIDTH) for text in summary),
        "",
        "Files it reads (next to this script, or give their paths on the command line):",
        f"  {WEIGHTS_FILE}   the weights: the playground's model download (flat theta and",
        "              batch norm's running statistics); named arrays (W0, b0, ...) in",
        f"              {NAMED_WEIGHTS_FILE} work too: --weights {NAMED_WEIGHTS_FILE}",
        f"  {POINTS_FILE}  the training and test points (columns x1, x2, label, split)",
        "",
        "Run:",
        f"  python {script_name}               # load, print loss and {metric}",
        f"  python {script_name} --epochs 50   # then train 50 epochs more, save",
        f"  python {script_name} --predict mine.csv --out predictions.csv",
        "",
        "Differences from the playground:",
        *(
            textwrap.fill(note, WIDTH, initial_indent="- ", subsequent_indent="  ")
            for note in notes
        ),
        '"""',
    ]
    return "\n".join(lines) + "\n"


def assemble(header_text: str, imports: str, constants_text: str, *blocks: str) -> str:
    """Docstring, imports and constants one blank line apart, then the top-level blocks
    (functions, classes) two blank lines apart, as ruff format wants."""
    head = "\n\n".join(part.strip("\n") for part in (header_text, imports, constants_text))
    body = "\n\n\n".join(block.strip("\n") for block in blocks if block.strip())
    return f"{head}\n\n\n{body}\n"
