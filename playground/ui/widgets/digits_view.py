"""A live digits playground: a small network learns 8 × 8 handwritten digits, and a look inside.

`digits_view(keys, state)` draws one: the network and optimizer controls (hidden layers,
activation, optimizer, learning rate, batch size, an L2 weight penalty and the seed), Play, Step,
Reset, a speed and the epoch to stop at, then the figures. The digits page draws it with its
controls in the sidebar under the keys `digits:`; lesson 10 draws its own inline, in a bordered
box, under `lesson10:`, with the controls its preset hides left out. Everything it keeps in
`st.session_state` is under its `DigitsKeys`: the `LiveState` at `keys.state`, the widgets under
`keys.widget`, the buttons under `keys.prefix`.

While playing, a fragment reruns every half second, trains a few epochs and redraws the learning
curves (a Vega-Lite chart, whose data Streamlit swaps in place), the first layer's weights as
images, the confusion matrix and the misclassified test images (HTML with inline PNGs: no Plotly
rebuild, nothing kept in Streamlit's media store). Training is milliseconds per epoch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

import streamlit as st

from playground.analysis.metrics import classification_metrics
from playground.config import MAX_UNITS, ConfigError, PlaygroundConfig
from playground.data.digits import misclassified, predicted_labels
from playground.live.pacing import Pace, advance
from playground.live.session import LiveState, new_state
from playground.settings import DIGITS_MAX_LAYERS
from playground.ui.widgets.live_loop import run_live
from playground.ui.widgets.play_controls import ControlTexts, play_controls
from playground.ui.widgets.setting_form import changed_config, fill_widgets, shown_values
from playground.ui.widgets.setting_widgets import setting_widget
from playground.ui.workarounds.errors import guarded
from playground.ui.workarounds.session_lock import serialized
from playground.viz.digits_figures import (
    confusion_html,
    learning_curves_chart,
    mistakes_html,
    weights_html,
)

PAGE = "digits"  # the settings table's name for the digits' widgets (`Setting.pages`)
REFRESH_SECONDS = 0.5
# Slow: 2 epochs a second, normal: 8, fast: as many as 0.1 s per refresh allows.
DIGITS_PACE = Pace({"slow": 2.0, "normal": 8.0}, budget=0.1, max_elapsed=1.0, max_backlog=1.0)
DIGITS_TEXTS = ControlTexts(
    play="Start or stop training; the figures update twice a second while it runs.",
    step="Pause and train exactly one epoch (one pass over the training images).",
    reset="Start again from the initial weights (same seed, same split).",
    speed="Slow: 2 epochs a second; normal: 8; fast: as many as fit in 0.1 s per refresh.",
)
FIRST_STOP = 50  # the epoch Play pauses at, until the student changes it
MAX_EPOCHS = 1_000
NEW_LAYER_UNITS = 16  # the neurons of a hidden layer the student adds
# The settings drawn from the table as they are; the hidden layers (a count, then each layer's
# neurons) and the weight penalty (an L2 rate, 0 = none) are widgets of the view's own.
FIELDS = ("activation", "optimizer", "learning_rate", "batch_size", "seed")
NETWORK_HELP = "64 pixel inputs → hidden layers → 10 digit outputs (softmax)."


@dataclass(frozen=True)
class DigitsKeys:
    """Where one digits view keeps its things: the `LiveState` at `state`, widgets and buttons
    under `prefix` (`<prefix>:play`, `<prefix>:w:learning_rate`, ...)."""

    prefix: str
    state: str

    @property
    def widget(self) -> str:
        return f"{self.prefix}:w:"


DIGITS_PAGE = DigitsKeys("digits", "digits:state")


def new_digits_state(
    config: PlaygroundConfig, stop_at: int = FIRST_STOP, warnings: Iterable[str] = ()
) -> LiveState:
    """A paused digits session of `config` that Play pauses again at epoch `stop_at`."""
    state = new_state(config, pace=DIGITS_PACE, stop_at=stop_at, reset_pauses=True)
    state.warnings = list(warnings)
    return state


# --- widgets ----------------------------------------------------------------------------------
def init_widgets(keys: DigitsKeys, config: PlaygroundConfig) -> None:
    values = {
        **shown_values(config, FIELDS, PAGE),
        "penalty": _penalty(config),
        "n_layers": len(config.hidden_layers),
        **{f"units_{i}": units for i, units in enumerate(config.hidden_layers)},
    }
    fill_widgets(keys.widget, values)


def network_controls(keys: DigitsKeys, hidden: Iterable[str] = (), inline: bool = False) -> None:
    """The network and optimizer settings, one under the other (a sidebar) or `inline` in two
    rows of five; the config fields in `hidden` are left out (they keep their values)."""
    hidden = set(hidden) | ({"regularization_rate"} if "regularization" in hidden else set())
    k = lambda name: keys.widget + name  # noqa: E731
    if inline:  # the layer count, each layer's neurons, the activation; then the training
        network, training = st.columns(2 + DIGITS_MAX_LAYERS), st.columns(5)
    else:
        st.subheader("Network", help=NETWORK_HELP)
        network, training = [st] * (2 + DIGITS_MAX_LAYERS), [st] * 5
    n_layers = st.session_state[k("n_layers")]
    if "hidden_layers" not in hidden:
        n_layers = setting_widget("hidden_layers", k("n_layers"), network[0], page=PAGE)
        units = network[1 : 1 + n_layers] if inline else st.columns(n_layers) if n_layers else []
        for i in range(n_layers):
            st.session_state.setdefault(k(f"units_{i}"), NEW_LAYER_UNITS)
            units[i].number_input(
                f"Layer {i + 1}", 1, MAX_UNITS, key=k(f"units_{i}"),
                help=f"Neurons in hidden layer {i + 1} (1 to {MAX_UNITS}).",
            )  # fmt: skip
    if "activation" not in hidden:  # inline: beside the last layer's neurons
        setting_widget("activation", k("activation"), network[1 + n_layers], page=PAGE)
    if not inline:
        st.subheader("Optimizer", help="How the gradient turns into weight updates.")
    names = [n for n in (*FIELDS[1:], "regularization_rate") if n not in hidden]
    names.sort(key=lambda n: n == "seed")  # the seed last, after the weight penalty
    for column, name in zip(training, names, strict=False):
        key = k("penalty" if name == "regularization_rate" else name)
        setting_widget(name, key, column, page=PAGE)


def config_from_widgets(keys: DigitsKeys, state: LiveState) -> PlaygroundConfig:
    """The state's config with what the student changed (`config.replace(**changed)`)."""
    config, changes, w = state.config, {}, keys.widget
    rate = st.session_state[w + "penalty"]
    if rate != _penalty(config):
        changes.update(regularization_rate=rate, regularization=_penalty_kind(config, rate))
    n_layers = st.session_state[w + "n_layers"]
    layers = tuple(st.session_state.get(w + f"units_{i}", NEW_LAYER_UNITS) for i in range(n_layers))
    if layers != config.hidden_layers:
        changes["hidden_layers"] = layers
    return changed_config(w, config, FIELDS, PAGE, **changes)


def _penalty(config: PlaygroundConfig) -> float:
    """The weight penalty the view shows: the regularization rate, 0 when there is none."""
    return config.regularization_rate if config.regularization != "none" else 0.0


def _penalty_kind(config: PlaygroundConfig, rate: float) -> str:
    if rate == 0:
        return "none"
    return config.regularization if config.regularization != "none" else "l2"


@serialized
def _stop_changed(keys: DigitsKeys, state: LiveState) -> None:
    state.stop_at = st.session_state[keys.widget + "epochs"]


def training_bar(keys: DigitsKeys, state: LiveState) -> None:
    columns = st.columns([1.1, 0.9, 1.0, 2.4, 1.6], vertical_alignment="bottom")
    state.stop_at = min(state.stop_at or FIRST_STOP, MAX_EPOCHS)  # before Play/Pause is drawn
    play_controls(columns[:4], keys.prefix, state, DIGITS_TEXTS, play_width="stretch")
    st.session_state[keys.widget + "epochs"] = state.stop_at
    columns[4].number_input(
        "Stop after epoch", 1, MAX_EPOCHS, step=10, key=keys.widget + "epochs",
        on_change=_stop_changed, args=(keys, state),
        help=f"Play pauses by itself at this epoch (at most {MAX_EPOCHS:,}).",
    )  # fmt: skip


# --- training and drawing ---------------------------------------------------------------------
def metrics_row(state: LiveState) -> None:
    trainer = state.trainer
    last = trainer.history[-1] if len(trainer.history) else trainer.evaluate()
    columns = st.columns(4)
    columns[0].metric("Epoch", f"{trainer.epoch:,}", help="Passes over the training images.")
    columns[1].metric(
        "Test accuracy", f"{100 * last['test_accuracy']:.1f} %",
        help="Share of the test images (never trained on) whose digit the network gets right.",
    )  # fmt: skip
    columns[2].metric(
        "Training accuracy", f"{100 * last['train_accuracy']:.1f} %",
        help="Share of the training images the network gets right.",
    )  # fmt: skip
    columns[3].metric(
        "Test loss", f"{last['test_loss']:.3f}",
        help="Mean cross-entropy on the test images: lower is better.",
    )  # fmt: skip


def figures(keys: DigitsKeys, state: LiveState) -> None:
    trainer, data = state.trainer, state.trainer.data
    probabilities = trainer.network.predict(data.inputs_test)
    predicted = predicted_labels(probabilities)
    metrics_row(state)
    left, right = st.columns(2)
    with left:
        curves, spec = learning_curves_chart(trainer.history)
        st.vega_lite_chart(curves, spec, key=f"{keys.prefix}:curves")
        st.caption(
            "Loss (top) and accuracy (bottom) after every epoch, on the training images (blue) "
            "and on the test images the network never trains on (orange). When the two drift "
            "apart, the network is memorizing the training images rather than learning digits."
        )
    with right:
        output_layer = not state.config.hidden_layers
        st.html(weights_html(trainer.network.params[0]["W"], output_layer))
        st.caption(WEIGHTS_CAPTION_OUTPUT if output_layer else WEIGHTS_CAPTION)
    left, right = st.columns(2)
    with left:
        counts = classification_metrics(data.y_test, predicted, 10)
        st.html(confusion_html(counts))
        st.caption(
            "Rows are the true digits and columns the network's answers, so the diagonal counts "
            "the right answers. A dark cell off the diagonal is a confusion the network makes "
            "often — 8 taken for 1, or 9 for 3, say. Hover a cell for its share of that digit."
        )
    with right:
        mistakes = misclassified(data, probabilities)
        st.html(mistakes_html(mistakes, len(data.y_test)))
        st.caption(
            "Test images the network gets wrong, titled with the true digit and (bold) its "
            "answer. Many are hard even for people: at 8 × 8 pixels a sloppy 7 and a 1 look alike."
        )


WEIGHTS_CAPTION = (
    "Each tile is one neuron of the first hidden layer, and each of its 64 squares the weight "
    "from that pixel. Blue squares: ink there raises the neuron's output; orange: ink there lowers "
    "it; grey: the pixel does not matter. Each tile is scaled to its own largest weight; hover a "
    "tile for its range. They start as noise and turn into strokes and blobs, parts of digits."
)
WEIGHTS_CAPTION_OUTPUT = (
    "Without hidden layers each output neuron looks at the pixels directly: each tile is one "
    "digit's template. Blue where ink makes that digit more likely, orange where ink speaks "
    "against it. Hover a tile for its range."
)
EXPLANATION = """
Every neuron of the first hidden layer computes a weighted sum of the 64 pixels. Its weights,
laid out like the image, show the pattern that excites it most: **blue** where it wants ink,
**orange** where it wants blank paper. At the start the weights are random noise. As the network
learns, they turn into strokes, loops and blobs — parts of digits that the next layer combines.

What to look for:
- the middle of each image taking a shape as the test accuracy climbs, while the border stays
  speckled: the border pixels are blank in every image, so their weights never get a gradient and
  keep their random start. Set a small **weight penalty** (0.001) and watch them fade to grey;
- neurons that look alike, or stay faint (they found nothing of their own: try fewer neurons);
- which digits the matrix says are confused, and whether those mistakes would fool you too;
- with a large learning rate or many hidden layers, the curves getting bumpy or diverging.
"""


@guarded("Press Reset to start again.")
def _draw(keys: DigitsKeys, state: LiveState, playing: bool) -> None:
    if playing:
        advance(state, state.tick())
    figures(keys, state)


# --- the view ---------------------------------------------------------------------------------
def digits_view(
    keys: DigitsKeys, state: LiveState, hidden: Iterable[str] = (), inline: bool = False
) -> None:
    """Controls, messages, the training bar and the live figures of `state` (stored at
    `keys.state`); the controls in the sidebar, or `inline` in a bordered box."""
    init_widgets(keys, state.config)
    if inline:
        with st.container(border=True, key=f"{keys.prefix}:controls"):
            network_controls(keys, hidden, inline=True)
    else:
        with st.sidebar:
            network_controls(keys, hidden)
    with st.container(key=f"{keys.prefix}:messages"):  # keeps the figures below in place
        for warning in state.warnings:
            st.warning(warning, icon=":material/link_off:")
        try:
            state.apply_config(config_from_widgets(keys, state))
        except (ConfigError, ValueError) as error:
            st.error(f"That setting could not be used ({error}); the previous one is kept.")
    training_bar(keys, state)
    with st.expander("What do the weight images mean?", icon=":material/help:"):
        st.markdown(EXPLANATION)
    with st.container(key=f"{keys.prefix}:divergence"):
        if state.trainer.diverged:
            st.error(state.trainer.divergence, icon=":material/warning:")
            st.button(
                "Reset and try again", key=f"{keys.prefix}:btn:recover", type="primary",
                on_click=serialized(state.reset),
                help="New initial weights with the same settings.",
            )  # fmt: skip
    run_live(
        REFRESH_SECONDS, partial(st.session_state.__getitem__, keys.state), partial(_draw, keys)
    )
