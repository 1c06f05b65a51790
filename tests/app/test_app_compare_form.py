"""The compare page's forms are drawn from the settings table: walk them field by field.

Every field the sidebar or a side's form offers is the widget its row asks for on the compare page
(`Setting.on("compare")`), with the row's label and help; setting it to another value the widget
offers changes exactly that field of the base (or of the side), and the controlled widget then
shows the new value. The sidebar offers the shared fields that have a widget on the page.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from playground.experiments.comparison import SHARED_FIELDS, SIDE_FIELDS
from playground.settings import SETTINGS
from playground.ui.widgets.compare_form import PAGE, SHARED_FORM, widget_key
from playground.ui.widgets.setting_widgets import WIDGETS, from_widget, to_widget

KINDS = ("selectbox", "select_slider", "slider", "number_input", "text_input", "toggle",
         "button_group")  # fmt: skip
FORM = [(None, name) for name in (*SHARED_FORM, *SIDE_FIELDS)] + [("a", n) for n in SIDE_FIELDS]


@pytest.fixture
def compare_page(playground_app):
    """The compare page on blobs (so that the number of classes shows), nothing overridden."""

    def start() -> AppTest:
        at = playground_app()
        at.query_params.clear()
        at.query_params.update({"dataset": "blobs"})
        at.switch_page("views/compare.py").run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return start


def element(at: AppTest, key: str):
    found = [e for kind in KINDS for e in at.get(kind) if getattr(e, "key", None) == key]
    assert len(found) == 1, (key, found)
    return found[0]


def other_shown(name: str, shown):
    """A value the field's compare widget offers, other than `shown`."""
    row = SETTINGS[name].on(PAGE)
    if row.widget in ("select", "select_slider"):
        return next(o for o in row.options if to_widget(name, o, PAGE) != shown)
    if row.widget in ("slider", "number"):
        low, high = row.slider_range
        return high if shown != high else low
    return {"toggle": not shown, "text": "3, 5", "pills": ["x1", "sin_x2"]}[row.widget]


def test_the_sidebar_offers_every_shared_field_with_a_widget_on_the_page() -> None:
    with_widget = {name for name in SHARED_FIELDS if SETTINGS[name].on(PAGE).widget}
    assert set(SHARED_FORM) == with_widget and len(SHARED_FORM) == len(with_widget)
    assert "problem" not in SHARED_FORM  # it follows from the dataset
    for name in (*SHARED_FORM, *SIDE_FIELDS):
        assert SETTINGS[name].on(PAGE).widget in WIDGETS, name


@pytest.mark.parametrize(("side", "name"), FORM)
def test_a_form_widget_changes_its_field(compare_page, side: str | None, name: str) -> None:
    at = compare_page()
    row, key = SETTINGS[name].on(PAGE), widget_key(side, name)
    widget = element(at, key)
    assert (widget.label, widget.help) == (row.label, row.help)
    value = other_shown(name, widget.value)
    widget.set_value(value).run()
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    setup = at.session_state["compare:setup"]
    assert setup.value(side, name) == from_widget(name, value, PAGE)
    if side is not None:
        assert dict(setup.overrides[side]) == {name: from_widget(name, value, PAGE)}
    assert element(at, key).value == value  # the controlled widget shows the new setup


def test_features_are_kept_in_the_tables_order(compare_page) -> None:
    at = compare_page()
    element(at, "compare:features").set_value(["x1x2", "x1"]).run()
    assert at.session_state["compare:setup"].base.features == ("x1", "x1x2")
    assert element(at, "compare:features").value == ["x1", "x1x2"]


def test_a_dropout_of_zero_reads_none_and_a_per_layer_value_is_listed_last(playground_app):
    at = playground_app()
    at.query_params.clear()
    at.query_params.update({"hidden_layers": "8,8", "b.dropout": "0.1,0.25"})
    at.switch_page("views/compare.py").run()
    options = element(at, "compare-b:dropout").options
    assert options[0] == "None" and options[-1] == "0.1, 0.25"
    assert element(at, "compare-a:dropout").options[-1] == "0.9"
