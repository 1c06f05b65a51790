"""The playground's controls: Streamlit widgets that read and write one `LiveState`.

Each widget's key is `<playground key>:<field>`, so several playgrounds can live on one page.
The widgets are filled from the state's config the first time they are drawn; after that they are
the source of truth, and `config_from_widgets` turns their values back into a `PlaygroundConfig`
(which the page hands to `LiveState.apply_config`). Every control has a label a screen reader
reads and a one-sentence tooltip saying what it does.
"""

from __future__ import annotations

import random

import streamlit as st

from playground.config import ACTIVATION_NAMES, OPTIMIZERS, WEIGHT_INITS, PlaygroundConfig
from playground.data import CLASSIFICATION_GENERATORS, FEATURE_LABELS, REGRESSION_GENERATORS
from playground.ui.state import SPEEDS, LiveState

LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
REG_RATES = [0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
BATCH_SIZES = [1, 2, 5, 10, 15, 20, 25, 30, 50, 100, 250, 500, 1000]
SAMPLE_COUNTS = [100, 200, 300, 500, 800, 1000, 1200, 1500, 2000, 3000, 5000]
DATASET_TITLES = {
    "circle": "Circle", "xor": "XOR", "gauss": "Gauss", "spiral": "Spiral",
    "moons": "Moons", "blobs": "Blobs", "checkerboard": "Checker",
    "plane": "Plane", "multi_gauss": "Bumps",
}  # fmt: skip
DATASET_DESCRIPTIONS = {
    "circle": "a disc of one class inside a ring of the other",
    "xor": "four quadrants, diagonal ones alike (exclusive or)",
    "gauss": "two Gaussian clouds",
    "spiral": "two interleaved spirals",
    "moons": "two interlocking half-moons",
    "blobs": "3 to 5 clusters, one class each (multi-class)",
    "checkerboard": "a 4 × 4 checkerboard",
    "plane": "a value that rises linearly across the plane",
    "multi_gauss": "six bumps, up and down (multi-Gaussian)",
}
ACTIVATION_TITLES = {
    "tanh": "Tanh", "sigmoid": "Sigmoid", "relu": "ReLU", "leaky_relu": "Leaky ReLU",
    "elu": "ELU", "softplus": "Softplus", "swish": "Swish", "linear": "Linear",
}  # fmt: skip
INIT_TITLES = {"glorot": "Glorot (Xavier)", "he": "He", "uniform": "Uniform ±0.5", "zeros": "Zeros"}
OPTIMIZER_TITLES = {"sgd": "SGD", "momentum": "Momentum", "rmsprop": "RMSprop", "adam": "Adam"}


def plain_number(value: float) -> str:
    """0.00001 rather than 1e-05; 3 rather than 3.0."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def widget_key(key: str, name: str) -> str:
    return f"{key}:{name}"


def init_widgets(key: str, state: LiveState) -> None:
    """Give every widget its value from the state, the first time only."""
    cfg, values = state.config, widget_values(state)
    for name, value in values.items():
        st.session_state.setdefault(widget_key(key, name), value)
    for index, units in enumerate(cfg.hidden_layers):
        st.session_state.setdefault(widget_key(key, f"units_{index}"), units)


def widget_values(state: LiveState) -> dict[str, object]:
    cfg = state.config
    values: dict[str, object] = {
        name: getattr(cfg, name)
        for name in ("dataset", "problem", "n_classes", "seed", "weight_init", "batch_norm",
                     "optimizer", "learning_rate", "momentum", "nesterov", "beta_1", "beta_2",
                     "regularization", "regularization_rate", "lr_schedule", "lr_decay",
                     "lr_decay_epochs", "batch_size", "n_samples", "early_stopping")
    }  # fmt: skip
    values.update(
        noise=round(cfg.noise * 100),
        train_ratio=round(cfg.train_ratio * 100),
        n_layers=len(cfg.hidden_layers),
        activation=cfg.activations()[0] if cfg.hidden_layers else "tanh",
        dropout=max(cfg.dropout_rates(), default=0.0),
        # The loss radio exists only for binary classification; elsewhere it starts at the default.
        loss=cfg.loss
        if cfg.problem == "classification" and not cfg.is_multiclass
        else "cross_entropy",
        show_test=state.view.show_test,
        discretize=state.view.discretize,
        speed=state.view.speed,
        **{f"feature_{name}": name in cfg.features for name in FEATURE_LABELS},
    )
    return values


def config_from_widgets(key: str, state: LiveState) -> PlaygroundConfig:
    """The config the widgets describe; the view options are written to the state."""
    value = lambda name: st.session_state[widget_key(key, name)]  # noqa: E731
    n_layers = value("n_layers")
    layers = tuple(st.session_state.get(widget_key(key, f"units_{i}"), 4) for i in range(n_layers))
    features = tuple(name for name in FEATURE_LABELS if value(f"feature_{name}"))
    state.view.show_test, state.view.discretize = value("show_test"), value("discretize")
    state.view.speed = value("speed") or state.view.speed
    problem = value("problem")
    return PlaygroundConfig(
        dataset=value("dataset"), n_samples=value("n_samples"), noise=value("noise") / 100,
        train_ratio=value("train_ratio") / 100, n_classes=value("n_classes"), seed=value("seed"),
        features=features or ("x1",), problem=problem, hidden_layers=layers,
        activation=value("activation"), weight_init=value("weight_init"),
        loss=_loss(problem, value("dataset"), value("loss")),
        regularization=value("regularization"), regularization_rate=value("regularization_rate"),
        dropout=value("dropout"), batch_norm=value("batch_norm"), optimizer=value("optimizer"),
        learning_rate=value("learning_rate"), momentum=value("momentum"),
        nesterov=value("nesterov"), beta_1=value("beta_1"), beta_2=value("beta_2"),
        batch_size=value("batch_size"), lr_schedule=value("lr_schedule"),
        lr_decay=value("lr_decay"), lr_decay_epochs=value("lr_decay_epochs"),
        early_stopping=value("early_stopping"),
    )  # fmt: skip


def _loss(problem: str, dataset: str, chosen: str) -> str:
    if problem == "regression":
        return "squared_error"
    return "cross_entropy" if dataset == "blobs" else chosen


# --- callbacks --------------------------------------------------------------------------------
def _toggle_play(state: LiveState) -> None:
    if state.trainer.diverged:
        state.rebuild()
    elif state.trainer.stopped_early and not state.playing:
        state.trainer.resume()  # Play after an early stop trains on (and may stop again)
    state.playing = not state.playing


def _keep_speed(key: str, state: LiveState) -> None:
    if st.session_state[widget_key(key, "speed")] is None:  # a second click deselects
        st.session_state[widget_key(key, "speed")] = state.view.speed


def _step(state: LiveState) -> None:
    state.playing = False
    if not state.trainer.diverged:
        state.trainer.run_epochs(1)


def _reset(state: LiveState) -> None:
    if state.trainer.diverged:
        state.playing = False
    state.rebuild()


def _choose_problem(key: str, state: LiveState) -> None:
    problem = st.session_state[widget_key(key, "problem")]
    if problem is None:  # clicking the chosen segment again deselects it: keep the problem
        st.session_state[widget_key(key, "problem")] = state.config.problem
        return
    names = REGRESSION_GENERATORS if problem == "regression" else CLASSIFICATION_GENERATORS
    if st.session_state[widget_key(key, "dataset")] not in names:
        st.session_state[widget_key(key, "dataset")] = next(iter(names))
        st.session_state[widget_key(key, "n_samples")] = 1200 if problem == "regression" else 500


def _choose_dataset(key: str, name: str) -> None:
    st.session_state[widget_key(key, "dataset")] = name


def _regenerate(key: str) -> None:
    st.session_state[widget_key(key, "seed")] = random.randrange(1, 2**31 - 1)


# --- widgets ----------------------------------------------------------------------------------
def _options_with(options: list, current) -> list:
    return options if current in options else sorted([*options, current])


def training_bar(key: str, state: LiveState) -> None:
    """Play/pause, step, reset, speed and the most used hyperparameters, in one row."""
    k = lambda name: widget_key(key, name)  # noqa: E731
    columns = st.columns([1.1, 0.9, 1.0, 2.3, 1.4, 1.4, 1.5, 1.9], vertical_alignment="bottom")
    playing = state.playing and state.can_train
    columns[0].button(
        "Pause" if playing else "Play",
        key=k("play"),
        type="primary",
        icon=":material/pause:" if playing else ":material/play_arrow:",
        on_click=_toggle_play,
        args=(state,),
        width="stretch",
        help="Start or stop training; the view updates live while it runs.",
    )
    columns[1].button(
        "Step",
        key=k("step"),
        on_click=_step,
        args=(state,),
        help="Pause and train exactly one epoch (one pass over the training data).",
    )
    columns[2].button(
        "Reset",
        key=k("reset"),
        on_click=_reset,
        args=(state,),
        help="Start again from the initial weights (same seed, same data).",
    )
    columns[3].segmented_control(
        "Speed",
        SPEEDS,
        key=k("speed"),
        format_func=str.title,
        on_change=_keep_speed,
        args=(key, state),
        help="Slow: 10 epochs/s to narrate; normal: 100 epochs/s; "
        "fast: as many as the machine can train.",
    )
    columns[4].selectbox(
        "Learning rate",
        _options_with(LEARNING_RATES, state.config.learning_rate),
        key=k("learning_rate"),
        format_func=plain_number,
        help="How big a step each update takes; too big and training diverges.",
    )
    columns[5].selectbox(
        "Activation",
        ACTIVATION_NAMES,
        key=k("activation"),
        format_func=ACTIVATION_TITLES.get,
        help="The function every hidden neuron applies to its weighted sum.",
    )
    columns[6].selectbox(
        "Regularization",
        ["none", "l1", "l2"],
        key=k("regularization"),
        format_func=lambda r: {"none": "None", "l1": "L1", "l2": "L2"}[r],
        help="A penalty on large weights: L2 shrinks them, L1 sets many to zero.",
    )
    columns[7].selectbox(
        "Regularization rate",
        _options_with(REG_RATES, state.config.regularization_rate),
        key=k("regularization_rate"),
        format_func=plain_number,
        help="How strongly the penalty pulls the weights towards zero.",
    )


def data_controls(key: str, state: LiveState, thumbnail) -> None:
    """Dataset picker with thumbnails, and the data sliders."""
    k = lambda name: widget_key(key, name)  # noqa: E731
    st.subheader("Data", help="Which points the network learns from.")
    problem = st.segmented_control(
        "Problem type",
        ["classification", "regression"],
        key=k("problem"),
        format_func=str.title,
        on_change=_choose_problem,
        args=(key, state),
        help="Classification predicts a class; regression predicts a number.",
    )
    names = list(REGRESSION_GENERATORS if problem == "regression" else CLASSIFICATION_GENERATORS)
    current = st.session_state[k("dataset")]
    for row in range(0, len(names), 3):
        for column, name in zip(st.columns(3), names[row : row + 3], strict=False):
            column.image(thumbnail(name), width="stretch")
            column.button(
                DATASET_TITLES[name],
                key=k(f"pick_{name}"),
                type="primary" if name == current else "secondary",
                on_click=_choose_dataset,
                args=(key, name),
                width="stretch",
                help=f"Train on {DATASET_DESCRIPTIONS[name]}.",
            )
    if current == "blobs":
        st.slider(
            "Classes",
            3,
            5,
            key=k("n_classes"),
            help="How many clusters (classes) the blobs dataset has.",
        )
    st.slider(
        "Ratio of training to test data",
        10,
        90,
        step=5,
        format="%d%%",
        key=k("train_ratio"),
        help="The share of points used for training; the rest test.",
    )
    st.slider(
        "Noise",
        0,
        50,
        step=5,
        format="%d%%",
        key=k("noise"),
        help="How much the classes overlap or the values scatter.",
    )
    st.select_slider(
        "Number of points",
        _options_with(SAMPLE_COUNTS, state.config.n_samples),
        key=k("n_samples"),
        help="How many points the dataset has in total.",
    )
    st.select_slider(
        "Batch size",
        _options_with(BATCH_SIZES, state.config.batch_size),
        key=k("batch_size"),
        help="Points per update; at least the training set size is full batch.",
    )
    left, right = st.columns([2, 3], vertical_alignment="bottom")
    left.number_input(
        "Seed",
        0,
        2**31 - 1,
        key=k("seed"),
        help="The random seed: the same seed gives the same data and weights.",
    )
    right.button(
        "Regenerate",
        key=k("regenerate"),
        on_click=_regenerate,
        args=(key,),
        icon=":material/refresh:",
        help="New random data (and weights): a new seed.",
    )


def feature_controls(key: str) -> None:
    st.subheader(
        "Features", help="What the first layer sees: the coordinates and functions of them."
    )
    columns = st.columns(4)
    for index, (name, label) in enumerate(FEATURE_LABELS.items()):
        columns[index % 4].checkbox(
            label,
            key=widget_key(key, f"feature_{name}"),
            help=f"Feed {label} into the network as an input.",
        )


def network_controls(key: str, state: LiveState) -> None:
    k = lambda name: widget_key(key, name)  # noqa: E731
    st.subheader("Network", help="The hidden layers between the inputs and the output.")
    n_layers = st.number_input(
        "Hidden layers",
        0,
        10,
        key=k("n_layers"),
        help="How many hidden layers (0 = a linear model).",
    )
    if n_layers:
        columns = st.columns(min(n_layers, 5))
        for index in range(n_layers):
            st.session_state.setdefault(k(f"units_{index}"), 4)
            columns[index % 5].number_input(
                f"Layer {index + 1}",
                1,
                64,
                key=k(f"units_{index}"),
                help=f"Neurons in hidden layer {index + 1}.",
            )
    st.slider(
        "Dropout",
        0.0,
        0.9,
        step=0.05,
        key=k("dropout"),
        help="While training, switch off this share of hidden neurons at random.",
    )
    st.toggle(
        "Batch normalization",
        key=k("batch_norm"),
        help="Normalize each layer's weighted sums over the batch before the activation.",
    )
    st.selectbox(
        "Weight initialization",
        WEIGHT_INITS,
        key=k("weight_init"),
        format_func=INIT_TITLES.get,
        help="How the weights start; all zeros shows why starting symmetric fails.",
    )
    if (
        st.session_state[k("problem")] == "classification"
        and st.session_state[k("dataset")] != "blobs"
    ):
        st.radio(
            "Loss",
            ["cross_entropy", "squared_error"],
            key=k("loss"),
            horizontal=True,
            format_func=lambda n: {
                "cross_entropy": "Cross-entropy",
                "squared_error": "Squared error",
            }[n],
            help="Cross-entropy learns faster; squared error stalls when the output saturates.",
        )


def optimizer_controls(key: str) -> None:
    k = lambda name: widget_key(key, name)  # noqa: E731
    st.subheader("Optimizer", help="How the gradient turns into weight updates.")
    optimizer = st.selectbox(
        "Optimizer",
        OPTIMIZERS,
        key=k("optimizer"),
        format_func=OPTIMIZER_TITLES.get,
        help="SGD steps down the gradient; the others adapt or smooth it.",
    )
    if optimizer == "momentum":
        st.slider(
            "Momentum",
            0.0,
            0.99,
            step=0.01,
            key=k("momentum"),
            help="How much of the previous step carries into the next.",
        )
        st.toggle("Nesterov", key=k("nesterov"), help="Look ahead along the momentum.")
    if optimizer == "adam":
        st.slider(
            "β₁",
            0.0,
            0.999,
            step=0.001,
            format="%.3f",
            key=k("beta_1"),
            help="Decay of Adam's running mean of gradients.",
        )
        st.slider(
            "β₂",
            0.9,
            0.9999,
            step=0.0001,
            format="%.4f",
            key=k("beta_2"),
            help="Decay of Adam's running mean of squared gradients.",
        )
    schedule = st.selectbox(
        "Learning-rate schedule",
        ["constant", "step", "cosine"],
        key=k("lr_schedule"),
        format_func=str.title,
        help="Keep the learning rate, halve it in steps, or anneal it smoothly.",
    )
    if schedule != "constant":
        st.number_input(
            "Over epochs",
            1,
            100_000,
            key=k("lr_decay_epochs"),
            help="Step: epochs between decays; cosine: epochs to anneal over.",
        )
    if schedule == "step":
        st.slider(
            "Decay factor",
            0.05,
            1.0,
            step=0.05,
            key=k("lr_decay"),
            help="Multiply the learning rate by this at every step.",
        )
    st.number_input(
        "Early stopping patience (epochs, 0 = off)",
        0,
        100_000,
        step=10,
        key=k("early_stopping"),
        help="Stop when the test loss has not improved for this many epochs, and put back the "
        "weights of the best epoch.",
    )


def display_controls(key: str) -> None:
    st.subheader("Display")
    st.toggle(
        "Show test data",
        key=widget_key(key, "show_test"),
        help="Draw the test points (black outline) beside the training points.",
    )
    st.toggle(
        "Discretize output",
        key=widget_key(key, "discretize"),
        help="Colour each region by the predicted class instead of the confidence.",
    )
