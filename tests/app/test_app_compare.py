"""The compare page under AppTest: two live views trained in step, its controls, its URL.

It drives `views/compare.py` through `app.py`. AppTest never fires the live fragment's
`run_every` timer, so each `.run()` is one tick of the pair loop; the loop trains by elapsed
time, so tests that need training sleep a little between runs. The two sides are the `LiveState`s
in `st.session_state["live:compare-a"]` and `["live:compare-b"]`. The pure pieces the page is
built from have unit tests: tests/unit/test_viz_compare_figures.py, test_comparison.py and
test_live_pair.py.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.forward_msg_queue import ForwardMsgQueue
from streamlit.testing.v1 import AppTest
from support.comparison_params import BAD_PARAMS

from playground.config import PlaygroundConfig
from playground.experiments.comparison import (
    comparison,
    comparisons,
)
from playground.live.pair import same_data
from playground.ui.widgets.live_view import decode_payload

APP = Path(__file__).resolve().parents[2] / "app.py"
STATE_KEYS = ("live:compare-a", "live:compare-b")


# --- the page under AppTest -------------------------------------------------------------------
@pytest.fixture
def compare_app():
    """The compare page of app.py, opened (optionally) with URL query parameters."""

    def start(query_params: dict[str, str] | None = None) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.run()  # the playground, the default page
        at.query_params.clear()
        at.query_params.update(query_params or {})
        at.switch_page("views/compare.py").run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return start


def sides(at: AppTest):
    return tuple(at.session_state[key] for key in STATE_KEYS)


def widget(at: AppTest, key: str):
    """The widget with `key` (a button: its key carries a click count, 'compare:play:2')."""
    kinds = ("button", "selectbox", "toggle", "text_input", "slider", "number_input",
             "select_slider", "button_group")  # fmt: skip
    for kind in kinds:
        for element in at.get(kind):
            found = getattr(element, "key", None) or ""
            if found == key or (kind == "button" and found.rsplit(":", 1)[0] == key):
                return element
    raise LookupError(key)


def act(at: AppTest, key: str, value=None) -> AppTest:
    element = widget(at, key)
    (element.click() if value is None else element.set_value(value)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def payloads(at: AppTest) -> dict[str, dict]:
    views = {c.proto.id.rsplit("-", 1)[-1]: c for c in at.get("bidi_component")}
    return {side: decode_payload(views[f"{side}:view"].proto.bytes) for side in ("a", "b")}


def tick(at: AppTest, pause: float = 0.03) -> None:
    time.sleep(pause)
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_page_loads_with_the_default_comparison_and_two_live_views(compare_app):
    at = compare_app()
    assert not at.error and not at.warning
    a, b = sides(at)
    default = comparison("dropout-vs-none").setup
    assert (a.config, b.config) == (default.config("a"), default.config("b"))
    views = payloads(at)
    assert views["a"]["epoch"] == views["b"]["epoch"] == 0
    assert views["a"]["status"] == views["b"]["status"] == "paused"
    assert widget(at, "compare:play").label == "Play"
    assert at.session_state["compare:preset"] == "dropout-vs-none"
    assert at.query_params["b.dropout"] == "0.3" and at.query_params["dataset"] == "xor"
    markdown = " ".join(m.value for m in at.markdown)
    assert "Press Play" in markdown and "**dropout 0.3**" in markdown


@pytest.mark.parametrize("name", [item.name for item in comparisons()])
def test_a_ready_made_comparison_applies_to_both_sides(compare_app, name):
    at = compare_app({"dataset": "moons"})
    a, b = sides(at)
    act(at, "compare:preset", name)
    setup = comparison(name).setup
    a, b = sides(at)
    assert (a.config, b.config) == (setup.config("a"), setup.config("b"))
    assert (a.trainer.config, b.trainer.config) == (a.config, b.config)
    assert a.trainer.epoch == b.trainer.epoch == 0
    assert same_data(a.trainer, b.trainer)
    assert at.session_state["compare:setup"].labels == setup.labels
    assert any(setup.labels["b"] in m.value for m in at.markdown)


def test_play_trains_both_sides_in_step_and_pause_stops_both(compare_app):
    at = compare_app()
    act(at, "compare:play")
    a, b = sides(at)
    assert a.playing and b.playing
    assert widget(at, "compare:play").label == "Pause"
    epochs = []
    for _ in range(6):
        tick(at)
        assert a.trainer.epoch == b.trainer.epoch  # in step after every frame
        views = payloads(at)
        assert views["a"]["epoch"] == views["b"]["epoch"] == a.trainer.epoch
        assert views["a"]["frame"] == views["b"]["frame"]
        epochs.append(a.trainer.epoch)
    assert epochs[-1] > epochs[0] > 0
    act(at, "compare:play")
    assert not a.playing and not b.playing
    paused = a.trainer.epoch
    tick(at)
    assert a.trainer.epoch == b.trainer.epoch == paused
    assert "reach" in " ".join(m.value for m in at.markdown)  # the sentence has something to say


def test_each_view_outlives_the_next_run_of_the_training_fragment(compare_app, monkeypatch):
    """When the playing fragment's next run starts, Streamlit drops whatever that fragment sent
    but had not yet flushed, and greys that fragment's elements until the new run sends them.
    B's view, the run's last element, was hit by both: in the browser it lost whole runs (20
    epochs behind A) and stayed grey over several. Each view is a fragment of its own now, so
    clearing the queue as the training fragment's next run does keeps both views."""
    sent: list[ForwardMsg] = []
    enqueue = ForwardMsgQueue.enqueue

    def record(queue: ForwardMsgQueue, msg: ForwardMsg) -> None:
        sent.append(msg)
        enqueue(queue, msg)

    at = compare_app()
    act(at, "compare:play")
    monkeypatch.setattr(ForwardMsgQueue, "enqueue", record)
    tick(at)
    deltas = [msg for msg in sent if msg.HasField("delta")]
    columns = [msg.delta for msg in deltas if msg.delta.add_block.HasField("column")]
    (training,) = {delta.fragment_id for delta in columns if delta.fragment_id}  # the pair's
    views = {view_key(msg): msg.delta.fragment_id for msg in deltas if view_key(msg)}
    assert sorted(views) == ["a:view", "b:view"] and training not in views.values()
    queue = ForwardMsgQueue()
    for msg in deltas:
        queue.enqueue(msg)
    queue.clear(retain_lifecycle_msgs=True, fragment_ids_this_run=[training])
    assert [view_key(msg) for msg in queue.flush() if view_key(msg)] == ["a:view", "b:view"]


def view_key(msg: ForwardMsg) -> str:
    """ "a:view" or "b:view" for a delta that draws a compare view, else ""."""
    key = msg.delta.new_element.bidi_component.id.rsplit("-", 1)[-1]
    return key if key in ("a:view", "b:view") else ""


def test_a_click_replayed_on_a_stale_button_does_nothing(compare_app):
    at = compare_app()
    play = widget(at, "compare:play")
    play.click().run()
    a, b = sides(at)
    assert a.playing and widget(at, "compare:play").key != play.key  # a new key per handled click
    play.click().run()  # what Streamlit's replay of the same click amounts to
    assert a.playing and b.playing
    act(at, "compare:play")
    assert not a.playing and not b.playing
    paused_at = a.trainer.epoch
    step = widget(at, "compare:step")
    step.click().run()
    step.click().run()
    assert a.trainer.epoch == b.trainer.epoch == paused_at + 1


def test_fast_speed_keeps_the_sides_in_step(compare_app):
    at = compare_app({"dataset": "circle", "b.hidden_layers": "8,8,8,8,8,8", "b.batch_size": "1"})
    act(at, "compare:speed", "fast")
    act(at, "compare:play")
    a, b = sides(at)
    for _ in range(5):
        tick(at, 0.01)
        assert a.trainer.epoch == b.trainer.epoch
    assert a.trainer.epoch > 0
    assert at.query_params["speed"] == "fast"


def test_step_and_reset_act_on_both_sides(compare_app):
    at = compare_app()
    a, b = sides(at)
    start = a.trainer.network.theta.copy(), b.trainer.network.theta.copy()
    act(at, "compare:step")
    act(at, "compare:step")
    assert a.trainer.epoch == b.trainer.epoch == 2
    assert payloads(at)["b"]["epoch"] == 2
    act(at, "compare:reset")
    a, b = sides(at)
    assert a.trainer.epoch == b.trainer.epoch == 0
    np.testing.assert_array_equal(a.trainer.network.theta, start[0])
    np.testing.assert_array_equal(b.trainer.network.theta, start[1])


def test_both_sides_always_share_the_data(compare_app):
    at = compare_app()
    act(at, "compare:noise", 20)
    act(at, "compare:seed", 5)
    act(at, "compare-a:learning_rate", 0.1)
    act(at, "compare-b:hidden_layers", "3")
    a, b = sides(at)
    assert a.config.noise == b.config.noise == 0.2 and a.config.seed == b.config.seed == 5
    assert (a.config.learning_rate, b.config.learning_rate) == (0.1, 0.01)
    assert (a.config.hidden_layers, b.config.hidden_layers) == ((8, 8), (3,))
    assert same_data(a.trainer, b.trainer)
    np.testing.assert_array_equal(a.trainer.data.x_train, b.trainer.data.x_train)
    assert at.session_state["compare:preset"] is None  # it is your own comparison now


def test_a_change_restarts_both_sides_from_epoch_zero_and_keeps_playing(compare_app):
    at = compare_app()
    act(at, "compare:play")
    for _ in range(3):
        tick(at)
    act(at, "compare-b:optimizer", "sgd")
    a, b = sides(at)
    assert a.trainer.epoch == b.trainer.epoch == 0
    assert a.playing and b.playing
    assert b.config.optimizer == "sgd" and a.config.optimizer == "adam"


def test_a_bad_hidden_layers_text_is_refused_with_a_notice(compare_app):
    at = compare_app()
    act(at, "compare-a:hidden_layers", "8, many")
    assert sides(at)[0].config.hidden_layers == (8, 8)
    assert any("8, many" in w.value for w in at.warning)
    assert widget(at, "compare-a:hidden_layers").value == "8, 8"  # snapped back


def test_reset_clears_a_settings_notice(compare_app):
    at = compare_app()
    at.session_state["compare:notice"] = "That setting could not be used (test); kept as it was."
    at.run()
    assert any("could not be used (test)" in w.value for w in at.warning)
    act(at, "compare:reset")
    assert not any("could not be used (test)" in w.value for w in at.warning)


URL = {
    "dataset": "spiral",
    "noise": "0.1",
    "hidden_layers": "8,8",
    "a.learning_rate": "0.1",
    "b.optimizer": "adam",
    "b.label": "Adam",
    "show_test": "1",
}


def test_url_round_trip(compare_app):
    at = compare_app(URL)
    assert not at.warning
    a, b = sides(at)
    assert (a.config.dataset, a.config.noise, a.config.hidden_layers) == ("spiral", 0.1, (8, 8))
    assert (a.config.learning_rate, b.config.learning_rate) == (0.1, 0.03)
    assert (a.config.optimizer, b.config.optimizer) == ("sgd", "adam")
    assert a.view.show_test and b.view.show_test
    assert widget(at, "compare-a:learning_rate").value == 0.1
    assert widget(at, "compare:hidden_layers").value == "8, 8"
    assert at.query_params == URL
    act(at, "compare-b:learning_rate", 0.01)
    assert at.query_params["b.learning_rate"] == "0.01"
    act(at, "compare-a:learning_rate", 0.03)  # back to the shared value: no longer in the URL
    assert "a.learning_rate" not in at.query_params


def test_invalid_url_parameters_are_named_in_a_warning(compare_app):
    at = compare_app({**BAD_PARAMS, "b.optimizer": "adam"})
    texts = [w.value for w in at.warning]
    for name, value in BAD_PARAMS.items():
        assert sum(f"{name}={value}" in text for text in texts) == 1, (name, texts)
    a, b = sides(at)
    assert a.config == PlaygroundConfig() and b.config == PlaygroundConfig(optimizer="adam")
    act(at, "compare:dismiss_warnings")
    assert not at.warning
    assert at.query_params == {"dataset": "circle", "b.optimizer": "adam"}


def test_divergence_of_one_side_pauses_both_and_names_it(compare_app):
    at = compare_app(
        {"dataset": "plane", "hidden_layers": "8,8", "b.learning_rate": "10.0", "speed": "fast"}
    )
    act(at, "compare:play")
    a, b = sides(at)
    for _ in range(100):
        if b.trainer.diverged:
            break
        tick(at, 0.01)
    at.run()
    assert b.trainer.diverged and not a.trainer.diverged
    assert not a.playing and not b.playing
    assert len(at.error) == 1
    message = at.error[0].value
    assert message.startswith("**B diverged, so both sides are paused.**")
    assert "learning rate" in message.lower()
    assert payloads(at)["b"]["status"] == "diverged"
    assert any("B diverged at epoch" in m.value for m in at.markdown)
    act(at, "compare:reset_after_divergence")
    a, b = sides(at)
    assert not at.error and not b.trainer.diverged
    assert a.trainer.epoch == b.trainer.epoch == 0
