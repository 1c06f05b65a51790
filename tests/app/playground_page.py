"""Drive the playground page under AppTest: find a widget, act on it, tick the live loop.

The state under test is the `LiveState` the page keeps in `st.session_state["live:main"]`; every
widget's key is `main:<name>`. AppTest never fires the live fragment's `run_every` timer, so each
`.run()` is one tick of the live loop; the loop trains by elapsed time (the first tick after Play
trains nothing), so `run_until` sleeps a little between runs.
"""

from __future__ import annotations

import time

import pytest
from apptest_helpers import button, live_views
from streamlit.testing.v1 import AppTest

from playground.ui.widgets.live_view import decode_payload

STATE_KEY = "live:main"
WIDGET_TYPES = (
    "button",
    "button_group",
    "checkbox",
    "toggle",
    "number_input",
    "radio",
    "select_slider",
    "selectbox",
    "slider",
)
CLICK = "<click>"


# --- helpers ----------------------------------------------------------------------------------
def state(at: AppTest):
    return at.session_state[STATE_KEY]


def widget(at: AppTest, key: str):
    """The widget with `key`, whatever its type (a button's may end in a click count)."""
    try:
        return button(at, key)
    except LookupError:
        pass
    for kind in WIDGET_TYPES:
        for element in at.get(kind):
            if getattr(element, "key", None) == key:
                return element
    raise LookupError(f"no widget with key {key!r} on the page")


def has_widget(at: AppTest, key: str) -> bool:
    try:
        widget(at, key)
    except LookupError:
        return False
    return True


def act(at: AppTest, key: str, value=CLICK) -> AppTest:
    """Set a widget (or click a button) and run the page once."""
    element = widget(at, key)
    (element.click() if value is CLICK else element.set_value(value)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def run_until(at: AppTest, condition, max_runs: int = 60, pause: float = 0.02) -> AppTest:
    """Run the page (one live-loop tick each) until `condition(state)` holds."""
    for _ in range(max_runs):
        if condition(state(at)):
            return at
        time.sleep(pause)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    raise AssertionError(f"condition not reached after {max_runs} runs")


def play(at: AppTest, min_epochs: int = 2) -> AppTest:
    """Press Play and tick until at least `min_epochs` epochs are trained."""
    act(at, "main:play")
    assert state(at).playing
    return run_until(at, lambda s: s.trainer.epoch >= min_epochs)


def live_payload(at: AppTest) -> dict:
    views = live_views(at)
    assert len(views) == 1
    return decode_payload(views[0].proto.bytes)


def expected(value):
    return pytest.approx(value) if isinstance(value, float) else value
