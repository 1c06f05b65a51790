"""The compare page's settings forms: every field drawn from the settings table.

Each widget is the one the field's row in `playground.settings.SETTINGS` asks for on the compare
page (its "compare" entry in `pages`: the dataset and the batch size as selects, dropout as a
select of a few rates, hidden layers as text, the input features as pills), drawn by
`setting_widgets.setting_widget` and converted with its `to_widget` / `from_widget`. The widgets
are controlled: `controlled_widget` first writes the setup's value into the widget's
session-state slot, then draws it with a callback that reports (side, field) to the page, so what
the page shows is always what the setup holds — a rejected change simply snaps back. Keys are
`compare:<field>` for the shared base and `compare-a:<field>` / `compare-b:<field>` for a side.
The sidebar offers the shared fields (`comparison.SHARED_FIELDS`) that have a widget here; a
side's form offers `comparison.SIDE_FIELDS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from playground.experiments.comparison import SHARED_FIELDS, SIDE_FIELDS, CompareSetup
from playground.settings import (
    ACTIVATION_TITLES,
    INIT_TITLES,
    OPTIMIZER_TITLES,
    SETTINGS,
    format_layers,
    per_layer,
    plain_number,
)
from playground.ui.widgets.setting_widgets import from_widget, setting_widget, to_widget

PAGE = "compare"
OnChange = Callable[[str | None, str], None]  # (side or None for the base, field name)
# The sidebar leads with the dataset and how its points look; the other shared fields follow in
# the table's order.
LEADING = ("dataset", "n_classes", "noise", "train_ratio")
SHARED_FORM = tuple(
    sorted(
        (name for name in SHARED_FIELDS if SETTINGS[name].on(PAGE).widget),
        key=lambda name: LEADING.index(name) if name in LEADING else len(LEADING),
    )
)


def widget_key(side: str | None, name: str) -> str:
    """'compare:<name>' for the base and the page's own widgets, 'compare-a:<name>' for side a."""
    return f"compare-{side}:{name}" if side else f"compare:{name}"


def read_widget(side: str | None, name: str) -> Any:
    """The config value a widget holds now; ValueError when it cannot be one."""
    return from_widget(name, st.session_state[widget_key(side, name)], PAGE)


def controlled_widget(
    setup: CompareSetup, side: str | None, name: str, on_change: OnChange
) -> None:
    """The widget for a field of the base (side None) or of a side, showing the setup's value."""
    key = widget_key(side, name)
    st.session_state[key] = to_widget(name, setup.value(side, name), PAGE)
    setting_widget(name, key, page=PAGE, unlisted_last=True, on_change=on_change, args=(side, name))


def shared_form(setup: CompareSetup, on_change: OnChange) -> None:
    """The data both sides share, and the settings both start from (for the sidebar)."""
    st.subheader("Shared data", help="Both sides train on exactly these points.")
    for name in SHARED_FORM:
        if name != "n_classes" or setup.base.dataset == "blobs":
            controlled_widget(setup, None, name, on_change)
    st.subheader("Shared settings", help="Both sides use these unless their own settings differ.")
    for name in SIDE_FIELDS:
        controlled_widget(setup, None, name, on_change)


def side_form(setup: CompareSetup, side: str, on_change: OnChange) -> None:
    """A side's own settings, two to a row."""
    for index in range(0, len(SIDE_FIELDS), 2):
        row = st.columns(2, vertical_alignment="bottom")
        for column, name in zip(row, SIDE_FIELDS[index : index + 2], strict=False):
            with column:
                controlled_widget(setup, side, name, on_change)


def side_summary(setup: CompareSetup, side: str) -> str:
    """What a side trains with, in one line of markdown; what it changes in bold."""
    cfg, changed = setup.config(side), set(setup.overrides[side])
    if "regularization_rate" in changed:
        changed.add("regularization")
    regularization = f"{cfg.regularization.upper()} {plain_number(cfg.regularization_rate)}"
    off = {name: f"no {name.replace('_', ' ')}" if name in changed else "" for name in
           ("dropout", "batch_norm", "skip_connections", "regularization")}  # fmt: skip
    parts = {
        "hidden_layers": f"layers {format_layers(cfg.hidden_layers) or 'none'}",
        "activation": per_layer(ACTIVATION_TITLES.get)(cfg.activation),
        "optimizer": OPTIMIZER_TITLES[cfg.optimizer],
        "learning_rate": f"learning rate {plain_number(cfg.learning_rate)}",
        "batch_size": f"batch size {cfg.batch_size}",
        "dropout": f"dropout {per_layer(plain_number)(cfg.dropout)}" if cfg.dropout
        else off["dropout"],
        "batch_norm": "batch norm" if cfg.batch_norm else off["batch_norm"],
        "skip_connections": "skip connections" if cfg.skip_connections
        else off["skip_connections"],
        "regularization": regularization if cfg.regularization != "none"
        else off["regularization"],
        "weight_init": f"{INIT_TITLES[cfg.weight_init]} init",
    }  # fmt: skip
    texts = [f"**{text}**" if name in changed else text for name, text in parts.items() if text]
    others = [f"**{name} {value}**" for name, value in setup.overrides[side].items()
              if name not in SIDE_FIELDS]  # fmt: skip
    return " · ".join(texts + others)
