"""The compare page: the difference sentence, the comparison model, and the page under AppTest.

The first part tests pure functions — `difference_sentence` and its threshold, the overlaid loss
figure, `CompareSetup` with its URL form and ready-made comparisons, `train_in_step` — and the
second drives `views/compare.py` through `app.py` with AppTest. AppTest never fires the live
fragment's `run_every` timer, so each `.run()` is one tick of the pair loop; the loop trains by
elapsed time, so tests that need training sleep a little between runs. The two sides are the
`LiveState`s in `st.session_state["live:compare-a"]` and `["live:compare-b"]`.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.forward_msg_queue import ForwardMsgQueue
from streamlit.testing.v1 import AppTest

from playground.config import PlaygroundConfig
from playground.experiments.comparison import (
    SHARED_FIELDS,
    CompareSetup,
    comparison,
    comparisons,
    from_query_params,
    to_query_params,
)
from playground.experiments.presets import list_presets
from playground.live.pair import same_data, train_in_step
from playground.trainer import Trainer
from playground.ui.widgets.live_view import decode_payload
from playground.viz.compare_figures import (
    NO_RESULT,
    SideCurves,
    compare_loss_figure,
    difference_sentence,
    format_loss,
    loss_threshold,
)

APP = Path(__file__).resolve().parents[2] / "app.py"
STATE_KEYS = ("live:compare-a", "live:compare-b")


def curves(name: str, test_loss, start: int = 1, diverged_at=None, label: str = "") -> SideCurves:
    test = np.asarray(test_loss, dtype=np.float64)
    epochs = np.arange(start, start + len(test))
    return SideCurves(name, epochs, test * 0.8, test, diverged_at, label)


def falling(final: float, reach_epoch: int, level: float, n_epochs: int) -> np.ndarray:
    """A test loss from 0.7 that first gets to `level` at `reach_epoch`, then eases to `final`."""
    epochs = np.arange(1, n_epochs + 1)
    early = np.linspace(0.7, level * 1.001, reach_epoch - 1)
    late = np.linspace(level, final, n_epochs - reach_epoch + 1)
    assert len(early) + len(late) == len(epochs)
    return np.concatenate([early, late])


# --- 1. the difference in a sentence ------------------------------------------------------------
def test_only_one_side_reaches_the_threshold():
    a = curves("A", np.r_[np.linspace(0.7, 0.23, 120), np.full(80, 0.3)])
    b = curves("B", falling(0.0834, 40, 0.1, 200))
    assert loss_threshold([a, b]) == pytest.approx(0.1)  # 1.2 × 0.0834 = 0.10008 → 0.10
    assert difference_sentence(a, b) == (
        "B reaches test loss 0.10 at epoch 40; A never does (best 0.23 at epoch 120)."
    )
    assert difference_sentence(b, a).startswith("B reaches test loss 0.10 at epoch 40; A never")


def test_both_reach_the_threshold_at_different_epochs():
    a = curves("A", falling(0.0834, 35, 0.1, 200))
    b = curves("B", falling(0.085, 80, 0.1, 200))
    assert difference_sentence(a, b) == "Both reach test loss 0.10: A at epoch 35, B at epoch 80."


def test_both_reach_at_the_same_epoch():
    a = curves("A", falling(0.0834, 35, 0.1, 100))
    assert difference_sentence(a, a) == "Both reach test loss 0.10 at epoch 35."


def test_a_clearly_lower_final_loss_is_named_after_the_epochs():
    overfits = np.r_[np.linspace(0.7, 0.44, 4), 0.43, np.linspace(0.42, 0.52, 295)]
    steady = np.r_[np.linspace(0.7, 0.44, 99), np.linspace(0.43, 0.36, 201)]
    a, b = curves("A", overfits), curves("B", steady)
    assert difference_sentence(a, b) == (
        "Both reach test loss 0.43: A at epoch 5, B at epoch 100; "
        "by epoch 300 B's test loss is lower (0.36 against 0.52)."
    )


def test_divergence_of_one_side_is_named_with_the_other_sides_state():
    a = curves("A", [0.7, 0.9, 2.0][:2], diverged_at=12)
    b = curves("B", np.linspace(0.7, 0.23, 40))
    assert difference_sentence(a, b) == (
        "A diverged at epoch 12; B trains normally (test loss 0.23 at epoch 40)."
    )
    assert difference_sentence(b, a).startswith("A diverged at epoch 12; B trains normally")


def test_both_diverged():
    a, b = curves("A", [0.7], diverged_at=3), curves("B", [0.7] * 5, diverged_at=6)
    assert difference_sentence(a, b) == "Both diverged: A at epoch 3, B at epoch 6."


def test_no_training_yet_asks_for_play():
    empty = curves("A", [])
    assert difference_sentence(empty, curves("B", [])) == NO_RESULT
    assert difference_sentence(empty, curves("B", [0.5, 0.4])) == NO_RESULT


def test_threshold_definition_and_floor():
    # 1.2 × the smaller recent test loss (median of the last 10 epochs), two significant figures
    assert (
        loss_threshold([curves("A", [0.7] + [0.36] * 10), curves("B", [0.7] + [0.5] * 10)]) == 0.43
    )
    noisy = curves("A", [0.7, 0.5, *[0.36] * 9, 0.1])
    assert loss_threshold([noisy, curves("B", [0.5])]) == 0.43  # one lucky epoch moves nothing
    # ... never below 0.01: two sides near zero are compared on speed
    tiny = [curves("A", [0.5] + [0.001] * 10), curves("B", [0.5] + [0.0001] * 10)]
    assert loss_threshold(tiny) == 0.01
    assert difference_sentence(*tiny) == "Both reach test loss 0.010 at epoch 2."
    # diverged and non-finite sides do not count
    assert loss_threshold([curves("A", [0.7, 0.2], diverged_at=3), curves("B", [0.5])]) == 0.6
    assert loss_threshold([curves("A", [math.nan]), curves("B", [])]) is None


def test_nan_losses_never_count_as_reaching():
    a = curves("A", [0.7, math.nan, math.nan])
    b = curves("B", [0.7, 0.3, 0.2])
    assert "A never does (best 0.70 at epoch 1)" in difference_sentence(a, b)


@given(
    st.lists(st.floats(0.001, 5.0), min_size=1, max_size=30),
    st.lists(st.floats(0.001, 5.0), min_size=1, max_size=30),
)
def test_the_better_side_always_reaches_the_threshold(loss_a, loss_b):
    a, b = curves("A", loss_a), curves("B", loss_b)
    threshold = loss_threshold([a, b])
    better = a if a.recent_test_loss() <= b.recent_test_loss() else b
    assert better.reaches(threshold) is not None
    sentence = difference_sentence(a, b)
    assert (sentence.endswith(".") and "never does" in sentence) or sentence.startswith("Both")


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.1, "0.10"), (0.43, "0.43"), (1.2, "1.2"), (12.0, "12"), (0.0012, "0.0012"),
     (math.inf, "∞"), (math.nan, "NaN")],
)  # fmt: skip
def test_format_loss(value, text):
    assert format_loss(value) == text


def test_loss_figure_overlays_four_labelled_curves_and_marks_the_threshold():
    a = curves("A", np.linspace(0.7, 0.11, 50), label="No dropout")
    b = curves("B", np.r_[np.linspace(0.7, 0.1, 40), np.full(10, 0.1)], label="Dropout 0.3")
    figure = compare_loss_figure([a, b])
    lines = [t for t in figure.data if t.mode == "lines"]
    threshold = loss_threshold([a, b])
    assert threshold == 0.12  # 1.2 × B's recent test loss 0.1
    assert [t.name for t in lines] == ["A test", "A train", "B test", "B train", "test loss 0.12"]
    assert lines[0].line.color == lines[1].line.color != lines[2].line.color
    assert [t.line.dash for t in lines] == ["solid", "dot", "solid", "dot", "dash"]
    assert "No dropout" in figure.layout.title.text and "Dropout 0.3" in figure.layout.title.text
    assert list(lines[-1].y) == [threshold, threshold]  # the threshold, a dashed grey line
    assert len([t for t in figure.data if t.mode == "markers"]) == 2  # where each side reaches it
    assert compare_loss_figure([a, b], log_y=True).layout.yaxis.type == "log"


# --- 2. the comparison model ---------------------------------------------------------------------
def test_quick_comparisons_contrast_what_their_titles_say():
    expected = {
        "dropout-vs-none": ("dropout", 0.0, 0.3),
        "sigmoid-vs-relu": ("activation", "sigmoid", "relu"),
        "sgd-vs-adam": ("optimizer", "sgd", "adam"),
        "batchnorm-vs-none": ("batch_norm", False, True),
    }
    for name, (field, value_a, value_b) in expected.items():
        setup = comparison(name).setup
        assert getattr(setup.config("a"), field) == value_a
        assert getattr(setup.config("b"), field) == value_b
        assert setup.differences() == [field]


def test_every_preset_with_a_comparison_is_offered_with_its_configs():
    offered = {item.name: item for item in comparisons()}
    presets = [p for p in list_presets() if p.compare is not None and p.data is None]
    assert len(presets) >= 3
    for preset in presets:
        setup = offered[preset.name].setup
        assert (setup.config("a"), setup.config("b")) == preset.compare
        assert (setup.labels["a"], setup.labels["b"]) == preset.compare_labels
        assert setup.base == preset.config


def test_overrides_equal_to_the_base_are_dropped_and_shared_fields_refused():
    setup = CompareSetup().with_override("a", "learning_rate", 0.1)
    assert setup.overrides["a"] == {"learning_rate": 0.1}
    assert setup.with_override("a", "learning_rate", 0.03).overrides["a"] == {}
    for field in SHARED_FIELDS:
        with pytest.raises(ValueError, match="share"):
            setup.with_override("b", field, getattr(setup.base, field))


def test_a_base_change_reaches_both_sides_unless_one_overrides_it():
    setup = CompareSetup().with_override("b", "optimizer", "adam")
    setup = setup.with_base("optimizer", "momentum").with_base("noise", 0.2)
    assert setup.config("a").optimizer == "momentum"
    assert setup.config("b").optimizer == "adam"
    assert setup.config("a").noise == setup.config("b").noise == 0.2
    regression = setup.with_base("dataset", "plane")
    assert regression.base.problem == "regression" and regression.base.n_samples == 1200


@pytest.mark.parametrize("name", [item.name for item in comparisons()])
def test_url_round_trip_of_every_ready_made_comparison(name):
    setup = comparison(name).setup
    params = to_query_params(setup)
    back, warnings = from_query_params(params)
    assert warnings == []
    assert (back.base, back.overrides, back.labels) == (setup.base, setup.overrides, setup.labels)


def test_url_parameters_are_prefixed_per_side():
    setup = CompareSetup().with_base("dataset", "xor")
    setup = setup.with_override("a", "learning_rate", 0.1).with_override("b", "optimizer", "adam")
    assert to_query_params(setup) == {
        "dataset": "xor", "a.learning_rate": "0.1", "b.optimizer": "adam",
    }  # fmt: skip


BAD_PARAMS = {
    "a.learning_rate": "fast",
    "b.activation": "wiggle",
    "a.dataset": "xor",
    "c.seed": "3",
    "noise": "lots",
    "b.colour": "red",
    "volume": "11",
}


def test_invalid_url_parameters_are_each_named_and_the_rest_used():
    setup, warnings = from_query_params({**BAD_PARAMS, "b.optimizer": "adam", "seed": "7"})
    for name, value in BAD_PARAMS.items():
        assert sum(f"'{name}={value}'" in w for w in warnings) == 1, (name, warnings)
    assert len(warnings) == len(BAD_PARAMS)
    assert setup.overrides == {"a": {}, "b": {"optimizer": "adam"}}
    assert setup.base == PlaygroundConfig(seed=7)


def test_same_data_compares_the_points():
    a, b = Trainer(PlaygroundConfig(seed=1)), Trainer(PlaygroundConfig(seed=1, optimizer="adam"))
    assert same_data(a, b)
    assert not same_data(a, Trainer(PlaygroundConfig(seed=2)))


# --- 3. training in step ------------------------------------------------------------------------
def test_train_in_step_keeps_a_slow_and_a_fast_side_on_the_same_epoch():
    fast = Trainer(PlaygroundConfig(hidden_layers=(2,), batch_size=250))
    slow = Trainer(PlaygroundConfig(hidden_layers=(8,) * 6, batch_norm=True, batch_size=1))
    for epochs in (1, 3, None, 2, None):
        rounds = train_in_step((fast, slow), epochs, max_seconds=0.01, round_limit=math.inf)
        assert fast.epoch == slow.epoch
        assert rounds >= 1
    assert train_in_step((fast, slow), 5, math.inf) == 5
    assert fast.epoch == slow.epoch


class CountingClock:
    """A fake clock that moves on `tick` seconds at every reading: time is counted in readings,
    so a test of a time budget gives the same result on a fast machine and on a busy one."""

    def __init__(self, tick: float) -> None:
        self.now, self.tick = 0.0, tick

    def __call__(self) -> float:
        self.now += self.tick
        return self.now


def test_a_round_too_long_for_its_limit_waits_for_the_slow_side():
    clock = CountingClock(0.001)  # a reading per training step: 250 steps make a slow epoch
    fast = Trainer(PlaygroundConfig(batch_size=250))
    slow = Trainer(PlaygroundConfig(hidden_layers=(16,) * 4, batch_size=1))
    fast.clock = slow.clock = clock
    train_in_step((fast, slow), 2, max_seconds=0.0, round_limit=0.02, clock=clock)
    assert (fast.epoch, slow.epoch) == (1, 0) and 0 < slow.step < 250  # stopped mid-epoch
    for _ in range(29):
        train_in_step((fast, slow), 2, max_seconds=0.0, round_limit=0.02, clock=clock)
        assert 0 <= fast.epoch - slow.epoch <= 1  # the fast side waits at its epoch
    assert slow.epoch >= 2  # it gets there, one slice of the round limit per call


def test_train_in_step_stops_when_a_side_diverges():
    wild = Trainer(PlaygroundConfig(dataset="plane", hidden_layers=(8, 8), learning_rate=10.0))
    calm = Trainer(PlaygroundConfig(dataset="plane", hidden_layers=(8, 8)))
    for _ in range(50):
        train_in_step((wild, calm), 5, 0.05)
        if wild.diverged:
            break
    assert wild.diverged and not calm.diverged
    epoch = calm.epoch
    assert train_in_step((wild, calm), 5, 0.05) == 0
    assert calm.epoch == epoch


# --- 4. the page under AppTest -------------------------------------------------------------------
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
