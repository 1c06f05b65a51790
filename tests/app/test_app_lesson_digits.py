"""Lesson 10 trains the digits in the lesson page, apart from the digits page.

The lesson's `LiveState` is at `live:lesson10`, its widgets under `lesson10:w:` and its buttons
`lesson10:play` ...; the digits page's at `digits:state`, `digits:w:`, `digits:play`. AppTest never
fires the live fragment's timer: each `.run()` is one refresh (the session's clock is moved back,
so the pace is counted, not waited for).
"""

from __future__ import annotations

from apptest_helpers import button, no_trouble, open_page
from streamlit.testing.v1 import AppTest

from playground.experiments.presets import load_preset
from playground.ui.widgets.digits_view import REFRESH_SECONDS

LESSON, DIGITS = "views/lesson_10_deep_features.py", "views/digits.py"
PRESET = load_preset("lesson-10-deep-features")
STATE = "live:lesson10"


def open_lesson(playground_app) -> AppTest:
    return open_page(playground_app, LESSON)


def refresh(at: AppTest, state_key: str = STATE) -> None:
    live = at.session_state[state_key]
    if live.last_tick:
        live.last_tick -= REFRESH_SECONDS
    at.run()
    no_trouble(at)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def weight_tiles(at: AppTest) -> int:
    return next(h.proto.body.count("<img") for h in at.get("html") if "First-layer" in h.proto.body)


def test_the_lesson_opens_on_the_digits_with_its_preset(playground_app) -> None:
    at = open_lesson(playground_app)
    state = at.session_state[STATE]
    assert state.config == PRESET.config and state.config.dataset == "digits"
    assert state.trainer.data.n_features == 64  # 8 × 8 pixels in
    assert state.trainer.network.params[-1]["W"].shape == (16, 10)  # ten digits out
    assert at.number_input(key="lesson10:w:units_0").value == 16
    assert at.number_input(key="lesson10:w:epochs").value == PRESET.epochs == 20
    assert metric(at, "Epoch") == "0" and weight_tiles(at) == 16
    blocks = " ".join(h.proto.body for h in at.get("html"))
    assert "Confusion matrix" in blocks and "Misclassified test images" in blocks
    assert len(at.get("vega_lite_chart")) == 1
    assert "digits:state" not in at.session_state  # the digits page's session is not made


def test_play_trains_the_lesson_to_its_epochs_and_step_trains_one_more(playground_app) -> None:
    at = open_lesson(playground_app)
    first = float(metric(at, "Test accuracy").rstrip(" %"))
    button(at, "lesson10:play").click().run()
    no_trouble(at)
    state = at.session_state[STATE]
    assert state.playing
    for _ in range(30):  # 4 epochs a refresh
        if not state.playing:
            break
        refresh(at)
    assert state.trainer.epoch == 20 and not state.playing  # "train for 20 epochs"
    assert metric(at, "Epoch") == "20"
    assert float(metric(at, "Test accuracy").rstrip(" %")) > max(first, 90.0)
    button(at, "lesson10:step").click().run()
    no_trouble(at)
    assert state.trainer.epoch == 21
    at.number_input(key="lesson10:w:units_0").set_value(4).run()  # "try 4 hidden neurons"
    no_trouble(at)
    assert state.config.hidden_layers == (4,) and state.trainer.epoch == 0
    assert weight_tiles(at) == 4


def test_the_lesson_and_the_digits_page_train_apart(playground_app) -> None:
    at = open_lesson(playground_app)
    button(at, "lesson10:step").click().run()
    at.switch_page(DIGITS).run()
    no_trouble(at)
    page = at.session_state["digits:state"]
    assert page.trainer.epoch == 0 and page is not at.session_state[STATE]
    at.number_input(key="digits:w:units_0").set_value(8).run()
    button(at, "digits:step").click().run()
    at.switch_page(LESSON).run()
    no_trouble(at)
    lesson = at.session_state[STATE]
    assert lesson.trainer.epoch == 1 and lesson.config.hidden_layers == (16,)
    assert at.number_input(key="lesson10:w:units_0").value == 16
    assert page.trainer.epoch == 1 and page.config.hidden_layers == (8,)


def _view_with_hidden_controls() -> None:
    import streamlit as st

    from playground.experiments.presets import load_preset
    from playground.ui.widgets.digits_view import DigitsKeys, digits_view, new_digits_state

    keys = DigitsKeys("mine", "mine:state")
    if keys.state not in st.session_state:
        st.session_state[keys.state] = new_digits_state(
            load_preset("lesson-10-deep-features").config
        )
    digits_view(keys, st.session_state[keys.state], ("optimizer", "regularization"), inline=True)


def test_the_controls_a_preset_hides_are_left_out() -> None:
    at = AppTest.from_function(_view_with_hidden_controls, default_timeout=60).run()
    no_trouble(at)
    keys = {element.key for element in (*at.selectbox, *at.number_input, *at.select_slider)}
    assert "mine:w:learning_rate" in keys and "mine:w:units_0" in keys
    assert "mine:w:optimizer" not in keys and "mine:w:penalty" not in keys
    assert at.session_state["mine:state"].config.optimizer == "adam"  # kept as the preset says
