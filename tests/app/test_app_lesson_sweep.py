"""Lesson 9 runs its own sweep in the lesson page, apart from the sweep page's.

The lesson's sweep lives under `lesson9:sweep:` (its job at `lesson9:sweep:job`, its widgets under
`lesson9:sweep:w:`); the sweep page's under `sweep:`. AppTest never fires the progress fragment's
timer, so the tests run the page again until the background thread is done. The lesson's whole
grid (15 cells × 50 epochs) trains in about a second on two cores.
"""

from __future__ import annotations

import json
import time

import numpy as np
from apptest_helpers import no_trouble, open_page
from streamlit.testing.v1 import AppTest

from playground.experiments.presets import load_preset
from playground.experiments.sweep import run_sweep
from playground.ui.widgets.sweep_form import values_text

LESSON, SWEEP = "views/lesson_09_hyperparameter_tuning.py", "views/sweep.py"
PRESET = load_preset("lesson-09-tuning")
W = "lesson9:sweep:w:"


def open_lesson(playground_app) -> AppTest:
    return open_page(playground_app, LESSON)


def run_and_wait(at: AppTest, job_key: str, button_key: str, timeout: float = 60.0):
    at.button(key=button_key).click().run()
    no_trouble(at)
    job = at.session_state[job_key]
    deadline = time.monotonic() + timeout
    while job.running:
        assert time.monotonic() < deadline, "the sweep did not finish in time"
        time.sleep(0.2)
        at.run()
        no_trouble(at)
    at.run()  # the refresh that notices the end and draws the results
    no_trouble(at)
    return job


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_the_lesson_shows_the_presets_grid_and_runs_it_to_a_heatmap(playground_app) -> None:
    at = open_lesson(playground_app)
    (x_axis, y_axis), epochs = PRESET.sweep.axes, PRESET.sweep.epochs
    assert at.selectbox(key=W + "x_field").value == x_axis.field == "learning_rate"
    assert at.selectbox(key=W + "y_field").value == y_axis.field == "batch_size"
    assert at.text_input(key=W + "values:learning_rate").value == "0.001, 0.01, 0.1, 1, 10"
    assert at.text_input(key=W + "values:batch_size").value == "1, 10, 50"
    assert at.number_input(key=W + "epochs").value == epochs == 50
    assert any("15 cells × 50 epochs" in c.value for c in at.caption)
    assert any("Circle dataset (10 % noise)" in c.value for c in at.caption)
    # The sweepable settings the lesson hides (the optimizer, regularization ...) are not offered.
    offered = at.selectbox(key=W + "x_field").options
    assert "Learning rate" in offered and "Optimizer" not in offered
    job = run_and_wait(at, "lesson9:sweep:job", "lesson9:sweep:btn:run")
    assert job.base == PRESET.config and job.epochs == 50 and job.done == job.total == 15
    assert any("Done: 15 cells × 50 epochs" in s.value for s in at.success)
    heatmap, curves = chart_specs(at)
    assert heatmap["data"][0]["type"] == "heatmap"
    assert "Final test loss after 50 epochs" in heatmap["layout"]["title"]["text"]
    assert len(curves["data"]) == 2  # the best cell's test and training loss
    # The same numbers as the lesson's honesty test trains (tests/unit/test_lessons_honesty.py).
    expected = run_sweep(PRESET.config, {a.field: list(a.values) for a in job.axes}, 50, n_jobs=1)
    np.testing.assert_allclose(job.result.test_loss, expected.test_loss, equal_nan=True)
    assert "sweep:job" not in at.session_state  # the sweep page has no sweep
    at.button(key="lesson9:sweep:btn:open").click().run()  # train the best cell live
    no_trouble(at)
    best = job.result.values_at(job.result.best_index())
    assert best == {"learning_rate": 0.01, "batch_size": 1}  # as the lesson says
    assert at.session_state["live:main"].config == PRESET.config.replace(**best)


def test_the_student_changes_the_grid_and_the_lessons_grid_comes_back(playground_app) -> None:
    at = open_lesson(playground_app)
    at.text_input(key=W + "values:learning_rate").set_value("0.03, 0.3").run()
    at.number_input(key=W + "epochs").set_value(3).run()
    no_trouble(at)
    assert any("6 cells × 3 epochs" in c.value for c in at.caption)
    at.switch_page("views/playground.py").run()  # a visit elsewhere forgets nothing
    at.switch_page(LESSON).run()
    no_trouble(at)
    assert at.text_input(key=W + "values:learning_rate").value == "0.03, 0.3"
    job = run_and_wait(at, "lesson9:sweep:job", "lesson9:sweep:btn:run")
    assert job.epochs == 3 and job.axes[0].values == (0.03, 0.3) and job.total == 6
    at.button(key="lesson9:sweep:btn:lesson_grid").click().run()
    no_trouble(at)
    assert at.text_input(key=W + "values:learning_rate").value == values_text(
        "learning_rate", PRESET.sweep.axes[0].values
    )
    assert at.number_input(key=W + "epochs").value == 50


def test_the_lessons_sweep_and_the_sweep_pages_never_touch(playground_app) -> None:
    at = playground_app()
    at.switch_page(SWEEP).run()
    at.text_input(key="sweep:w:values:learning_rate").set_value("0.1").run()
    at.text_input(key="sweep:w:values:batch_size").set_value("10").run()
    at.number_input(key="sweep:w:epochs").set_value(2).run()
    page_job = run_and_wait(at, "sweep:job", "sweep:btn:run")
    at.switch_page(LESSON).run()
    no_trouble(at)
    assert "lesson9:sweep:job" not in at.session_state  # the page's sweep is not the lesson's
    assert any("press **Run the sweep**" in i.value for i in at.info)
    assert at.number_input(key=W + "epochs").value == 50  # the lesson's grid, not the page's
    at.number_input(key=W + "epochs").set_value(3).run()
    lesson_job = run_and_wait(at, "lesson9:sweep:job", "lesson9:sweep:btn:run")
    assert lesson_job is not page_job and at.session_state["sweep:job"] is page_job
    at.switch_page(SWEEP).run()
    no_trouble(at)
    assert at.session_state["sweep:job"] is page_job and page_job.epochs == 2
    assert at.number_input(key="sweep:w:epochs").value == 2
    assert any("Done: 1 cells × 2 epochs" in s.value for s in at.success)


def test_open_in_the_sweep_page_takes_the_lessons_grid_there(playground_app) -> None:
    at = open_lesson(playground_app)
    at.number_input(key=W + "epochs").set_value(7).run()
    at.button(key="lesson9:sweep:btn:open_page").click().run()
    no_trouble(at)
    assert at.title[0].value == "Hyperparameter sweep"
    assert at.text_input(key="sweep:w:values:learning_rate").value == "0.001, 0.01, 0.1, 1, 10"
    assert at.text_input(key="sweep:w:values:batch_size").value == "1, 10, 50"
    assert at.number_input(key="sweep:w:epochs").value == 7
    assert at.slider(key="sweep:w:base:noise").value == 10  # the lesson's base: 10 % noise
    assert at.session_state["sweep:source"] == PRESET.config
    assert "sweep:job" not in at.session_state and "lesson9:sweep:job" not in at.session_state
