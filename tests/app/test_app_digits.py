"""The digits page under AppTest, and its figures (PNG tiles, HTML tables, the curves chart).

AppTest never fires the live fragment's `run_every` timer, so each `.run()` is one refresh: the
page trains a speed's worth of epochs per refresh ("normal" = 4). The session's network is the
`LiveState` in `st.session_state["digits:state"]`; widget keys start with `digits:w:`.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from apptest_helpers import button
from streamlit.testing.v1 import AppTest

from playground.analysis.metrics import classification_metrics
from playground.config import PlaygroundConfig
from playground.data.digits import load_digits_dataset, misclassified
from playground.trainer import Trainer
from playground.ui.widgets import digits_view
from playground.ui.widgets.digits_view import REFRESH_SECONDS
from playground.viz.colors import GREY, ORANGE, diverging_rgb
from playground.viz.digits_figures import (
    confusion_html,
    learning_curves_chart,
    mistakes_html,
    weight_rgb,
    weights_html,
)
from playground.viz.png import png_bytes

DIGITS = "views/digits.py"


def open_digits_page(playground_app, params: dict[str, str] | None = None) -> AppTest:
    """The app opened on the playground, then the digits page with `params` in the URL."""
    at = playground_app()
    if params is not None:
        at.query_params.clear()
        at.query_params.update(params)
    at.switch_page(DIGITS).run()
    check(at)
    return at


def check(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def state(at: AppTest):
    return at.session_state["digits:state"]


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def refresh(at: AppTest, times: int = 1) -> None:
    """Rerun the page as the live fragment's timer would, half a second after the last run (the
    session's clock is moved back: the pace is counted, not waited for)."""
    for _ in range(times):
        live = state(at)
        if live.last_tick:
            live.last_tick -= REFRESH_SECONDS
        at.run()
        check(at)


def html_blocks(at: AppTest) -> list[str]:
    return [element.proto.body for element in at.get("html")]


# --- the page ---------------------------------------------------------------------------------
def test_the_page_loads_with_lesson_10s_network_and_every_figure(playground_app) -> None:
    at = open_digits_page(playground_app)
    assert at.title[0].value == "Handwritten digits"
    config = state(at).config
    assert config.dataset == "digits" and config.hidden_layers == (16,)
    assert config.optimizer == "adam" and not at.warning  # the playground's URL is not for here
    assert metric(at, "Epoch") == "0"
    assert len(at.get("vega_lite_chart")) == 1
    blocks = html_blocks(at)
    assert any("First-layer neurons" in b and b.count("<img") == 16 for b in blocks)
    assert any("Confusion matrix" in b and "<table" in b for b in blocks)
    assert any("Misclassified test images" in b for b in blocks)
    assert len(at.caption) >= 5  # the intro and one under every figure
    assert at.expander and "blue" in at.expander[0].markdown[0].value
    for element in (*at.selectbox, *at.number_input, *at.select_slider):
        assert element.help, f"{element.label} has no tooltip"


def test_play_trains_live_until_the_epoch_to_stop_at(playground_app) -> None:
    at = open_digits_page(playground_app)
    at.number_input(key="digits:w:epochs").set_value(12).run()
    button(at, "digits:play").click().run()
    check(at)
    assert state(at).playing
    first = float(metric(at, "Test accuracy").rstrip(" %"))
    for _ in range(30):  # 4 epochs a refresh (8 a second)
        if not state(at).playing:
            break
        refresh(at)
    assert state(at).trainer.epoch == 12 and not state(at).playing
    assert float(metric(at, "Test accuracy").rstrip(" %")) > max(first, 85.0)
    assert button(at, "digits:play").label == "Play"
    blocks = html_blocks(at)
    assert any("Misclassified test images" in b for b in blocks)


def test_play_again_after_the_end_trains_further(playground_app) -> None:
    at = open_digits_page(playground_app)
    at.number_input(key="digits:w:epochs").set_value(2).run()
    button(at, "digits:play").click().run()
    for _ in range(30):
        if not state(at).playing:
            break
        refresh(at)
    assert state(at).trainer.epoch == 2 and not state(at).playing
    button(at, "digits:play").click().run()
    check(at)
    assert at.number_input(key="digits:w:epochs").value == 52 and state(at).playing


def test_reset_while_playing_pauses(playground_app) -> None:
    at = open_digits_page(playground_app)
    button(at, "digits:play").click().run()
    refresh(at, 2)
    assert state(at).playing and state(at).trainer.epoch > 0
    button(at, "digits:reset").click().run()
    check(at)
    assert not state(at).playing and state(at).trainer.epoch == 0
    assert button(at, "digits:play").label == "Play"


def test_play_at_the_last_epoch_allowed_shows_play_not_a_stuck_pause(
    playground_app, monkeypatch
) -> None:
    monkeypatch.setattr(digits_view, "MAX_EPOCHS", 3)
    at = open_digits_page(playground_app)
    state(at).stop_at = 3
    state(at).trainer.run_epochs(3)
    at.run()
    button(at, "digits:play").click().run()
    check(at)
    assert state(at).trainer.epoch == 3 and not state(at).playing
    assert button(at, "digits:play").label == "Play"


def test_step_reset_and_settings(playground_app) -> None:
    at = open_digits_page(playground_app)
    button(at, "digits:step").click().run()
    check(at)
    assert state(at).trainer.epoch == 1 and metric(at, "Epoch") == "1"
    at.selectbox(key="digits:w:learning_rate").set_value(0.003).run()
    check(at)
    assert state(at).trainer.epoch == 1  # a learning-rate change keeps training
    assert state(at).trainer.settings.learning_rate == 0.003
    at.selectbox(key="digits:w:penalty").set_value(0.001).run()
    assert state(at).config.regularization == "l2"
    at.number_input(key="digits:w:units_0").set_value(8).run()
    check(at)
    assert state(at).trainer.epoch == 0 and state(at).config.hidden_layers == (8,)
    assert any(b.count("<img") == 8 for b in html_blocks(at))
    at.number_input(key="digits:w:n_layers").set_value(0).run()
    check(at)
    assert any("Output neurons, one per digit" in b for b in html_blocks(at))
    assert any("digit's template" in c.value for c in at.caption)
    button(at, "digits:step").click().run()
    button(at, "digits:reset").click().run()
    check(at)
    assert state(at).trainer.epoch == 0


def test_a_digits_url_sets_the_network(playground_app) -> None:
    params = {"dataset": "digits", "hidden_layers": "8,8", "learning_rate": "0.003", "seed": "5"}
    at = open_digits_page(playground_app, params)
    config = state(at).config
    assert config.hidden_layers == (8, 8) and config.learning_rate == 0.003 and config.seed == 5
    assert at.number_input(key="digits:w:n_layers").value == 2
    assert at.query_params["hidden_layers"] in ("8,8", ["8,8"])  # the URL follows the page


def test_a_bad_url_parameter_is_named(playground_app) -> None:
    at = open_digits_page(playground_app, {"dataset": "digits", "learning_rate": "fast"})
    assert any("learning_rate=fast" in w.value for w in at.warning)


def test_divergence_is_explained_and_reset(playground_app) -> None:
    params = {"dataset": "digits", "optimizer": "sgd", "learning_rate": "10.0", "batch_size": "1"}
    at = open_digits_page(playground_app, params)
    button(at, "digits:play").click().run()
    for _ in range(10):
        if state(at).trainer.diverged:
            break
        at.run()
    assert not at.exception
    assert state(at).trainer.diverged and not state(at).playing
    assert any("diverged" in e.value.lower() for e in at.error)
    at.button(key="digits:btn:recover").click().run()
    check(at)
    assert not state(at).trainer.diverged and state(at).trainer.epoch == 0


# --- the figures ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def trained() -> Trainer:
    trainer = Trainer(PlaygroundConfig(dataset="digits", hidden_layers=(12,), optimizer="adam"))
    trainer.run_epochs(3)
    return trainer


def test_png_tiles_decode_to_the_pixels_drawn() -> None:
    image = pytest.importorskip("PIL.Image")
    rgb = np.arange(8 * 5 * 3, dtype=np.uint8).reshape(8, 5, 3)
    decoded = np.asarray(image.open(io.BytesIO(png_bytes(rgb))).convert("RGB"))
    np.testing.assert_array_equal(decoded, rgb)


def test_weight_tiles_are_orange_for_negative_and_blue_for_positive() -> None:
    weights = np.zeros((8, 8))
    weights[0, 0], weights[7, 7] = -2.0, 1.0
    rgb = weight_rgb(weights)
    assert tuple(rgb[0, 0]) == ORANGE  # the largest |weight|, negative: full orange
    assert tuple(rgb[3, 3]) == GREY  # zero
    half_blue = diverging_rgb(np.array([0.5]))[0]
    np.testing.assert_array_equal(rgb[7, 7], half_blue)  # half the largest |weight|, positive
    assert half_blue[2] > half_blue[0]


def test_figures_of_a_trained_network(trained: Trainer) -> None:
    data = trained.data
    probabilities = trained.network.predict(data.inputs_test)
    assert weights_html(trained.network.params[0]["W"]).count("<img") == 12
    mistakes = misclassified(data, probabilities)
    html = mistakes_html(mistakes, len(data.y_test))
    assert html.count("<img") == min(24, len(mistakes.images))
    assert f"{len(mistakes.images)} of {len(data.y_test)}" in html
    metrics = classification_metrics(data.y_test, probabilities.argmax(axis=1), 10)
    table = confusion_html(metrics)
    assert table.count("<td") == 100 and "predicted digit" in table
    columns, spec = learning_curves_chart(trained.history)
    assert len(columns["epoch"]) == 4 * 3 and set(columns["split"]) == {"training", "test"}
    assert len(spec["vconcat"]) == 2


def test_no_mistakes_and_no_history_are_said_in_words() -> None:
    data = load_digits_dataset()
    perfect = np.eye(10)[data.y_test]
    assert "No mistakes" in mistakes_html(misclassified(data, perfect), len(data.y_test))
    columns, _ = learning_curves_chart(Trainer(PlaygroundConfig(dataset="digits")).history)
    assert columns["epoch"] == []
