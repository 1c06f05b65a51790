"""The playground's sidebar: data, features, network, optimizer and display settings.

Each section is a function drawing its widgets for one playground (`key`); their values are read
back by `controls.config_from_widgets`. Every control has a label and a one-line tooltip.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground.core.network import skip_layers
from playground.data import CLASSIFICATION_GENERATORS, FEATURE_LABELS, REGRESSION_GENERATORS
from playground.live.session import LiveState
from playground.settings import DATASET_TITLES, MAX_LAYERS, MAX_UNITS, PROBLEMS, SETTINGS
from playground.ui.widgets.controls import (
    DATASET_DESCRIPTIONS,
    choose_dataset,
    choose_problem,
    is_multiclass,
    regenerate,
    widget_key,
)
from playground.ui.widgets.setting_widgets import setting_widget
from playground.viz.thumbnails import points_thumbnail


def custom_thumbnail(data) -> np.ndarray:
    """A picture of the user's points, drawn like the built-in datasets' thumbnails."""
    points = np.vstack([data.x_train, data.x_test])
    labels = np.concatenate([data.y_train, data.y_test])
    return points_thumbnail(points, labels, data.problem, data.n_classes)


def data_controls(key: str, state: LiveState, thumbnail) -> None:
    """Dataset picker with thumbnails, and the data sliders."""
    k = lambda name: widget_key(key, name)  # noqa: E731
    st.subheader("Data", help="Which points the network learns from.")
    problem = st.segmented_control(
        SETTINGS["problem"].label,
        PROBLEMS,
        key=k("problem"),
        format_func=SETTINGS["problem"].title,
        on_change=choose_problem,
        args=(key, state),
        help=SETTINGS["problem"].help,
    )
    names = list(REGRESSION_GENERATORS if problem == "regression" else CLASSIFICATION_GENERATORS)
    if state.custom is not None and state.custom.problem == problem:
        names.append("custom")
    current = st.session_state[k("dataset")]
    with st.container(key=k("datasets")):
        for row in range(0, len(names), 3):
            for column, name in zip(st.columns(3), names[row : row + 3], strict=False):
                column.image(
                    thumbnail(name) if name != "custom" else custom_thumbnail(state.custom),
                    width="stretch",
                    output_format="PNG",  # "auto" re-encoded every picture as JPEG every run
                )
                column.button(
                    DATASET_TITLES[name],
                    key=k(f"pick_{name}"),
                    type="primary" if name == current else "secondary",
                    on_click=choose_dataset,
                    args=(key, name),
                    width="stretch",
                    help=f"Train on {DATASET_DESCRIPTIONS[name]}.",
                )
    if current == "blobs":
        setting_widget("n_classes", k("n_classes"))
    for name in ("train_ratio", "noise", "n_samples", "batch_size"):
        setting_widget(name, k(name))
    left, right = st.columns([2, 3], vertical_alignment="bottom")
    setting_widget("seed", k("seed"), left)
    right.button(
        "Regenerate",
        key=k("regenerate"),
        on_click=regenerate,
        args=(key,),
        icon=":material/refresh:",
        help="New random data (and weights): a new seed.",
    )


# The input features in three rows: the coordinates, their products, their sines. Each row is a
# horizontal container, so every checkbox takes the width its label needs (in four equal
# columns of a 300 px sidebar the labels were squeezed to 2 px behind the checkbox and the
# tooltip icon) and a row wraps if the sidebar is narrower still.
FEATURE_ROWS: tuple[tuple[str, ...], ...] = (
    ("x1", "x2"),
    ("x1^2", "x2^2", "x1x2"),
    ("sin_x1", "sin_x2"),
)


def feature_controls(key: str) -> None:
    st.subheader(
        "Features", help="What the first layer sees: the coordinates and functions of them."
    )
    with st.container(key=widget_key(key, "features")):
        for row in FEATURE_ROWS:
            with st.container(horizontal=True, gap="small"):
                for name in row:
                    label = FEATURE_LABELS[name]
                    st.checkbox(
                        label,
                        key=widget_key(key, f"feature_{name}"),
                        help=f"Feed {label} into the network as an input.",
                    )


# Neurons per hidden layer, at most four inputs to a row: in the sidebar's 240 px a row of five
# left "Layer 1" 35 px and it wrapped as "La / yer". Short labels (L1 … L10) with the full name
# in the tooltip fit a quarter of the row.
UNITS_PER_ROW = 4


def layer_rows(n_layers: int) -> list[range]:
    """The hidden-layer indices in rows of up to `UNITS_PER_ROW` (10 layers: 4 + 4 + 2)."""
    return [
        range(start, min(start + UNITS_PER_ROW, n_layers))
        for start in range(0, n_layers, UNITS_PER_ROW)
    ]


def skip_caption(hidden_layers: tuple[int, ...]) -> str:
    """Which hidden layers the skip connections join, in words."""
    joined = [i + 1 for i, skip in enumerate(skip_layers(hidden_layers)) if skip]
    if not joined:
        return "No hidden layer is as wide as the one before it, so there is no skip yet."
    names = ", ".join(f"L{i}" for i in joined)
    return f"Skips around {names}: each adds its input to its output (equal widths only)."


def network_controls(key: str, state: LiveState) -> None:
    k = lambda name: widget_key(key, name)  # noqa: E731
    st.subheader("Network", help="The hidden layers between the inputs and the output.")
    with st.container(key=k("hidden_layers")):
        n_layers = st.number_input(
            SETTINGS["hidden_layers"].label,
            0,
            MAX_LAYERS,
            key=k("n_layers"),
            help="How many hidden layers (0 = a linear model); L1, L2, … below set how many "
            "neurons each has, L1 nearest the inputs.",
        )
        for row in layer_rows(n_layers):
            for column, index in zip(st.columns(UNITS_PER_ROW, gap="xsmall"), row, strict=False):
                st.session_state.setdefault(k(f"units_{index}"), 4)
                column.number_input(
                    f"L{index + 1}",
                    1,
                    MAX_UNITS,
                    key=k(f"units_{index}"),
                    help=f"Neurons in hidden layer {index + 1}.",
                )
    for name in ("dropout", "batch_norm", "skip_connections", "weight_init"):
        setting_widget(name, k(name))
        if name == "skip_connections" and st.session_state[k(name)]:
            widths = tuple(st.session_state[k(f"units_{i}")] for i in range(n_layers))
            st.caption(skip_caption(widths))
    if st.session_state[k("problem")] == "classification" and not is_multiclass(
        st.session_state[k("dataset")], state
    ):
        setting_widget("loss", k("loss"))


# The optimizer's own hyperparameters, and the schedule's, shown only where they apply.
OPTIMIZER_FIELDS = {
    "sgd": (),
    "momentum": ("momentum", "nesterov"),
    "rmsprop": ("rho", "epsilon"),
    "adam": ("beta_1", "beta_2", "epsilon"),
}
SCHEDULE_FIELDS = {
    "constant": (),
    "step": ("lr_decay_epochs", "lr_decay"),
    "cosine": ("lr_decay_epochs",),
}


def optimizer_controls(key: str) -> None:
    k = lambda name: widget_key(key, name)  # noqa: E731
    st.subheader("Optimizer", help="How the gradient turns into weight updates.")
    optimizer = setting_widget("optimizer", k("optimizer"))
    for name in OPTIMIZER_FIELDS[optimizer]:
        setting_widget(name, k(name))
    schedule = setting_widget("lr_schedule", k("lr_schedule"))
    for name in SCHEDULE_FIELDS[schedule]:
        setting_widget(name, k(name))
    setting_widget("early_stopping", k("early_stopping"))


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
