"""The settings table: one row per config field, from which everything about a setting follows.

In the spirit of scikit-learn's parameter constraints and TensorFlow Playground's `PROPS`, each
`Setting` says once what a field of `PlaygroundConfig` may hold (a kind, allowed names or a range,
one value or one per hidden layer), whether changing it needs new data or a new network, and how
a person meets it: its label, a one-sentence help, and how a widget offers it (the option list,
the slider range and step, a fraction shown as a percentage). Validation, URL parsing and
formatting, the rebuild rule, the classroom hide list, the sweepable fields and the pages'
widgets are all derived from `SETTINGS`; the defaults are the dataclass's own. Adding a
hyperparameter is one row here, one field in `PlaygroundConfig`, and the engine code that uses it.
Pure Python: no Streamlit here.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from playground.data.features import FEATURE_LABELS, FEATURES
from playground.data.generators import DATASET_PROBLEM

ACTIVATION_NAMES = ("tanh", "sigmoid", "relu", "leaky_relu", "elu", "softplus", "swish", "linear")
WEIGHT_INITS = ("glorot", "he", "uniform", "zeros")
LOSS_NAMES = ("cross_entropy", "squared_error")
REGULARIZATIONS = ("none", "l1", "l2")
OPTIMIZERS = ("sgd", "momentum", "rmsprop", "adam")
LR_SCHEDULES = ("constant", "step", "cosine")
PROBLEMS = ("classification", "regression")
EXTERNAL_DATASETS = {"digits": "classification"}  # not points in the plane; problem fixed
CUSTOM = "custom"  # points the user uploaded or drew
ALL_DATASETS = {**DATASET_PROBLEM, **EXTERNAL_DATASETS}
MAX_LAYERS, MAX_UNITS = 10, 64

LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REG_RATES = (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
BATCH_SIZES = (1, 2, 5, 10, 15, 20, 25, 30, 50, 100, 250, 500, 1000)
SAMPLE_COUNTS = (100, 200, 300, 500, 800, 1000, 1200, 1500, 2000, 3000, 5000)
DIGITS_IMAGES = 1797  # scikit-learn's 8 × 8 digits (playground.data.digits)
DIGITS_BATCH_SIZES = (1, 8, 16, 32, 64, 128, 256, 1258)  # 1,258: every training image at 70 %
DIGITS_PENALTIES = (0.0, 0.0001, 0.0003, 0.001, 0.003, 0.01)
DIGITS_MAX_LAYERS = 3
COMPARE_DROPOUTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 0.9)
PAGES = ("sweep", "digits", "compare")  # the pages offering some fields unlike the playground


def _titles(**titles: str) -> Mapping[str, str]:
    return MappingProxyType(titles)


DATASET_TITLES = _titles(
    circle="Circle", xor="XOR", gauss="Gauss", spiral="Spiral", moons="Moons", blobs="Blobs",
    checkerboard="Checker", sine="Sine", cubic="Cubic", abs="|x|", plane="Plane",
    multi_gauss="Bumps", custom="Yours",
)  # fmt: skip
ACTIVATION_TITLES = _titles(
    tanh="Tanh", sigmoid="Sigmoid", relu="ReLU", leaky_relu="Leaky ReLU", elu="ELU",
    softplus="Softplus", swish="Swish", linear="Linear",
)  # fmt: skip
INIT_TITLES = _titles(glorot="Glorot (Xavier)", he="He", uniform="Uniform ±0.5", zeros="Zeros")
OPTIMIZER_TITLES = _titles(sgd="SGD", momentum="Momentum", rmsprop="RMSprop", adam="Adam")
REGULARIZATION_TITLES = _titles(none="None", l1="L1", l2="L2")
LOSS_TITLES = _titles(cross_entropy="Cross-entropy", squared_error="Squared error")
SCHEDULE_TITLES = _titles(constant="Constant", step="Step", cosine="Cosine")
PROBLEM_TITLES = _titles(classification="Classification", regression="Regression")


@dataclass(frozen=True)
class Setting:
    """One config field: what it may hold, what a change costs, and how a widget offers it.

    `kind` is "choice" (one of `choices`), "float" or "int" (within `low`..`high`), "bool",
    "layers" (up to MAX_LAYERS counts of 1..MAX_UNITS) or "features" (distinct names of
    `choices`). `per_layer`: one value or one per hidden layer. `optional`: may be None (filled
    from the dataset). `rebuild` is "data", "network" or "" (changes while training runs).
    `widget` names the widget kind ("select", "slider", "select_slider", "number", "toggle",
    "radio", "text", "pills", or "" where the page has a picker of its own); `options` are the
    values a select offers (pills offer the `choices`), `titles` their text; sliders and number
    inputs use `widget_low`..`widget_high` (the valid range when None) in `step`s, `percent`
    shows a fraction as a whole percentage, and `placeholder` is what an empty text input says.
    `sweep` makes the field sweepable, with these values to start from; `short` names the field
    in a few words on a sweep's axes (the label in lower case when empty). `pages` says how a
    page of `PAGES` offers the field unlike the playground: per page, the columns that differ
    (its own options, range, label, help or widget kind); `on(page)` is the row as it sees it.
    """

    name: str
    kind: str
    label: str
    help: str
    choices: tuple = ()
    low: float | None = None
    high: float | None = None
    per_layer: bool = False
    optional: bool = False
    rebuild: str = ""
    widget: str = ""
    options: tuple = ()
    titles: Mapping[Any, str] = field(default_factory=dict)
    widget_low: float | None = None
    widget_high: float | None = None
    step: float | None = None
    percent: bool = False
    number_format: str | None = None
    placeholder: str = ""
    sweep: tuple = ()  # the values a sweep over this field tries unless told otherwise
    short: str = ""
    pages: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def on(self, page: str | None) -> Setting:
        """The row as page `page` offers the field (the playground's when None)."""
        return dataclasses.replace(self, **self.pages[page]) if page in self.pages else self

    @property
    def words(self) -> str:
        """The field in a few lower-case words: "learning rate", "points"."""
        return self.short or self.label.lower()

    def title(self, value: Any) -> str:
        """How a value reads on screen: its title, or the number written plainly."""
        if value in self.titles:
            return self.titles[value]
        return plain_number(value) if isinstance(value, float) else str(value)

    @property
    def slider_range(self) -> tuple[float, float]:
        low = self.low if self.widget_low is None else self.widget_low
        high = self.high if self.widget_high is None else self.widget_high
        return (round(low * 100), round(high * 100)) if self.percent else (low, high)


def plain_number(value: float) -> str:
    """0.00001 rather than 1e-05; 3 rather than 3.0."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def format_metric(value: float, metric_name: str) -> str:
    """A score as a person reads it: R² with three decimals ("r2"), an accuracy in percent with
    one; "—" when there is none (NaN)."""
    if not math.isfinite(value):
        return "—"
    return f"{value:.3f}" if metric_name == "r2" else f"{100 * value:.1f} %"


def per_layer(fmt: Callable[[Any], str]) -> Callable[[Any], str]:
    """`fmt`, applied to each value of a per-layer tuple: ('relu', 'tanh') -> 'ReLU, Tanh'."""
    return lambda value: ", ".join(map(fmt, value)) if isinstance(value, tuple) else fmt(value)


def format_layers(layers: tuple[int, ...]) -> str:
    """(8, 8) -> '8, 8'; () -> ''."""
    return ", ".join(str(units) for units in layers)


def parse_layers(text: str) -> tuple[int, ...]:
    """'8, 8' (or '8 8') -> (8, 8); '', 'none', '0' or '-' -> (); ValueError naming the text."""
    if text.strip().lower() in ("", "none", "0", "-"):
        return ()
    items = text.replace(",", " ").split()
    if not all(item.isdigit() for item in items):
        raise ValueError(f"hidden layers '{text}': give whole numbers of neurons, like 8, 8")
    return tuple(int(item) for item in items)


def _rows(*settings: Setting) -> Mapping[str, Setting]:
    columns = {column.name for column in dataclasses.fields(Setting)} - {"name", "pages"}
    for setting in settings:
        for page, changes in setting.pages.items():
            if page not in PAGES or not set(changes) <= columns:
                raise ValueError(f"{setting.name}: pages[{page!r}] names {sorted(changes)}")
    return MappingProxyType({setting.name: setting for setting in settings})


SETTINGS: Mapping[str, Setting] = _rows(
    # --- data -----------------------------------------------------------------------------------
    Setting("dataset", "choice", "Dataset", "Which points the network learns from.",
            choices=(*ALL_DATASETS, CUSTOM), rebuild="data", titles=DATASET_TITLES,
            pages={
                "sweep": {
                    "widget": "select", "options": tuple(ALL_DATASETS),
                    "titles": {**DATASET_TITLES, "digits": "Digits (8 × 8 images)"},
                    "help": "The data every cell learns: 2-D points, or the 8 × 8 handwritten "
                            "digits.",
                },
                "compare": {"widget": "select", "options": (*DATASET_PROBLEM, CUSTOM)},
            }),
    Setting("n_samples", "int", "Number of points", "How many points the dataset has in total.",
            low=10, high=50_000, optional=True, rebuild="data", widget="select_slider",
            options=SAMPLE_COUNTS, sweep=(100, 300, 1000), short="points"),
    Setting("noise", "float", "Noise", "How much the classes overlap or the values scatter.",
            low=0.0, high=0.5, rebuild="data", widget="slider", step=5, percent=True,
            number_format="%d%%", sweep=(0.0, 0.1, 0.2, 0.3)),
    Setting("train_ratio", "float", "Ratio of training to test data",
            "The share of the points used for training; the rest are for testing.",
            low=0.1, high=0.9, rebuild="data", widget="slider", step=5, percent=True,
            number_format="%d%%", sweep=(0.2, 0.5, 0.8), short="training share"),
    Setting("n_classes", "int", "Classes", "How many clusters (classes) the blobs have.",
            low=3, high=5, rebuild="data", widget="slider"),
    Setting("seed", "int", "Seed", "The same seed gives the same data and starting weights.",
            low=0, high=2**31 - 1, rebuild="data", widget="number", sweep=(0, 1, 2, 3),
            pages={
                "sweep": {"help": "The random seed of the data and the starting weights, shared "
                                  "by every cell."},
                "digits": {"help": "The random seed of the split into training and test images "
                                   "and of the weights."},
            }),
    Setting("problem", "choice", "Problem type",
            "Classification predicts a class; regression predicts a number.",
            choices=PROBLEMS, optional=True, rebuild="data", titles=PROBLEM_TITLES),
    # --- network --------------------------------------------------------------------------------
    Setting("features", "features", "Features",
            "What the first layer sees: the coordinates and functions of them.",
            choices=tuple(FEATURES), rebuild="network", titles=FEATURE_LABELS,
            pages={"compare": {"widget": "pills"}}),
    Setting("hidden_layers", "layers", "Hidden layers",
            "Neurons per hidden layer (none: a linear model).", rebuild="network",
            sweep=((2,), (4,), (4, 2), (8, 8)),
            pages={
                "sweep": {"widget": "text", "help": "Neurons per hidden layer, separated by "
                          f"commas (1 to {MAX_UNITS} each; empty = none)."},
                # How many layers (the page asks each layer's neurons beside it).
                "digits": {"widget": "number", "widget_low": 0, "widget_high": DIGITS_MAX_LAYERS,
                           "help": "How many hidden layers (0 = each digit's output looks at the "
                                   "pixels directly)."},
                "compare": {"widget": "text", "placeholder": "none: a linear model"},
            }),
    Setting("activation", "choice", "Activation",
            "The function every hidden neuron applies to its weighted sum.",
            choices=ACTIVATION_NAMES, per_layer=True, rebuild="network", widget="select",
            options=ACTIVATION_NAMES, titles=ACTIVATION_TITLES, sweep=("tanh", "relu", "sigmoid")),
    Setting("weight_init", "choice", "Weight initialization",
            "How the weights start; all zeros shows why starting symmetric fails.",
            choices=WEIGHT_INITS, rebuild="network", widget="select", options=WEIGHT_INITS,
            titles=INIT_TITLES, sweep=("glorot", "he", "uniform")),
    Setting("loss", "choice", "Loss",
            "Cross-entropy learns faster; squared error stalls when the output saturates.",
            choices=LOSS_NAMES, optional=True, rebuild="network", widget="radio",
            options=LOSS_NAMES, titles=LOSS_TITLES),
    Setting("batch_norm", "bool", "Batch normalization",
            "Normalize each layer's weighted sums over the batch before the activation.",
            rebuild="network", widget="toggle", sweep=(False, True)),
    Setting("skip_connections", "bool", "Skip connections",
            "Add each hidden layer's input to its output, where the layer is as wide as the one "
            "before it (a residual network); layers of other widths get none.",
            rebuild="network", widget="toggle", sweep=(False, True)),
    Setting("dropout", "float", "Dropout",
            "While training, switch off this share of hidden neurons at random.",
            low=0.0, high=0.9, per_layer=True, rebuild="network", widget="slider", step=0.05,
            sweep=(0.0, 0.1, 0.3),
            pages={"compare": {"widget": "select", "options": COMPARE_DROPOUTS,
                               "titles": {0.0: "None"}}}),
    # --- training (changes while it runs) -------------------------------------------------------
    Setting("regularization", "choice", "Regularization",
            "A penalty on large weights: L2 shrinks them, L1 sets many to zero.",
            choices=REGULARIZATIONS, widget="select", options=REGULARIZATIONS,
            titles=REGULARIZATION_TITLES, sweep=("none", "l1", "l2")),
    Setting("regularization_rate", "float", "Regularization rate",
            "How strongly the penalty pulls the weights towards zero.",
            low=0.0, high=10.0, widget="select", options=REG_RATES, sweep=(0.0, 0.001, 0.01, 0.1),
            pages={"digits": {
                "label": "Weight penalty (L2)", "options": DIGITS_PENALTIES,
                "help": "Pulls every weight towards zero; the weights of pixels that are always "
                        "blank then fade to grey instead of staying random.",
            }}),
    Setting("optimizer", "choice", "Optimizer",
            "SGD steps down the gradient; the others adapt or smooth it.",
            choices=OPTIMIZERS, widget="select", options=OPTIMIZERS, titles=OPTIMIZER_TITLES,
            sweep=("sgd", "momentum", "adam")),
    Setting("learning_rate", "float", "Learning rate",
            "How big a step each update takes; too big and training diverges.",
            low=1e-6, high=10.0, widget="select", options=LEARNING_RATES,
            sweep=(0.001, 0.01, 0.1, 1.0)),
    Setting("momentum", "float", "Momentum", "How much of the previous step carries into the next.",
            low=0.0, high=0.9999, widget="slider", widget_high=0.99, step=0.01),
    Setting("nesterov", "bool", "Nesterov", "Look ahead along the momentum.", widget="toggle"),
    Setting("beta_1", "float", "β₁", "Decay of Adam's running mean of gradients.",
            low=0.0, high=0.9999, widget="slider", widget_high=0.999, step=0.001,
            number_format="%.3f"),
    Setting("beta_2", "float", "β₂", "Decay of Adam's running mean of squared gradients.",
            low=0.0, high=0.9999, widget="slider", widget_low=0.9, step=0.0001,
            number_format="%.4f"),
    Setting("rho", "float", "ρ", "Decay of RMSprop's running mean of squared gradients.",
            low=0.0, high=0.9999, widget="slider", widget_high=0.999, step=0.001,
            number_format="%.3f"),
    Setting("epsilon", "float", "ε",
            "A small number added to the denominator so that no step divides by zero.",
            low=1e-12, high=1.0, widget="select", options=(1e-10, 1e-8, 1e-7, 1e-6, 1e-4, 1e-2),
            titles={1e-10: "1e-10", 1e-8: "1e-8", 1e-7: "1e-7", 1e-6: "1e-6", 1e-4: "1e-4",
                    1e-2: "0.01"}),
    Setting("batch_size", "int", "Batch size",
            "Points per update; at least the training set size is full batch.",
            low=1, high=50_000, widget="select_slider", options=BATCH_SIZES, sweep=(1, 10, 50),
            pages={
                "digits": {
                    "options": DIGITS_BATCH_SIZES,
                    "help": f"Images per update ({DIGITS_BATCH_SIZES[-1]:,} = all the training "
                            "images).",
                },
                "compare": {"widget": "select"},
            }),
    Setting("lr_schedule", "choice", "Learning-rate schedule",
            "Keep the learning rate, cut it in steps, or anneal it smoothly.",
            choices=LR_SCHEDULES, widget="select", options=LR_SCHEDULES, titles=SCHEDULE_TITLES),
    Setting("lr_decay", "float", "Decay factor",
            "Multiply the learning rate by this at every step.",
            low=0.01, high=1.0, widget="slider", widget_low=0.05, step=0.05,
            short="learning-rate decay"),
    Setting("lr_decay_epochs", "int", "Over epochs",
            "Step: epochs between decays; cosine: epochs to anneal over.",
            low=1, high=1_000_000, widget="number", widget_high=100_000, short="decay epochs"),
    Setting("early_stopping", "int", "Early stopping patience (epochs, 0 = off)",
            "Stop when the test loss has not improved for this many epochs, and go back to the "
            "weights of the best epoch.",
            low=0, high=100_000, widget="number", step=10, short="early stopping"),
)  # fmt: skip

FIELDS_REBUILDING = {
    kind: tuple(name for name, setting in SETTINGS.items() if setting.rebuild == kind)
    for kind in ("data", "network")
}
