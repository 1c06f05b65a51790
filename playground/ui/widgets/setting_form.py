"""A page's form of settings-table widgets: filled from a config, read back as what changed.

A page keeps its widgets' values in `st.session_state[prefix + field]`. `shown_values` says what
each widget shows for a config (through `setting_widgets.to_widget`, as the page offers the
field) and `fill_widgets` puts that into the widgets' slots. `changed_config` reads back only the
fields whose widget no longer shows it and applies them as `config.replace(**changed)`, as the
playground's `controls.config_from_widgets` does: a field with no widget on the page, or a value
its widget cannot show (one activation per layer), survives until the user changes that very
control; when the number of hidden layers changes, the per-layer values follow it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import streamlit as st

from playground.config import PlaygroundConfig
from playground.settings import SETTINGS
from playground.ui.widgets.controls import fit_layers
from playground.ui.widgets.setting_widgets import from_widget, to_widget

PER_LAYER_FIELDS = tuple(name for name, row in SETTINGS.items() if row.per_layer)


def shown_values(
    config: PlaygroundConfig, names: Iterable[str], page: str | None = None
) -> dict[str, Any]:
    """What the widgets of fields `names` show for `config`; a per-layer field shows one value
    for all layers (the first layer's)."""
    values = {}
    for name in names:
        value = getattr(config, name)
        if SETTINGS[name].per_layer and isinstance(value, tuple):
            value = value[0]
        values[name] = to_widget(name, value, page)
    return values


def fill_widgets(prefix: str, values: Mapping[str, Any], overwrite: bool = False) -> None:
    """Put `values` into the widgets' slots (only the empty ones unless `overwrite`)."""
    for name, value in values.items():
        if overwrite:
            st.session_state[prefix + name] = value
        else:
            st.session_state.setdefault(prefix + name, value)


def changed_config(
    prefix: str,
    config: PlaygroundConfig,
    names: Iterable[str],
    page: str | None = None,
    **changes: Any,
) -> PlaygroundConfig:
    """`config` with the fields `names` whose widget changed, and `changes` (from the page's
    own widgets); ValueError when a widget holds no value, ConfigError when one is invalid."""
    changed = _changed_fields(prefix, shown_values(config, names, page), page)
    return config.replace(**_with_layers_fitted(config, {**changed, **changes}))


def _changed_fields(prefix: str, shown: Mapping[str, Any], page: str | None = None) -> dict:
    """{field: config value} of the widgets that no longer show what `shown` says (a widget
    the page did not draw counts as unchanged); ValueError when a widget holds no value."""
    changed = {}
    for name, value in shown.items():
        widget = st.session_state.get(prefix + name, value)
        if widget != value:
            changed[name] = from_widget(name, widget, page)
    return changed


def _with_layers_fitted(config: PlaygroundConfig, changes: dict[str, Any]) -> dict[str, Any]:
    """`changes`, plus: when they change the number of hidden layers, each per-layer field they
    leave alone cut or extended to the new number (one value for all layers stays as it is)."""
    layers = changes.get("hidden_layers", config.hidden_layers)
    if len(layers) == len(config.hidden_layers):
        return changes
    fitted = {
        name: fit_layers(getattr(config, name), len(layers))
        for name in PER_LAYER_FIELDS
        if name not in changes
    }
    return {**changes, **fitted}
