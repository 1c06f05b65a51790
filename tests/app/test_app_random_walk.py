"""A seeded random walk over the playground page: any widget, any value, any button, any order.

Each step picks one of the widgets on the page as it is now (sidebar, training bar, draw
controls, look-inside tabs) and sets it to a random allowed value or clicks it; some steps only
let the live loop tick, and some send a click on the canvas in draw mode (adding or removing a
point, sometimes far outside the plane). After every step: no exception element on the page, the
state never plays what it cannot train, and the frame's numbers are finite or missing (a dash),
never NaN. The walk is seeded, so a failure prints the steps that led to it and repeats.
"""

from __future__ import annotations

import math
import random
import time

import pytest
from apptest_helpers import live_views
from streamlit.testing.v1 import AppTest

from playground.config import LOSS_NAMES, PROBLEMS
from playground.experiments.presets import list_presets
from playground.live.session import SPEEDS
from playground.settings import SETTINGS
from playground.ui.widgets.data_io import handle_draw
from playground.ui.widgets.live_view import decode_payload

STATE_KEY = "live:main"
STEPS = 150
WIDGET_TYPES = (
    "button", "checkbox", "toggle", "selectbox", "slider", "select_slider", "number_input",
    "radio", "button_group",
)  # fmt: skip
# Clicks and switches change the most state per step: pick them more often.
WEIGHTS = {"button": 3, "toggle": 3, "checkbox": 2}
# Radios and segmented controls show formatted labels; these are the values behind them.
CHOICES = {
    "main:loss": list(LOSS_NAMES),
    "main:metrics_split": ["test", "train"],
    "main:speed": [*SPEEDS, None],  # None: a click on the chosen segment
    "main:problem": [*PROBLEMS, None],
}
# Every value a selectbox on the page may hold, to find the one behind a formatted label.
CANDIDATES = [
    *(value for row in SETTINGS.values() for value in (*row.choices, *row.options)),
    *(preset.name for preset in list_presets()),
    *range(12),
]


def widgets(at: AppTest) -> list:
    found = []
    for kind in WIDGET_TYPES:
        found += [w for w in at.get(kind) if getattr(w, "key", None) and not w.disabled]
    return found


def choice(rng: random.Random, element):
    """A random value the user could give `element` (None for a click)."""
    key, kind = element.key, element.type
    if kind == "button":
        return None
    if kind in ("checkbox", "toggle"):
        return not element.value
    if key in CHOICES:
        return rng.choice(CHOICES[key])
    if kind == "radio":  # the draw-mode class picker: "class 0", "class 1", ...
        return rng.randrange(len(element.options))
    if kind in ("selectbox", "select_slider"):
        return rng.randrange(len(element.options))
    if kind == "slider":
        steps = round((element.max - element.min) / element.step)
        return element.min + rng.randint(0, steps) * element.step
    if kind == "number_input":
        low = element.min if element.min is not None else -5
        high = min(element.max if element.max is not None else 5, low + 20)
        return rng.randint(int(low), int(high))
    raise AssertionError(f"no value for a {kind}")


def apply(element, value) -> str:
    kind = element.type
    if kind == "button":
        element.click()
    elif kind == "selectbox":
        value = raw_option(element, element.options[value])
        element.set_value(value)
    elif kind == "select_slider":
        element.set_value(_number(element.options[value]))
    else:
        element.set_value(value)
    return f"{element.key} <- {value!r}"


def raw_option(element, label: str):
    """The value behind a selectbox's formatted option `label`."""
    for candidate in CANDIDATES:
        try:
            if element.format_func(candidate) == label:
                return candidate
        except (KeyError, TypeError, IndexError, ValueError):
            continue
    raise AssertionError(f"no candidate value shows as {label!r} in {element.key}")


def _number(text: str):
    return int(text) if text.lstrip("-").isdigit() else float(text)


def draw_event(rng: random.Random, state) -> dict:
    if rng.random() < 0.5:
        far = rng.choice([1.0, 1.0, 1e6])
        return {
            "action": "add",
            "x": rng.uniform(-6, 6) * far,
            "y": rng.uniform(-6, 6),
            "label": float(rng.randrange(3)),
        }
    n = len(state.trainer.data.x_train) + len(state.trainer.data.x_test)
    return {"action": "remove", "index": rng.randrange(-2, n + 3)}


def check(at: AppTest, steps: list[str]) -> None:
    assert not at.exception, (steps[-8:], [e.stack_trace[-4:] for e in at.exception])
    state = at.session_state[STATE_KEY]
    assert not state.playing or state.can_train, steps[-8:]
    for view in live_views(at):
        payload = decode_payload(view.proto.bytes)
        for name in ("train_loss", "test_loss", "train_metric", "test_metric"):
            value = payload[name]
            assert value is None or math.isfinite(value), (name, value, steps[-8:])


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_random_walk_over_the_page_never_shows_an_error(playground_app, seed: int) -> None:
    rng, at, steps = random.Random(seed), playground_app(), []
    for _ in range(STEPS):
        roll = rng.random()
        if roll < 0.15:
            time.sleep(0.01)  # let the live loop train a little on this tick
            steps.append("tick")
        elif roll < 0.25:
            event = draw_event(rng, at.session_state[STATE_KEY])
            handle_draw(at.session_state[STATE_KEY], event)
            steps.append(f"draw {event}")
        else:
            found = widgets(at)
            weights = [WEIGHTS.get(element.type, 1) for element in found]
            element = rng.choices(found, weights)[0]
            steps.append(apply(element, choice(rng, element)))
        at.run()
        check(at, steps)
