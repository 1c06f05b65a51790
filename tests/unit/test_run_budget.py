"""A live run fits its time: once it has spent its budget it trains the rest of its time at once
and draws one last frame, so frames drop before epochs do (counted on a fake clock, never timed).

Streamlit's browser timer asks for the next fragment run every 0.2 s whether or not the last one
has finished, and a run that outlasts it has its frames dropped; `paced_frames` keeps a run
inside `budget` plus at most two frames' work, whatever the frames cost.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground import PlaygroundConfig
from playground.live.pacing import FRAMES_PER_RUN, paced_frames, train_frames
from playground.live.session import ViewOptions, new_state


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def run(costs_build, costs_advance, count=FRAMES_PER_RUN, share=0.02, budget=0.1):
    clock, trained, builds = FakeClock(), [], iter(costs_build)
    advances = iter(costs_advance)

    def advance(seconds: float) -> None:
        trained.append(seconds)
        clock.now += next(advances)

    def build(first: bool) -> bool:
        clock.now += next(builds)
        return first

    frames = paced_frames(
        count, share, advance=advance, build=build, running=lambda: True,
        clock=clock, budget=budget,
    )  # fmt: skip
    return frames, trained, clock.now


def test_a_quick_run_draws_every_frame() -> None:
    frames, trained, _ = run([0.001] * 10, [0.002] * 10)
    assert frames == [True] + [False] * 9  # only the first carries the points and history
    assert trained == [0.02] * 10


def test_a_slow_run_draws_fewer_frames_but_trains_all_its_time() -> None:
    frames, trained, elapsed = run([0.03] * 10, [0.0] * 10)
    assert 1 < len(frames) < 10
    assert sum(trained) == pytest.approx(10 * 0.02)  # the skipped frames' time is trained
    assert elapsed <= 0.1 + 2 * 0.03


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    st.lists(st.floats(0.0, 0.08), min_size=10, max_size=10),
    st.lists(st.floats(0.0, 0.05), min_size=10, max_size=10),
)
def test_any_run_trains_its_whole_time_within_its_budget_and_two_frames(builds, advances):
    frames, trained, elapsed = run(builds, advances)
    assert frames and frames[0] is True and all(first is False for first in frames[1:])
    assert sum(trained) == pytest.approx(10 * 0.02)
    assert elapsed <= 0.1 + 2 * (max(builds) + max(advances)) + 1e-9


def test_the_playground_loop_cuts_a_slow_run_short_and_owes_no_epoch_of_its_time() -> None:
    state = new_state(PlaygroundConfig(), ViewOptions(speed="normal"))
    state.playing = True
    readings = iter(range(10**6))
    clock = lambda: next(readings) * 0.01  # noqa: E731  every reading 10 ms later
    state.trainer.clock = clock
    state.tick()
    state.last_tick -= 0.2  # a run's worth of time: 20 epochs at 100 a second
    frames, _ = train_frames(state)
    assert len(frames) < FRAMES_PER_RUN
    assert state.trainer.epoch + state.epoch_credit == pytest.approx(20, abs=1)


def test_a_click_waiting_ends_the_run_at_once() -> None:
    state = new_state(PlaygroundConfig(), ViewOptions(speed="normal"))
    state.playing = True
    state.tick()
    state.last_tick -= 0.2  # 20 epochs due over 10 frames
    checks = iter(range(10**6))
    frames, _ = train_frames(state, interrupted=lambda: next(checks) >= 3)  # a click came
    assert 1 <= len(frames) <= 3
    assert state.trainer.epoch <= 6  # the rest of the run's epochs were not trained
