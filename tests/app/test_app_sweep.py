"""The sweep page under AppTest, and the pieces it is made of (value parsing, limits, figures).

AppTest never fires the progress fragment's `run_every` timer, so the tests run the page again
(one refresh each) until the background thread has finished. The session's sweep is the
`SweepJob` in `st.session_state["sweep:job"]`; widget keys start with `sweep:w:`.
"""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
from apptest_helpers import no_trouble
from streamlit.testing.v1 import AppTest

from playground.config import PlaygroundConfig
from playground.experiments.sweep import CANCELLED, DIVERGED, DONE, SweepAxis, run_sweep
from playground.ui.widgets.sweep_form import parse_values, values_text
from playground.ui.widgets.sweep_panel import MAX_CELLS, check_sweep
from playground.viz.sweep_figures import cell_label, sweep_curves_figure, sweep_heatmap

SWEEP = "views/sweep.py"


# --- helpers ----------------------------------------------------------------------------------
def open_sweep_page(playground_app, params: dict[str, str] | None = None) -> AppTest:
    """The sweep page of a session that started on the playground with `params` (its setup is
    what "the playground's setup" means there)."""
    at = playground_app(params)
    at.switch_page(SWEEP).run()
    no_trouble(at, errors=False)
    return at


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def set_text(at: AppTest, key: str, text: str) -> None:
    at.text_input(key=key).set_value(text).run()
    no_trouble(at, errors=False)


def define(at: AppTest, lr: str, batch: str, epochs: int) -> None:
    set_text(at, "sweep:w:values:learning_rate", lr)
    set_text(at, "sweep:w:values:batch_size", batch)
    at.number_input(key="sweep:w:epochs").set_value(epochs).run()
    no_trouble(at, errors=False)


def run_button(at: AppTest):
    return at.button(key="sweep:btn:run")


def wait_until_done(at: AppTest, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = at.session_state["sweep:job"]
        if not job.running:
            at.run()  # the refresh that notices the end and draws the results
            no_trouble(at, errors=False)
            return job
        time.sleep(0.2)
        at.run()
        no_trouble(at, errors=False)
    raise AssertionError("the sweep did not finish in time")


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


# --- the page ---------------------------------------------------------------------------------
def test_the_page_loads_through_the_navigation_and_explains_itself(playground_app) -> None:
    at = open_sweep_page(playground_app)
    assert at.title[0].value == "Hyperparameter sweep"
    assert not errors(at)
    assert not run_button(at).disabled
    assert at.selectbox(key="sweep:w:x_field").value == "learning_rate"
    assert at.selectbox(key="sweep:w:y_field").value == "batch_size"
    assert any("press **Run the sweep**" in info.value for info in at.info)
    for element in (*at.selectbox, *at.text_input, *at.number_input, *at.slider):
        assert element.help, f"{element.label} has no tooltip"


def test_the_base_configuration_starts_from_the_url(playground_app) -> None:
    at = open_sweep_page(playground_app, {"dataset": "xor", "noise": "0.2", "hidden_layers": "3"})
    assert at.selectbox(key="sweep:w:base:dataset").value == "xor"
    assert at.slider(key="sweep:w:base:noise").value == 20
    assert at.text_input(key="sweep:w:base:hidden_layers").value == "3"


def test_lesson_9_button_loads_the_question(playground_app) -> None:
    at = open_sweep_page(playground_app)
    at.button(key="sweep:btn:lesson").click().run()
    no_trouble(at, errors=False)
    assert at.text_input(key="sweep:w:values:learning_rate").value == "0.001, 0.01, 0.1, 1, 10"
    assert at.text_input(key="sweep:w:values:batch_size").value == "1, 10, 50"
    assert at.number_input(key="sweep:w:epochs").value == 50
    assert at.slider(key="sweep:w:base:noise").value == 10
    assert any("15 cells × 50 epochs" in caption.value for caption in at.caption)


def test_a_small_sweep_completes_with_a_heatmap_curves_and_a_link(playground_app) -> None:
    at = open_sweep_page(playground_app, {"dataset": "gauss", "n_samples": "100"})
    define(at, "0.03, 0.3", "5, 25", epochs=4)
    run_button(at).click().run()
    no_trouble(at, errors=False)
    job = wait_until_done(at)
    assert job.done == job.total == 4 and not job.error
    assert set(job.result.status.ravel()) == {DONE}
    assert any("Done: 4 cells × 4 epochs" in s.value for s in at.success)
    heatmap, curves = chart_specs(at)
    assert heatmap["data"][0]["type"] == "heatmap"
    assert "Final test loss after 4 epochs" in heatmap["layout"]["title"]["text"]
    assert len(curves["data"]) == 2  # the best cell: its test and training loss
    best = job.result.best_index()
    assert at.multiselect(key=f"sweep:w:job{job.id}:cells").value == [
        int(np.ravel_multi_index(best, job.result.shape))
    ]
    at.segmented_control(key="sweep:w:quantity").set_value("test_metric").run()
    no_trouble(at, errors=False)
    assert "Final test accuracy" in chart_specs(at)[0]["layout"]["title"]["text"]
    assert any("open it in a new tab" in m.value for m in at.markdown)
    at.button(key="sweep:btn:open").click().run()
    no_trouble(at, errors=False)
    expected = job.base.replace(**job.result.values_at(best))
    assert at.session_state["live:main"].config == expected


def test_cancel_stops_the_sweep_and_marks_the_cells_that_never_ran(playground_app) -> None:
    at = open_sweep_page(playground_app, {"n_samples": "1000"})
    define(at, "0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3", "1", epochs=150)
    run_button(at).click().run()
    no_trouble(at, errors=False)
    assert run_button(at).disabled  # one sweep at a time
    assert at.get("progress")
    at.button(key="sweep:btn:cancel").click().run()
    no_trouble(at, errors=False)
    job = wait_until_done(at)
    statuses = list(job.result.status.ravel())
    assert CANCELLED in statuses and job.done == job.total
    assert any("Cancelled" in w.value and "never ran" in w.value for w in at.warning)
    texts = json.dumps(chart_specs(at)[0])
    assert "cancelled" in texts
    assert not run_button(at).disabled


@pytest.mark.parametrize(
    ("lr", "batch", "epochs", "message"),
    [
        ("0.1, abc", "10", 5, "“abc” is not a number"),
        ("0.1, , 1", "10", 5, "empty value"),
        ("0.1, 20", "10", 5, "outside the allowed range"),
        ("0.1, 0.1", "10", 5, "listed twice"),
        ("0.1", "2.5", 5, "not a whole number"),
        ("0.1", "10", 3000, "at most 2,000"),
        (", ".join(str(0.001 * i) for i in range(1, 12)), "1, 2, 3, 4, 5, 6, 7, 8, 9, 10", 5,
         f"at most {MAX_CELLS}"),
        ("0.01, 0.1, 1", "1, 2, 5, 10", 2000, "20,000"),
    ],
)  # fmt: skip
def test_a_bad_value_list_gives_a_clear_message_and_no_run(
    playground_app, lr: str, batch: str, epochs: int, message: str
) -> None:
    at = open_sweep_page(playground_app)
    define(at, lr, batch, epochs)
    assert any(message in text for text in errors(at)), errors(at)
    assert run_button(at).disabled


def test_the_same_field_twice_and_a_bad_base_config_are_explained(playground_app) -> None:
    at = open_sweep_page(playground_app)
    at.selectbox(key="sweep:w:y_field").set_value("learning_rate").run()
    assert any("two different fields" in text for text in errors(at))
    at.selectbox(key="sweep:w:y_field").set_value("none").run()
    assert not errors(at)
    set_text(at, "sweep:w:base:hidden_layers", "4, x")
    assert any("give whole numbers of neurons" in text for text in errors(at))
    assert run_button(at).disabled


def test_choice_fields_and_a_rate_without_a_penalty(playground_app) -> None:
    at = open_sweep_page(playground_app)
    at.selectbox(key="sweep:w:x_field").set_value("activation").run()
    assert at.multiselect(key="sweep:w:values:activation").value == ["tanh", "relu", "sigmoid"]
    at.selectbox(key="sweep:w:y_field").set_value("regularization_rate").run()
    no_trouble(at, errors=False)
    assert any("changes nothing" in w.value for w in at.warning)
    at.multiselect(key="sweep:w:values:activation").set_value([]).run()
    assert any("choose at least one value" in text for text in errors(at))


def test_the_form_survives_a_visit_to_another_page(playground_app) -> None:
    at = open_sweep_page(playground_app)
    define(at, "0.5, 1", "7", epochs=12)
    at.switch_page("views/playground.py").run()
    at.switch_page(SWEEP).run()
    no_trouble(at, errors=False)
    assert at.text_input(key="sweep:w:values:learning_rate").value == "0.5, 1"
    assert at.number_input(key="sweep:w:epochs").value == 12


def test_a_one_field_regression_sweep_reports_r2(playground_app) -> None:
    at = open_sweep_page(playground_app, {"dataset": "plane", "n_samples": "200"})
    at.selectbox(key="sweep:w:x_field").set_value("hidden_layers").run()
    at.selectbox(key="sweep:w:y_field").set_value("none").run()
    set_text(at, "sweep:w:values:hidden_layers", "none; 2; 4, 4")
    at.number_input(key="sweep:w:epochs").set_value(3).run()
    assert not errors(at)
    run_button(at).click().run()
    job = wait_until_done(at)
    assert job.result.shape == (3,) and job.result.metric_name == "r2"
    at.segmented_control(key="sweep:w:quantity").set_value("test_metric").run()
    no_trouble(at, errors=False)
    heatmap = chart_specs(at)[0]
    assert "Final test R²" in heatmap["layout"]["title"]["text"]
    assert heatmap["data"][0]["x"] == ["none", "2", "4, 4"]


def test_a_digits_sweep_opens_its_cell_on_the_digits_page(playground_app) -> None:
    at = open_sweep_page(playground_app)
    at.selectbox(key="sweep:w:base:dataset").set_value("digits").run()
    set_text(at, "sweep:w:base:hidden_layers", "8")
    at.selectbox(key="sweep:w:y_field").set_value("none").run()
    define_x = "sweep:w:values:learning_rate"
    set_text(at, define_x, "0.01, 0.1")
    at.number_input(key="sweep:w:epochs").set_value(2).run()
    assert not errors(at)
    run_button(at).click().run()
    job = wait_until_done(at)
    assert set(job.result.status.ravel()) == {DONE}
    assert job.result.metric_name == "accuracy"
    at.button(key="sweep:btn:open").click().run()
    no_trouble(at, errors=False)
    state = at.session_state["digits:state"]
    assert state.config.dataset == "digits" and state.config.hidden_layers == (8,)


# --- value lists, limits and figures ----------------------------------------------------------
def test_value_lists_round_trip_through_their_text() -> None:
    assert parse_values("learning_rate", "0.001, 0.1,1") == (0.001, 0.1, 1.0)
    assert parse_values("batch_size", "1, 10 ,50") == (1, 10, 50)
    assert parse_values("noise", "10%, 0.2") == (0.1, 0.2)
    layers = parse_values("hidden_layers", "4; 8, 8; none")
    assert layers == ((4,), (8, 8), ())
    assert parse_values("hidden_layers", values_text("hidden_layers", layers)) == layers
    with pytest.raises(ValueError, match="semicolons"):
        parse_values("hidden_layers", "4; eight")
    with pytest.raises(ValueError, match="at least one value"):
        parse_values("learning_rate", "  ")


def test_limits_count_cells_epochs_and_training_steps() -> None:
    base = PlaygroundConfig()
    axis = (SweepAxis("learning_rate", (0.01, 0.1)),)
    assert check_sweep(base, axis, 50) is None
    big = (SweepAxis("seed", tuple(range(101))),)
    assert f"at most {MAX_CELLS}" in check_sweep(base, big, 1)
    steps = (SweepAxis("batch_size", (1, 2)), SweepAxis("n_samples", (5000, 10000)))
    assert "million mini-batch steps" in check_sweep(base, steps, 500)


def test_the_heatmap_marks_diverged_pending_and_cancelled_cells() -> None:
    base = PlaygroundConfig(dataset="xor", n_samples=100, hidden_layers=(3,))
    result = run_sweep(base, {"learning_rate": [0.03, 10.0], "activation": ["relu"]}, 30, n_jobs=1)
    assert result.status[1, 0] == DIVERGED
    finished = np.ones(result.shape, dtype=bool)
    figure = sweep_heatmap(result, finished, "test_loss").to_dict()
    words = figure["data"][1]["text"]
    assert list(words) == ["✕ diverged"]
    assert figure["layout"]["shapes"][0]["x0"] < 0.5  # the best cell (lr 0.03) is outlined
    assert len(figure["data"][2]["x"]) == 2  # one click target per cell
    pending = sweep_heatmap(result, np.array([[True], [False]]), "test_metric", running=True)
    assert list(pending.to_dict()["data"][1]["text"]) == ["…"]
    assert "1 of 2 cells done" in pending.layout.title.text
    stopped = sweep_heatmap(result, np.array([[True], [False]]), "test_loss")
    assert list(stopped.to_dict()["data"][1]["text"]) == ["cancelled"]
    curves = sweep_curves_figure(result, [(0, 0), (1, 0)], log_y=True)
    assert len(curves.data) == 4 and curves.layout.yaxis.type == "log"
    assert cell_label(result, (0, 0)) == "learning rate 0.03 · activation relu"
