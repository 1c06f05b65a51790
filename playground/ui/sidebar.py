"""The playground's sidebar: data, features, network, optimizer and display settings.

Each section is a function drawing its widgets for one playground (`key`); their values are read
back by `controls.config_from_widgets`. Every control has a label and a one-line tooltip.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground.config import OPTIMIZERS, WEIGHT_INITS
from playground.data import CLASSIFICATION_GENERATORS, FEATURE_LABELS, REGRESSION_GENERATORS
from playground.ui.controls import (
    BATCH_SIZES,
    DATASET_DESCRIPTIONS,
    DATASET_TITLES,
    INIT_TITLES,
    OPTIMIZER_TITLES,
    SAMPLE_COUNTS,
    choose_dataset,
    choose_problem,
    is_multiclass,
    options_with,
    regenerate,
    widget_key,
)
from playground.ui.state import LiveState
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
        "Problem type",
        ["classification", "regression"],
        key=k("problem"),
        format_func=str.title,
        on_change=choose_problem,
        args=(key, state),
        help="Classification predicts a class; regression predicts a number.",
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
        options_with(SAMPLE_COUNTS, state.config.n_samples),
        key=k("n_samples"),
        help="How many points the dataset has in total.",
    )
    st.select_slider(
        "Batch size",
        options_with(BATCH_SIZES, state.config.batch_size),
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


def network_controls(key: str, state: LiveState) -> None:
    k = lambda name: widget_key(key, name)  # noqa: E731
    st.subheader("Network", help="The hidden layers between the inputs and the output.")
    with st.container(key=k("hidden_layers")):
        n_layers = st.number_input(
            "Hidden layers",
            0,
            10,
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
    if st.session_state[k("problem")] == "classification" and not is_multiclass(
        st.session_state[k("dataset")], state
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
