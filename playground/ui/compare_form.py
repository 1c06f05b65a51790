"""The compare page's settings forms: one table of how each config field shows as a widget.

`SETTINGS` says, for every field a comparison lets you change, which widget shows it, its options
and how a config value becomes a widget value and back (noise 0.2 ↔ slider 20 %, layers (8, 8) ↔
text "8, 8"). The widgets are controlled: `setting_widget` first writes the setup's value into
the widget's session-state slot, then draws it with a callback that reports the change, so what
the page shows is always what the setup holds — a rejected change simply snaps back. Keys are
`compare:<field>` for the shared base and `compare-a:<field>` / `compare-b:<field>` for a side.
The labels, option lists and number formats are the playground's own (`playground.ui.controls`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from playground.config import ACTIVATION_NAMES, OPTIMIZERS, WEIGHT_INITS
from playground.data import FEATURE_LABELS
from playground.ui.compare_model import SIDE_FIELDS, CompareSetup
from playground.ui.controls import (
    ACTIVATION_TITLES,
    BATCH_SIZES,
    DATASET_TITLES,
    INIT_TITLES,
    LEARNING_RATES,
    OPTIMIZER_TITLES,
    REG_RATES,
    REGULARIZATION_TITLES,
    SAMPLE_COUNTS,
    plain_number,
)

OnChange = Callable[[str | None, str], None]  # (side or None for the base, field name)
DATA_SETTINGS = ("dataset", "n_classes", "noise", "train_ratio", "n_samples", "seed", "features")
DROPOUT_RATES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 0.9)


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Setting:
    """How one config field appears as a widget: its kind, options and value conversions."""

    label: str
    kind: str  # selectbox | toggle | slider | select_slider | number | text | pills
    help: str
    options: tuple = ()
    fmt: Callable[[Any], str] = str
    show: Callable[[Any], Any] = _same  # config value -> widget value
    read: Callable[[Any], Any] = _same  # widget value -> config value
    extra: dict = field(default_factory=dict)


def format_layers(layers: tuple[int, ...]) -> str:
    """(8, 8) -> '8, 8'."""
    return ", ".join(str(units) for units in layers)


def parse_layers(text: str) -> tuple[int, ...]:
    """'8, 8' (or '8 8') -> (8, 8); '' -> (); ValueError naming the text otherwise."""
    items = text.replace(",", " ").split()
    if not all(item.isdigit() for item in items):
        raise ValueError(f"hidden layers '{text}': give whole numbers of neurons, like 8, 8")
    return tuple(int(item) for item in items)


def _percent(low: int, high: int) -> dict[str, Any]:
    """A fraction shown as a whole percentage on a slider."""
    return {
        "show": lambda value: round(value * 100),
        "read": lambda value: value / 100,
        "extra": {"min_value": low, "max_value": high, "step": 5, "format": "%d%%"},
    }


def _features(names: list[str] | None) -> tuple[str, ...]:
    return tuple(name for name in FEATURE_LABELS if name in (names or ()))


SETTINGS: dict[str, Setting] = {
    "dataset": Setting("Dataset", "selectbox", "The points both sides learn from.",
                       tuple(DATASET_TITLES), DATASET_TITLES.get),
    "n_classes": Setting("Classes", "slider", "How many clusters (classes) blobs has.",
                         extra={"min_value": 3, "max_value": 5}),
    "noise": Setting("Noise", "slider", "How much the classes overlap.", **_percent(0, 50)),
    "train_ratio": Setting("Training share", "slider", "The share of the points used for "
                           "training; the rest test.", **_percent(10, 90)),
    "n_samples": Setting("Number of points", "select_slider", "How many points in all.",
                         tuple(SAMPLE_COUNTS)),
    "seed": Setting("Seed", "number", "The same seed gives the same data and starting weights.",
                    extra={"min_value": 0, "max_value": 2**31 - 1}),
    "features": Setting("Inputs", "pills", "What the first layer sees.", tuple(FEATURE_LABELS),
                        FEATURE_LABELS.get, show=list, read=_features),
    "hidden_layers": Setting("Hidden layers", "text", "Neurons per hidden layer, like 8, 8 "
                             "(empty: no hidden layer).", show=format_layers, read=parse_layers),
    "activation": Setting("Activation", "selectbox", "What every hidden neuron applies.",
                          ACTIVATION_NAMES, ACTIVATION_TITLES.get),
    "weight_init": Setting("Weight initialization", "selectbox", "How the weights start.",
                           WEIGHT_INITS, INIT_TITLES.get),
    "optimizer": Setting("Optimizer", "selectbox", "How the gradient turns into updates.",
                         OPTIMIZERS, OPTIMIZER_TITLES.get),
    "learning_rate": Setting("Learning rate", "selectbox", "How big a step each update takes.",
                             tuple(LEARNING_RATES), plain_number),
    "batch_size": Setting("Batch size", "selectbox", "Points per update.", tuple(BATCH_SIZES)),
    "regularization": Setting("Regularization", "selectbox", "A penalty on large weights.",
                              tuple(REGULARIZATION_TITLES), REGULARIZATION_TITLES.get),
    "regularization_rate": Setting("Regularization rate", "selectbox", "How strong the "
                                   "penalty is.", tuple(REG_RATES), plain_number),
    "dropout": Setting("Dropout", "selectbox", "The share of hidden neurons switched off at "
                       "random while training.", DROPOUT_RATES,
                       lambda rate: "None" if rate == 0 else plain_number(rate)),
    "batch_norm": Setting("Batch normalization", "toggle", "Normalize each layer's sums over "
                          "the batch before the activation."),
}  # fmt: skip


def widget_key(side: str | None, name: str) -> str:
    """'compare:<name>' for the base and the page's own widgets, 'compare-a:<name>' for side a."""
    return f"compare-{side}:{name}" if side else f"compare:{name}"


def per_layer(fmt: Callable[[Any], str]) -> Callable[[Any], str]:
    """`fmt`, applied to each layer's value of a per-layer tuple."""
    return lambda value: ", ".join(map(fmt, value)) if isinstance(value, tuple) else fmt(value)


def read_widget(side: str | None, name: str) -> Any:
    """The config value a widget holds now; ValueError when it cannot be one."""
    return SETTINGS[name].read(st.session_state[widget_key(side, name)])


def setting_widget(setup: CompareSetup, side: str | None, name: str, on_change: OnChange) -> None:
    """The widget for a field of the base (side None) or of a side, showing the setup's value."""
    spec, key, value = SETTINGS[name], widget_key(side, name), setup.value(side, name)
    st.session_state[key] = spec.show(value)
    common = {"key": key, "help": spec.help, "on_change": on_change, "args": (side, name)}
    options = spec.options
    if spec.kind in ("selectbox", "select_slider") and value not in options:
        options = (*options, value)  # e.g. a per-layer tuple from a preset or a URL
    if spec.kind == "selectbox":
        st.selectbox(spec.label, options, format_func=per_layer(spec.fmt), **common)
    elif spec.kind == "select_slider":
        st.select_slider(spec.label, sorted(options), **common)
    elif spec.kind == "toggle":
        st.toggle(spec.label, **common)
    elif spec.kind == "slider":
        st.slider(spec.label, **spec.extra, **common)
    elif spec.kind == "number":
        st.number_input(spec.label, **spec.extra, **common)
    elif spec.kind == "text":
        st.text_input(spec.label, placeholder="none: a linear model", **common)
    else:
        st.pills(spec.label, options, selection_mode="multi", format_func=spec.fmt, **common)


def shared_form(setup: CompareSetup, on_change: OnChange) -> None:
    """The data both sides share, and the settings both start from (for the sidebar)."""
    st.subheader("Shared data", help="Both sides train on exactly these points.")
    for name in DATA_SETTINGS:
        if name != "n_classes" or setup.base.dataset == "blobs":
            setting_widget(setup, None, name, on_change)
    st.subheader("Shared settings", help="Both sides use these unless their own settings differ.")
    for name in SIDE_FIELDS:
        setting_widget(setup, None, name, on_change)


def side_form(setup: CompareSetup, side: str, on_change: OnChange) -> None:
    """A side's own settings, two to a row."""
    for index in range(0, len(SIDE_FIELDS), 2):
        row = st.columns(2, vertical_alignment="bottom")
        for column, name in zip(row, SIDE_FIELDS[index : index + 2], strict=False):
            with column:
                setting_widget(setup, side, name, on_change)


def side_summary(setup: CompareSetup, side: str) -> str:
    """What a side trains with, in one line of markdown; what it changes in bold."""
    cfg, changed = setup.config(side), set(setup.overrides[side])
    if "regularization_rate" in changed:
        changed.add("regularization")
    regularization = f"{cfg.regularization.upper()} {plain_number(cfg.regularization_rate)}"
    off = {name: f"no {name.replace('_', ' ')}" if name in changed else "" for name in
           ("dropout", "batch_norm", "regularization")}  # fmt: skip
    parts = {
        "hidden_layers": f"layers {format_layers(cfg.hidden_layers) or 'none'}",
        "activation": per_layer(ACTIVATION_TITLES.get)(cfg.activation),
        "optimizer": OPTIMIZER_TITLES[cfg.optimizer],
        "learning_rate": f"learning rate {plain_number(cfg.learning_rate)}",
        "batch_size": f"batch size {cfg.batch_size}",
        "dropout": f"dropout {per_layer(plain_number)(cfg.dropout)}" if cfg.dropout
        else off["dropout"],
        "batch_norm": "batch norm" if cfg.batch_norm else off["batch_norm"],
        "regularization": regularization if cfg.regularization != "none"
        else off["regularization"],
        "weight_init": f"{INIT_TITLES[cfg.weight_init]} init",
    }  # fmt: skip
    texts = [f"**{text}**" if name in changed else text for name, text in parts.items() if text]
    others = [f"**{name} {value}**" for name, value in setup.overrides[side].items()
              if name not in SETTINGS]  # fmt: skip
    return " · ".join(texts + others)
