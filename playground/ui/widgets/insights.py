"""The "look inside" views under the live playground: why a network learns or fails.

Eight tabs — gradient flow, activations and weights, hidden space, backprop step by step,
overfitting, the loss landscape, metrics and simpler models — each a figure from
`playground.viz.insights` (the landscape's controls in `widgets/landscape.py`; the simpler
models: scikit-learn on the same data, `analysis/baselines.py`) with a short caption.
Only the open tab is computed (the tabs rerun the page when switched), and the first tab is a
short guide, so a closed view costs nothing. While training plays, the open view is
redrawn twice a second in its own fragment, independent of the 50 fps canvas; the backprop
walkthrough is a snapshot that is redrawn only when asked, so its numbers can be read.
"""

from __future__ import annotations

import streamlit as st

from playground.analysis.walkthrough import backprop_step_for_trainer
from playground.analysis.walkthrough_equations import loss_equation
from playground.live.session import LiveState
from playground.ui.widgets.baselines import baselines_view
from playground.ui.widgets.landscape import landscape_panel
from playground.ui.workarounds.outside_changes import rerun_page_if_changed_outside
from playground.ui.workarounds.session_lock import serialized
from playground.viz import insights

REFRESH_PERIOD = 0.5  # seconds between redraws of the open view while training plays
TABS = {
    "guide": "Look inside ▸",
    "gradients": "Gradient flow",
    "activity": "Activations & weights",
    "hidden": "Hidden space",
    "backprop": "Backprop step by step",
    "overfitting": "Overfitting",
    "landscape": "Loss landscape",
    "metrics": "Metrics",
    "baselines": "Simpler models",
}
GUIDE = """
These views show *why* the network learns, or fails to. Pick one; it updates while training runs.

- **Gradient flow** — how much each layer's weights are being pushed; vanishing gradients show
  up as early layers orders of magnitude below the last (try 6 sigmoid layers, then ReLU or
  skip connections).
- **Activations & weights** — saturated or dead neurons, and how L1 zeroes weights while L2
  shrinks them.
- **Hidden space** — how a hidden layer bends the plane until the classes can be split by a line.
- **Backprop step by step** — the chain rule with the actual numbers for one training point.
- **Overfitting** — the gap between training and test loss, and where early stopping would stop.
- **Loss landscape** — the loss around the weights on a slice of weight space, with the path
  the optimizer took: watch a large learning rate bounce across the valley.
- **Metrics** — accuracy and the confusion matrix, or RMSE and R² for regression.
- **Simpler models** — would logistic regression, nearest neighbours, an SVM or a forest do as
  well on the same points?
"""


def insights_panel(state_key: str, key: str) -> None:
    """The tabs under the live view of `st.session_state[state_key]`."""
    tabs = st.tabs(list(TABS.values()), key=f"{key}:insight_tab", on_change="rerun")
    for name, tab in zip(TABS, tabs, strict=True):
        if not tab.open:
            continue
        with tab:
            if name == "guide":
                st.markdown(GUIDE)
            elif name == "backprop":
                _backprop(state_key, key)
            elif st.session_state[state_key].playing:
                _refreshing(state_key, key, name)
            else:
                _view(st.session_state[state_key], key, name)


@st.fragment(run_every=REFRESH_PERIOD)
@serialized
def _refreshing(state_key: str, key: str, name: str) -> None:
    rerun_page_if_changed_outside()
    _view(st.session_state[state_key], key, name)


def _view(state: LiveState, key: str, name: str) -> None:
    trainer = state.trainer
    if name == "gradients":
        history, bars = insights.gradient_flow_view(trainer)
        _chart(history, f"{key}:gradient_history", "gradient_history")
        _chart(bars, f"{key}:gradient_bars", "gradient_bars")
    elif name == "activity":
        _chart(insights.activity_view(trainer), f"{key}:activity", "activity")
    elif name == "hidden":
        _hidden_space(state, key)
    elif name == "overfitting":
        _chart(
            insights.overfitting_view(trainer, patience=_patience(state)),
            f"{key}:overfitting",
            "overfitting",
        )
    elif name == "landscape":
        landscape_panel(state, key)
    elif name == "baselines":
        baselines_view(state, key)
    elif name == "metrics":
        split = st.radio(
            "Points",
            ["test", "train"],
            horizontal=True,
            key=f"{key}:metrics_split",
            format_func=str.title,
            help="Measure on the test or the training points.",
        )
        figure, caption = insights.metrics_view(trainer, split=split)
        _chart(figure, f"{key}:metrics", caption)


def _chart(figure, key: str, caption: str) -> None:
    st.plotly_chart(figure, key=key, config={"displaylogo": False})
    st.caption(insights.CAPTIONS[caption])


def _patience(state: LiveState) -> int:
    """The patience the overfitting view marks: the config's, or 50 epochs when it is off."""
    return state.config.early_stopping or 50


def _hidden_space(state: LiveState, key: str) -> None:
    layers = state.config.hidden_layers
    if not layers:
        st.info("This network has no hidden layer: add one to see how it bends the plane.")
        return
    left, right = st.columns(2)
    layer = left.selectbox(
        "Hidden layer",
        range(len(layers)),
        key=f"{key}:hidden_layer",
        format_func=lambda i: f"Layer {i + 1} ({layers[i]} neurons)",
        help="Which hidden layer's space to draw the data in.",
    )
    units = None
    if layers[layer] > 2:
        choice = right.radio(
            "Axes",
            ["pca", "neurons"],
            horizontal=True,
            key=f"{key}:hidden_axes",
            format_func=lambda c: {
                "pca": "First two principal components",
                "neurons": "Two neurons",
            }[c],
            help="Project the layer onto its main directions, or pick two neurons.",
        )
        if choice == "neurons":
            a, b = st.columns(2)
            first = a.number_input("First neuron", 1, layers[layer], 1, key=f"{key}:hidden_a")
            second = b.number_input("Second neuron", 1, layers[layer], 2, key=f"{key}:hidden_b")
            units = (first - 1, second - 1)
    _chart(
        insights.hidden_space_view(state.trainer, layer, units=units),
        f"{key}:hidden",
        "hidden_space",
    )


def _backprop(state_key: str, key: str) -> None:
    state: LiveState = st.session_state[state_key]
    trainer = state.trainer
    n_train = len(trainer.inputs_train)
    left, middle, right = st.columns([1, 1, 2], vertical_alignment="bottom")
    index = left.number_input(
        "Training point",
        0,
        n_train - 1,
        0,
        key=f"{key}:bp_index",
        help="Index of the training point to follow through the network.",
    )
    rate = middle.number_input(
        "Learning rate for the step",
        1e-5,
        10.0,
        float(state.config.learning_rate),
        format="%g",
        key=f"{key}:bp_rate",
        help="The step size of the one update shown.",
    )
    right.caption(
        f"Numbers for the weights at epoch {trainer.epoch}. "
        + (
            "Pause training to study them; they stay as they are until you rerun."
            if state.playing
            else "Step or play to move on."
        )
    )
    try:
        figure = insights.backprop_view(trainer, int(index), learning_rate=float(rate))
    except ValueError as error:
        st.info(f"The step-by-step view needs a plain network: {error}")
        return
    _chart(figure, f"{key}:backprop", "backprop")
    step = backprop_step_for_trainer(trainer, int(index), learning_rate=float(rate))
    st.markdown(
        f"**Loss on this point:** {loss_equation(step)} — after the update: **{step.new_loss:.4g}**"
    )
    neurons, weights = st.columns(2)
    neurons.dataframe(insights.neuron_rows(step), hide_index=True)
    n_layers = len(step.layers)
    layer = weights.selectbox(
        "Weights into layer",
        range(1, n_layers + 1),
        key=f"{key}:bp_layer",
        format_func=lambda n: "output" if n == n_layers else f"hidden {n}",
        help="Which layer's incoming weights to list with their gradients.",
    )
    weights.dataframe(insights.weight_rows(step, layer), hide_index=True)
