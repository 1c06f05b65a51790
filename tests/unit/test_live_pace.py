"""The live loop's pace: "normal" speed delivers its 100 epochs a second, and no more after a
stall; the work is counted on the loop's own bookkeeping, never timed on this machine."""

from __future__ import annotations

import pytest

from playground import PlaygroundConfig
from playground.live.pacing import PLAYGROUND_PACE, Pace, advance, epochs_due
from playground.live.pair import LivePair, advance_pair
from playground.live.session import ViewOptions, new_state

EPOCHS_PER_SECOND, MAX_BACKLOG = PLAYGROUND_PACE.rates, PLAYGROUND_PACE.max_backlog


@pytest.mark.parametrize("speed", ["slow", "normal"])
@pytest.mark.parametrize("share", [0.0215, 0.0199, 0.013])
def test_a_speed_delivers_its_epochs_per_second_with_no_fraction_lost(speed, share) -> None:
    state = new_state(PlaygroundConfig(), ViewOptions(speed=speed))
    frames = round(10.0 / share)  # ten seconds of frames
    due = sum(epochs_due(state, share) for _ in range(frames))
    assert due == pytest.approx(EPOCHS_PER_SECOND[speed] * frames * share, abs=1)


def test_a_stalled_tab_does_not_owe_more_than_the_backlog() -> None:
    state = new_state(PlaygroundConfig(), ViewOptions(speed="normal"))
    assert epochs_due(state, 30.0) == EPOCHS_PER_SECOND["normal"] * MAX_BACKLOG


def test_epochs_a_budget_cut_short_are_owed_to_the_next_frame() -> None:
    state = new_state(PlaygroundConfig(), ViewOptions(speed="normal"))
    readings = iter(range(10**6))
    state.trainer.clock = lambda: next(readings)  # every reading is a second: budgets run out
    advance(state, 0.05)  # 5 epochs due, about one trained before the budget ran out
    assert state.trainer.epoch < 5
    assert state.epoch_credit == pytest.approx(5 - state.trainer.epoch)


def test_the_compare_pair_owes_the_epochs_its_budget_cut_short() -> None:
    a, b = (new_state(PlaygroundConfig(), ViewOptions(speed="normal")) for _ in range(2))
    readings = iter(range(10**6))
    for state in (a, b):
        state.trainer.clock = lambda: next(readings)  # every reading a second: budgets run out
    advance_pair(LivePair(a, b), 0.05)  # 5 epochs due
    assert a.trainer.epoch == b.trainer.epoch < 5
    assert a.epoch_credit == pytest.approx(5 - a.trainer.epoch)


@pytest.mark.parametrize("speed", ["slow", "normal", "fast"])
def test_training_never_passes_the_epoch_to_stop_at(speed) -> None:
    state = new_state(PlaygroundConfig(), ViewOptions(speed=speed), stop_at=7)
    for _ in range(40):
        advance(state, 0.2)
    assert state.trainer.epoch == 7 and not state.can_train


def test_play_at_the_epoch_to_stop_at_plays_on() -> None:
    state = new_state(PlaygroundConfig(), stop_at=3)
    state.trainer.run_epochs(3)
    state.toggle_play()
    assert state.playing and state.running and state.stop_at == 53


def test_a_slower_pace_gives_its_own_rate_and_backlog() -> None:
    pace = Pace({"normal": 8.0}, budget=0.1, max_elapsed=1.0, max_backlog=1.0)
    state = new_state(PlaygroundConfig(), pace=pace)
    assert sum(epochs_due(state, 0.5) for _ in range(20)) == 80  # 8 a second for 10 s
    assert epochs_due(state, 30.0) == 8  # a stall owes one second's worth at most
