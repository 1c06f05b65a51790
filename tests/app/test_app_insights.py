"""The 'look inside' tabs under the playground, under AppTest: each view opens and draws."""

from __future__ import annotations

import time

import pytest
from apptest_helpers import button

from playground.analysis import baselines
from playground.ui.widgets.insights import TABS

VIEWS = [title for name, title in TABS.items() if name != "guide"]
CHARTS = {"Gradient flow": 2, "Simpler models": 0}  # the simpler models are pictures


def open_tab(at, title: str) -> None:
    at.session_state["main:insight_tab"] = title
    at.run()
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("title", VIEWS)
def test_every_view_opens_while_paused_and_while_playing(playground_app, title: str) -> None:
    at = playground_app({"hidden_layers": "4,3"})
    assert not at.get("plotly_chart")  # the guide tab is open first: no figure computed
    open_tab(at, title)
    assert len(at.get("plotly_chart")) == CHARTS.get(title, 1)
    assert at.caption  # each figure has its caption
    button(at, "main:play").click().run()
    for _ in range(3):
        time.sleep(0.05)
        at.run()
    assert not at.exception
    assert at.session_state["live:main"].trainer.epoch > 0
    assert len(at.get("plotly_chart")) == CHARTS.get(title, 1)


def test_only_the_open_view_is_computed(playground_app) -> None:
    at = playground_app()
    open_tab(at, "Overfitting")
    assert len(at.get("plotly_chart")) == 1
    open_tab(at, "Look inside ▸")
    assert not at.get("plotly_chart")


def test_the_simpler_models_are_scored_beside_the_network_and_refit_on_a_new_setting(
    playground_app, monkeypatch
) -> None:
    made = []
    real = baselines.make_model
    monkeypatch.setattr(baselines, "make_model", lambda *a: made.append(a[0]) or real(*a))
    at = playground_app({"dataset": "xor", "seed": "11"})  # a data set no other test fits
    thumbnails = len(at.get("image"))  # the dataset picker's
    open_tab(at, "Simpler models")
    assert len(at.get("image")) == thumbnails + 4
    text = " ".join(m.value for m in at.markdown)
    assert "The network" in text and "Logistic regression" in text and "Random forest" in text
    assert sorted(made) == sorted(baselines.BASELINES)
    made.clear()
    at.select_slider(key="main:baseline_neighbours").set_value(50).run()
    assert not at.exception and made == ["neighbours"]  # the other three keep their fits
    linear = next(m.value for m in at.markdown if m.value.startswith("**Logistic regression**"))
    at = playground_app({"dataset": "xor", "seed": "11", "features": "x1,x2,x1x2"})
    open_tab(at, "Simpler models")
    with_product = next(m.value for m in at.markdown if m.value.startswith("**Logistic"))
    assert with_product != linear  # a linear model with x1·x2 solves xor


def test_the_simpler_models_say_why_they_cannot_learn_from_one_class(playground_app) -> None:
    at = playground_app({"n_samples": "20", "train_ratio": "0.1"})  # two training points
    open_tab(at, "Simpler models")
    assert any("all of one class" in info.value for info in at.info)


def test_backprop_explains_why_batch_norm_has_no_walkthrough(playground_app) -> None:
    at = playground_app({"batch_norm": "1"})
    open_tab(at, "Backprop step by step")
    assert any("plain network" in info.value for info in at.info)
    assert not at.get("plotly_chart")


def test_backprop_follows_the_chosen_point(playground_app) -> None:
    at = playground_app({"hidden_layers": "2"})
    open_tab(at, "Backprop step by step")
    at.number_input(key="main:bp_index").set_value(7).run()
    assert not at.exception
    assert "training point 7" in str(at.get("plotly_chart")[0].proto.spec)
    assert len(at.dataframe) == 2


def test_early_stopping_pauses_the_page_and_says_why(playground_app) -> None:
    at = playground_app(
        {
            "dataset": "xor",
            "noise": "0.5",
            "train_ratio": "0.1",
            "hidden_layers": "16,16,16",
            "optimizer": "adam",
            "early_stopping": "20",
        }
    )
    state = at.session_state["live:main"]
    state.trainer.run_epochs(500)  # train to the stop directly; the page shows what follows
    at.run()
    assert state.trainer.stopped_early
    assert any("Stopped early" in info.value for info in at.info)
    assert button(at, "main:play").label == "Play"
    button(at, "main:play").click().run()  # Play trains on after an early stop
    assert not state.trainer.stopped_early and state.playing
