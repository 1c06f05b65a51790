"""The playground page under AppTest: play, pause, step, reset, the frames a run sends,
divergence, and two sessions that never share a live state.

AppTest never fires the live fragment's `run_every` timer, so each `.run()` is one tick of the live
loop; the loop trains by elapsed time, so tests that need training sleep a little between runs.
Helpers: tests/app/playground_page.py.
"""

from __future__ import annotations

import itertools
import math
import time

import numpy as np
from apptest_helpers import live_views
from playground_page import act, has_widget, live_payload, play, run_until, state, widget

from playground.config import PlaygroundConfig
from playground.live.load import PLANS
from playground.live.pacing import FRAMES_PER_RUN, train_frames
from playground.trainer import Trainer
from playground.ui.widgets.live_view import decode_frames


# --- play, pause, step, reset ----------------------------------------------------------------
def test_a_playing_run_sends_a_batch_of_frames_trained_in_turn(playground_app):
    at = playground_app()
    act(at, "main:play")
    time.sleep(0.1)
    at.run()
    (view,) = live_views(at)
    frames = decode_frames(view.proto.bytes)
    assert len(frames) == FRAMES_PER_RUN  # several frames per Streamlit run, played back in turn
    numbers = [frame["frame"] for frame in frames]
    assert numbers == list(range(numbers[0], numbers[0] + FRAMES_PER_RUN))
    epochs = [frame["epoch"] for frame in frames]
    assert epochs == sorted(epochs) and epochs[-1] > epochs[0]
    assert epochs[-1] == state(at).trainer.epoch
    assert {frame["flow"] for frame in frames} == {PLANS[0].ask_ahead}  # the view asks for more
    act(at, "main:play")  # paused: one frame, shown at once, and nothing to ask for
    (paused,) = decode_frames(live_views(at)[0].proto.bytes)
    assert "flow" not in paused and paused["status"] == "paused"


def test_frames_of_a_full_run_replace_the_queue_and_timer_runs_do_not(playground_app):
    at = playground_app()
    act(at, "main:play")
    time.sleep(0.05)
    act(at, "main:learning_rate", 0.1)  # a setting changed: a full run
    frames = decode_frames(live_views(at)[0].proto.bytes)
    assert frames[0]["replace"] is True and not any("replace" in f for f in frames[1:])
    s = state(at)
    assert not s.replace_queue
    time.sleep(0.05)
    later, _ = train_frames(s)  # what the fragment's own timer runs send
    assert len(later) == FRAMES_PER_RUN and not any("replace" in f for f in later)


def test_play_advances_epochs_and_pause_stops_them(playground_app):
    at = playground_app()
    act(at, "main:play")
    s = state(at)
    assert s.playing
    assert widget(at, "main:play").label == "Pause"
    epochs = []
    for _ in range(4):
        time.sleep(0.05)
        at.run()
        epochs.append(s.trainer.epoch)
        payload = live_payload(at)
        assert payload["epoch"] == s.trainer.epoch
        assert payload["status"] == "playing"
    assert epochs[-1] > 0
    assert all(b > a for a, b in itertools.pairwise(epochs)), epochs
    act(at, "main:play")
    assert not s.playing
    assert widget(at, "main:play").label == "Play"
    paused_at = s.trainer.epoch
    for _ in range(3):
        time.sleep(0.05)
        at.run()
    assert s.trainer.epoch == paused_at
    assert live_payload(at)["status"] == "paused"


def test_step_trains_exactly_one_epoch_and_pauses(playground_app):
    at = playground_app()
    s = state(at)
    steps_per_epoch = math.ceil(len(s.trainer.data.y_train) / s.config.batch_size)
    act(at, "main:step")
    assert (s.trainer.epoch, s.trainer.step) == (1, steps_per_epoch)
    assert not s.playing
    act(at, "main:step")
    assert (s.trainer.epoch, s.trainer.step) == (2, 2 * steps_per_epoch)
    assert live_payload(at)["epoch"] == 2
    # Step while playing: pauses and trains exactly one more epoch.
    play(at, min_epochs=3)
    epoch = s.trainer.epoch
    act(at, "main:step")
    assert s.trainer.epoch == epoch + 1
    assert not s.playing
    assert widget(at, "main:play").label == "Play"


def test_reset_returns_to_initial_weights(playground_app):
    at = playground_app()
    initial = state(at).trainer.network.theta.copy()
    play(at, min_epochs=3)
    act(at, "main:play")  # pause
    trained = state(at).trainer.network.theta.copy()
    assert not np.array_equal(trained, initial)
    act(at, "main:reset")
    s = state(at)
    assert (s.trainer.epoch, s.trainer.step) == (0, 0)
    assert not s.playing
    np.testing.assert_array_equal(s.trainer.network.theta, initial)
    np.testing.assert_array_equal(s.trainer.network.theta, Trainer(s.config).network.theta)
    assert live_payload(at)["epoch"] == 0


def test_reset_while_playing_starts_again_from_epoch_zero(playground_app):
    at = play(playground_app(), min_epochs=3)
    act(at, "main:reset")
    s = state(at)
    assert s.trainer.epoch == 0
    np.testing.assert_array_equal(s.trainer.network.theta, Trainer(s.config).network.theta)


# --- divergence ------------------------------------------------------------------------------
def test_divergence_shows_error_and_reset_recovers(playground_app):
    at = playground_app()
    act(at, "main:problem", "regression")
    act(at, "main:pick_plane")
    act(at, "main:units_0", 8)
    act(at, "main:units_1", 8)
    act(at, "main:learning_rate", 10.0)
    s = state(at)
    assert (s.config.dataset, s.config.hidden_layers, s.config.learning_rate) == (
        "plane", (8, 8), 10.0,
    )  # fmt: skip
    act(at, "main:play")
    run_until(at, lambda s: s.trainer.diverged, max_runs=100)
    s = state(at)
    assert not at.exception
    assert not s.playing
    assert widget(at, "main:play").label == "Play"
    assert len(at.error) == 1
    message = at.error[0].value
    assert "diverged" in message
    assert "smaller" in message and "learning rate" in message.lower()
    assert live_payload(at)["status"] == "diverged"
    at.run()  # a further tick neither trains nor clears the message
    assert state(at).trainer.diverged and len(at.error) == 1
    act(at, "main:reset_after_divergence")
    s = state(at)
    assert not s.trainer.diverged
    assert (s.trainer.epoch, s.trainer.step) == (0, 0)
    assert not at.error
    assert not has_widget(at, "main:reset_after_divergence")
    np.testing.assert_array_equal(s.trainer.network.theta, Trainer(s.config).network.theta)


# --- sessions are independent ----------------------------------------------------------------
def test_two_sessions_are_independent(playground_app):
    first = playground_app()
    act(first, "main:pick_spiral")
    act(first, "main:learning_rate", 0.1)
    play(first, min_epochs=1)
    second = playground_app()
    one, two = state(first), state(second)
    assert one is not two
    assert two.config == PlaygroundConfig()
    assert not two.playing
    assert two.trainer.epoch == 0
    act(second, "main:pick_moons")
    act(second, "main:step")
    assert (one.config.dataset, one.config.learning_rate) == ("spiral", 0.1)
    assert one.playing
    assert two.config.dataset == "moons"
    assert two.trainer.epoch == 1 and not two.playing
    epoch = one.trainer.epoch
    run_until(first, lambda s: s.trainer.epoch > epoch)
    assert state(second).trainer.epoch == 1
    assert first.query_params["dataset"] == "spiral"
    assert second.query_params["dataset"] == "moons"
