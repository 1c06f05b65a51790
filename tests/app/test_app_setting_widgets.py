"""Every row of the settings table has a widget on the playground page that changes that field.

The page draws its controls from the table (`playground.ui.widgets.setting_widgets`); this walks the
table and, for each field, opens the page where its control shows (Momentum only for the
momentum optimizer, say), sets the control to another allowed value and checks that the config
took exactly that value.
"""

from __future__ import annotations

import pytest
from playground_page import act, state, widget
from support.setting_values import other_value

from playground.settings import SETTINGS
from playground.ui.widgets.controls import SINGLE_FIELDS
from playground.ui.widgets.setting_widgets import from_widget, to_widget

# Where a conditional control shows.
REVEAL = {
    "n_classes": {"dataset": "blobs"},
    "momentum": {"optimizer": "momentum"},
    "nesterov": {"optimizer": "momentum"},
    "rho": {"optimizer": "rmsprop"},
    "epsilon": {"optimizer": "adam"},
    "beta_1": {"optimizer": "adam"},
    "beta_2": {"optimizer": "adam"},
    "lr_decay": {"lr_schedule": "step"},
    "lr_decay_epochs": {"lr_schedule": "cosine"},
}
# Fields with a picker of their own kind: (widget key, widget value, expected config value).
OWN_WIDGETS = {
    "dataset": ("main:pick_spiral", None, "spiral"),
    "problem": ("main:problem", "regression", "regression"),
    "features": ("main:feature_x1^2", True, ("x1", "x2", "x1^2")),
    "hidden_layers": ("main:n_layers", 3, (4, 2, 4)),
    "activation": ("main:activation", "relu", "relu"),
    "dropout": ("main:dropout", 0.3, 0.3),
}
SIMPLE = [name for name in SINGLE_FIELDS if name not in OWN_WIDGETS]


def shown_value(name: str, element):
    """A widget value for field `name` other than the one shown, within what the widget offers."""
    setting = SETTINGS[name]
    if setting.widget in ("select", "select_slider", "radio"):
        return next(o for o in setting.options if to_widget(name, o) != element.value)
    if setting.widget in ("slider", "number"):
        low, high = setting.slider_range
        return high if element.value != high else low
    return to_widget(name, other_value(setting))


def test_every_field_has_a_widget_or_a_picker() -> None:
    assert set(SETTINGS) - set(SIMPLE) - set(OWN_WIDGETS) == set()


@pytest.mark.parametrize("name", SIMPLE)
def test_a_fields_widget_changes_that_field(playground_app, name: str) -> None:
    at = playground_app(REVEAL.get(name, {}))
    element = widget(at, f"main:{name}")
    assert element.label == SETTINGS[name].label
    value = shown_value(name, element)
    act(at, f"main:{name}", value)
    assert getattr(state(at).config, name) == from_widget(name, value)


@pytest.mark.parametrize("name", list(OWN_WIDGETS))
def test_a_picker_changes_its_field(playground_app, name: str) -> None:
    key, value, expected = OWN_WIDGETS[name]
    at = playground_app()
    act(at, key) if value is None else act(at, key, value)
    assert getattr(state(at).config, name) == expected


def test_the_skip_toggle_says_which_layers_it_joins(playground_app) -> None:
    at = act(playground_app(), "main:skip_connections", True)  # the default [4, 2]
    assert state(at).config.skip_connections
    assert state(at).trainer.network.spec.skips == (False, False)
    captions = [c.value for c in at.sidebar.caption]
    assert any("no skip yet" in c for c in captions), captions
    at = act(at, "main:units_1", 4)  # [4, 4]: the second layer is as wide as the first
    assert state(at).trainer.network.spec.skips == (False, True)
    assert any(c.startswith("Skips around L2:") for c in (c.value for c in at.sidebar.caption))
    assert not at.exception
