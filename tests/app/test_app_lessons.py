"""Lesson pages and classroom mode under AppTest."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from apptest_helpers import button, live_views
from streamlit.testing.v1 import AppTest

from playground.experiments.presets import list_lessons, load_preset

APP = Path(__file__).resolve().parents[2] / "app.py"
LESSONS = list_lessons()


def lesson_page(lesson) -> str:
    return f"views/lesson_{lesson.slug.replace('-', '_')}.py"


def open_lesson(lesson) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page(lesson_page(lesson))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_every_lesson_shows_its_text_and_its_mini_playground_plays(lesson) -> None:
    at = open_lesson(lesson)
    assert at.title[0].value == f"Lesson {lesson.number}: {lesson.title}"
    text = " ".join(m.value for m in at.markdown)
    assert "Try this" in text and "What you should see" in text
    if lesson.number == 9:  # a sweep, not a mini-playground (tests/app/test_app_lesson_sweep.py)
        assert not live_views(at) and at.button(key="lesson9:sweep:btn:run")
        return
    if lesson.number == 10:  # the digits (tests/app/test_app_lesson_digits.py)
        assert at.session_state["live:lesson10"].trainer.data.n_features == 64
        return
    state = at.session_state[f"live:lesson{lesson.number}"]
    preset = load_preset(lesson.preset)
    assert state.config == (preset.settings[0][1] if preset.compare else preset.config)
    button(at, f"lesson{lesson.number}:play").click().run()
    for _ in range(3):
        time.sleep(0.05)
        at.run()
    assert not at.exception and state.trainer.epoch > 0


@pytest.mark.parametrize("number", [4, 7])
def test_a_lesson_that_runs_its_preset_first_offers_it_beside_a_and_b(number: int) -> None:
    """Lessons 4 and 7 say: train the preset, then A, then B."""
    lesson = next(lesson for lesson in LESSONS if lesson.number == number)
    preset = load_preset(lesson.preset)
    at = open_lesson(lesson)
    switch = at.button_group(key=f"lesson{number}:setting")
    assert switch.options[0].startswith("The preset") and len(switch.options) == 3
    state = at.session_state[f"live:lesson{number}"]
    assert state.config == preset.config  # the preset itself comes first
    switch.set_value(2).run()
    assert not at.exception and at.session_state[f"live:lesson{number}"].config == preset.compare[1]
    at.button_group(key=f"lesson{number}:setting").set_value(None).run()  # a second click on B
    assert at.session_state[f"live:lesson{number}"].config == preset.compare[1]  # B stays
    assert at.session_state[f"lesson{number}:setting"] == 2


def test_a_lesson_switches_between_its_two_settings() -> None:
    lesson = next(lesson for lesson in LESSONS if lesson.number == 3)
    preset = load_preset(lesson.preset)
    at = open_lesson(lesson)
    at.button_group(key="lesson3:setting").set_value(1).run()
    assert not at.exception
    state = at.session_state["live:lesson3"]
    assert state.config == preset.compare[1] and state.trainer.epoch == 0
    assert at.selectbox(key="lesson3:activation").value == preset.compare[1].activations()[0]


def test_hidden_controls_of_a_lesson_are_styled_away() -> None:
    at = open_lesson(next(lesson for lesson in LESSONS if lesson.number == 6))
    styles = " ".join(str(h.proto) for h in at.get("html"))
    assert ".st-key-lesson6-optimizer" in styles and "display: none" in styles


def test_classroom_link_hides_controls_and_presents(playground_app) -> None:
    at = playground_app({"hide": "learning_rate,sidebar,nonsense", "presenter": "1"})
    styles = " ".join(str(h.proto) for h in at.get("html"))
    assert ".st-key-main-learning_rate" in styles and "stSidebar" in styles
    assert "font-size: 20px" in styles
    assert any("nonsense" in w.value for w in at.warning)
    assert at.query_params["hide"] == "learning_rate,sidebar"
    assert at.query_params["presenter"] == "1"


def test_a_preset_loads_from_the_url_and_from_the_menu(playground_app) -> None:
    preset = load_preset("lesson-06-overfitting")
    at = playground_app({"preset": "lesson-06-overfitting", "learning_rate": "0.003"})
    state = at.session_state["live:main"]
    assert state.config == preset.config.replace(learning_rate=0.003)
    at = playground_app({"preset": "no-such-preset"})
    assert any("no-such-preset" in w.value for w in at.warning) and not at.exception


def test_a_preset_of_other_data_is_not_offered_as_a_playground_setup(playground_app) -> None:
    """Lesson 10's preset trains on the digits: in the playground it would be the circle."""
    digits = load_preset("lesson-10-deep-features")
    at = playground_app({"preset": digits.name})
    assert any(digits.name in w.value and "Digits page" in w.value for w in at.warning)
    assert at.session_state["live:main"].config.hidden_layers != digits.config.hidden_layers
    offered = at.selectbox(key="main:preset").options  # as titles
    assert digits.title not in offered and load_preset("lesson-08-batch-norm").title in offered
    at.selectbox(key="main:preset").set_value("lesson-08-batch-norm").run()
    at.button(key="main:load_preset").click().run()
    assert at.session_state["live:main"].config == load_preset("lesson-08-batch-norm").config
    assert at.number_input(key="main:n_layers").value == len(
        load_preset("lesson-08-batch-norm").config.hidden_layers
    )
