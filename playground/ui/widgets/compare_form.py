"""The compare page's settings forms: one table of how each config field shows as a widget.

`SETTINGS` says, for every field a comparison lets you change, which widget shows it, its options
and how a config value becomes a widget value and back (noise 0.2 ↔ slider 20 %, layers (8, 8) ↔
text "8, 8"). The widgets are controlled: `setting_widget` first writes the setup's value into
the widget's session-state slot, then draws it with a callback that reports the change, so what
the page shows is always what the setup holds — a rejected change simply snaps back. Keys are
`compare:<field>` for the shared base and `compare-a:<field>` / `compare-b:<field>` for a side.
Labels, help, option lists, ranges and titles come from the settings table (`playground.settings`);
only the widget kinds and the conversions are the compare page's own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from playground.data import FEATURE_LABELS
from playground.experiments.comparison import SIDE_FIELDS, CompareSetup
from playground.settings import (
    ACTIVATION_TITLES,
    DATASET_TITLES,
    INIT_TITLES,
    OPTIMIZER_TITLES,
    format_layers,
    parse_layers,
    plain_number,
)
from playground.settings import SETTINGS as TABLE

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


def _features(names: list[str] | None) -> tuple[str, ...]:
    return tuple(name for name in FEATURE_LABELS if name in (names or ()))


def _row(name: str, kind: str, **extra: Any) -> Setting:
    """The compare page's widget for field `name`: label, help, options and titles from the
    settings table, the widget kind (and anything else) the compare page's own."""
    row = TABLE[name]
    values: dict[str, Any] = {"options": row.options or row.choices, "fmt": row.title}
    if row.percent:
        low, high = row.slider_range
        values.update(
            show=lambda value: round(value * 100),
            read=lambda value: value / 100,
            extra={"min_value": low, "max_value": high, "step": row.step, "format": "%d%%"},
        )
    elif kind in ("slider", "number"):
        low, high = row.slider_range
        values["extra"] = {"min_value": low, "max_value": high}
    values.update(extra)
    return Setting(row.label, kind, row.help, **values)


SETTINGS: dict[str, Setting] = {
    "dataset": _row("dataset", "selectbox", options=tuple(DATASET_TITLES)),
    "n_classes": _row("n_classes", "slider"),
    "noise": _row("noise", "slider"),
    "train_ratio": _row("train_ratio", "slider"),
    "n_samples": _row("n_samples", "select_slider"),
    "seed": _row("seed", "number"),
    "features": _row("features", "pills", show=list, read=_features),
    "hidden_layers": _row("hidden_layers", "text", show=format_layers, read=parse_layers),
    "activation": _row("activation", "selectbox"),
    "weight_init": _row("weight_init", "selectbox"),
    "optimizer": _row("optimizer", "selectbox"),
    "learning_rate": _row("learning_rate", "selectbox"),
    "batch_size": _row("batch_size", "selectbox"),
    "regularization": _row("regularization", "selectbox"),
    "regularization_rate": _row("regularization_rate", "selectbox"),
    "dropout": _row("dropout", "selectbox", options=DROPOUT_RATES,
                    fmt=lambda rate: "None" if rate == 0 else plain_number(rate)),
    "batch_norm": _row("batch_norm", "toggle"),
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
