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

from playground.config import DEFAULT_SAMPLES, PlaygroundConfig
from playground.data import CLASSIFICATION_GENERATORS, FEATURE_LABELS, REGRESSION_GENERATORS
from playground.data.curves import CURVE_FORMULAS
from playground.live.session import LiveState
from playground.settings import ACTIVATION_TITLES, SETTINGS, plain_number
from playground.ui.widgets.play_controls import ControlTexts, play_controls
from playground.ui.widgets.setting_widgets import from_widget, setting_widget, to_widget
from playground.ui.workarounds.session_lock import serialized

DATASET_DESCRIPTIONS = {
    "circle": "a disc of one class inside a ring of the other",
    "xor": "four quadrants, diagonal ones alike (exclusive or)",
    "gauss": "two Gaussian clouds",
    "spiral": "two interleaved spirals",
    "moons": "two interlocking half-moons",
    "blobs": "3 to 5 clusters, one class each (multi-class)",
    "checkerboard": "a 4 × 4 checkerboard",
    **{name: f"a boundary along the curve x₂ = {f}" for name, f in CURVE_FORMULAS.items()},
    "plane": "a value that rises linearly across the plane",
    "multi_gauss": "six bumps, up and down (multi-Gaussian)",
    "custom": "your own points, uploaded or drawn",
}
# Config fields whose widget holds one value (through to_widget/from_widget); the dataset picker,
# features, layers and the per-layer fields have widgets of their own kind.
SINGLE_FIELDS = (
    "dataset",
    "problem",
    *(name for name, row in SETTINGS.items() if row.widget and not row.per_layer),
)


def widget_key(key: str, name: str) -> str:
    return f"{key}:{name}"


def reset_widgets(key: str) -> None:
    """Forget the widgets of playground `key` so they take the state's config on the next run."""
    keep = (":room", ":model", ":upload", ":preset", ":setting", ":setting_shown")
    for name in [n for n in st.session_state if str(n).startswith(f"{key}:")]:
        if not str(name).endswith(keep):
            del st.session_state[name]


def init_widgets(key: str, state: LiveState) -> None:
    """Give every widget its value from the state, the first time only."""
    cfg, values = state.config, widget_values(state)
    for name, value in values.items():
        st.session_state.setdefault(widget_key(key, name), value)
    for index, units in enumerate(cfg.hidden_layers):
        st.session_state.setdefault(widget_key(key, f"units_{index}"), units)


def widget_values(state: LiveState) -> dict[str, object]:
    """What every widget shows for the state's config and view options."""
    cfg = state.config
    values: dict[str, object] = {
        name: to_widget(name, getattr(cfg, name)) for name in SINGLE_FIELDS
    }
    values.update(
        n_layers=len(cfg.hidden_layers),
        activation=cfg.activations()[0] if cfg.hidden_layers else "tanh",
        dropout=max(cfg.dropout_rates(), default=0.0),
        # The loss radio exists only for binary classification; elsewhere it starts at the default.
        loss=cfg.loss
        if cfg.problem == "classification" and not cfg.is_multiclass
        else "cross_entropy",
        show_test=state.view.show_test,
        discretize=state.view.discretize,
        **{f"feature_{name}": name in cfg.features for name in FEATURE_LABELS},
    )
    return values


def config_from_widgets(key: str, state: LiveState) -> PlaygroundConfig:
    """The state's config with what the user changed in the widgets since it was shown.

    Only the fields whose widget changed are replaced (`config.replace(**changed)`), so a field
    with no widget (`rho`, `epsilon`) or a value the widgets cannot show (one activation or dropout
    rate per layer) survives until the user changes that very control. The view options are
    written to the state (the speed is the play controls' own).
    """
    value = lambda name: st.session_state[widget_key(key, name)]  # noqa: E731
    shown, cfg = widget_values(state), state.config
    changed = {name for name in shown if value(name) != shown[name]}
    state.view.show_test, state.view.discretize = value("show_test"), value("discretize")
    changes = {name: from_widget(name, value(name)) for name in changed & set(SINGLE_FIELDS)}
    for name in changed & {"activation", "dropout"}:
        changes[name] = value(name)
    if any(name.startswith("feature_") for name in changed):
        changes["features"] = tuple(n for n in FEATURE_LABELS if value(f"feature_{n}")) or ("x1",)
    layers = tuple(
        st.session_state.get(widget_key(key, f"units_{i}"), 4) for i in range(value("n_layers"))
    )
    if layers != cfg.hidden_layers:
        changes["hidden_layers"] = layers
        for name in {"activation", "dropout"} - changed:  # per-layer values follow the layers
            changes[name] = fit_layers(getattr(cfg, name), len(layers))
    changes["loss"] = _loss(value("problem"), value("dataset"), value("loss"), state)
    return cfg.replace(**changes)


def fit_layers(value, n_layers: int):
    """A per-layer tuple cut or extended (with its last value) to `n_layers`; one value as is."""
    if not isinstance(value, tuple):
        return value
    if n_layers <= len(value):
        return value[:n_layers] if n_layers else value[0]
    return value + (value[-1],) * (n_layers - len(value))


def _loss(problem: str, dataset: str, chosen: str, state: LiveState) -> str:
    if problem == "regression":
        return "squared_error"
    return "cross_entropy" if is_multiclass(dataset, state) else chosen


def is_multiclass(dataset: str, state: LiveState) -> bool:
    """Whether `dataset` has more than two classes (blobs, or the user's own points)."""
    if dataset == "custom":
        return state.custom is not None and state.custom.n_classes > 2
    return dataset == "blobs"


def per_layer_note(state: LiveState) -> None:
    """Say which values are set per layer (the controls show one value for all layers)."""
    cfg, parts = state.config, []
    if isinstance(cfg.activation, tuple):
        parts.append("activation " + ", ".join(ACTIVATION_TITLES[a] for a in cfg.activation))
    if isinstance(cfg.dropout, tuple):
        parts.append("dropout " + ", ".join(plain_number(rate) for rate in cfg.dropout))
    if parts:
        st.caption(
            f"Per layer: {'; '.join(parts)}. Choosing a value in that control sets every layer."
        )


# --- callbacks --------------------------------------------------------------------------------
@serialized
def choose_problem(key: str, state: LiveState) -> None:
    problem = st.session_state[widget_key(key, "problem")]
    if problem is None:  # clicking the chosen segment again deselects it: keep the problem
        st.session_state[widget_key(key, "problem")] = state.config.problem
        return
    names = REGRESSION_GENERATORS if problem == "regression" else CLASSIFICATION_GENERATORS
    if st.session_state[widget_key(key, "dataset")] not in names:
        choose_dataset(key, next(iter(names)))
        st.session_state[widget_key(key, "n_samples")] = DEFAULT_SAMPLES[problem]


@serialized
def choose_dataset(key: str, name: str) -> None:
    """Pick dataset `name`; a generated one ends drawing (the drawn points stay one click away,
    under "Yours")."""
    st.session_state[widget_key(key, "dataset")] = name
    if name != "custom":
        st.session_state[widget_key(key, "drawing")] = False


@serialized
def regenerate(key: str) -> None:
    st.session_state[widget_key(key, "seed")] = random.randrange(1, 2**31 - 1)


# --- widgets ----------------------------------------------------------------------------------
def training_bar(key: str, state: LiveState) -> None:
    """Play/pause, step, reset, speed and the most used hyperparameters: one row that wraps."""
    row = st.container(
        horizontal=True, vertical_alignment="bottom", key=widget_key(key, "training_bar")
    )
    play_controls([row] * 4, key, state, ControlTexts())
    for name, width in (("learning_rate", 112), ("activation", 112), ("regularization", 120),
                        ("regularization_rate", 150)):  # fmt: skip
        setting_widget(name, widget_key(key, name), row, width=width)
