"""Two live sessions trained in step: the compare page's two sides as one session.

`LivePair` has the controls of one `LiveState` (Play/Pause, Step, Reset, the speed) and applies
each to both sides; `pair_frames` trains both trainers epoch for epoch before each frame
(`train_in_step`: the slower side sets the pace, within the playground's per-frame budget) and
gives both sides' frames the same frame numbers and a `sync` name, so the browser shows frame N
of A and of B at the same moment. Nothing here imports Streamlit.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from playground.core.training import TrainingLoop
from playground.live.pacing import (
    TIMER_PLAN,
    epochs_due,
    frame_payload,
    frames_this_run,
    paced_frames,
    take_replace,
)
from playground.live.session import LiveState

ROUND_LIMIT = 0.25  # seconds a started round of epochs may take before it is split over frames
SYNC = "compare"  # the frames' sync name: the browser shows frame N of both views together


@dataclass
class LivePair:
    """Both sides of a comparison, controlled as one session (side A's clock and speed serve
    both)."""

    a: LiveState
    b: LiveState
    after_reset: Callable[[], None] | None = None  # the page's own part of a Reset

    @property
    def sides(self) -> tuple[LiveState, LiveState]:
        return self.a, self.b

    @property
    def diverged(self) -> bool:
        return self.a.trainer.diverged or self.b.trainer.diverged

    @property
    def running(self) -> bool:
        return self.a.playing and not self.diverged

    @property
    def view(self):
        return self.a.view

    def set_playing(self, playing: bool) -> None:
        self.a.playing = self.b.playing = playing

    def toggle_play(self) -> None:
        """Play (both start again after either diverged), or pause both."""
        playing = not self.running
        if playing and self.diverged:
            self.reset()
        self.set_playing(playing)

    def step(self) -> None:
        """Pause both and train both exactly one epoch."""
        self.set_playing(False)
        if not self.diverged:
            train_in_step((self.a.trainer, self.b.trainer), 1, math.inf)

    def reset(self) -> None:
        """Both sides start again from their initial weights; a diverged pair pauses."""
        if self.diverged:
            self.set_playing(False)
        for state in self.sides:
            state.rebuild()
        if self.after_reset:
            self.after_reset()

    def set_view(self, name: str, value) -> None:
        for state in self.sides:
            state.set_view(name, value)

    def mark_full_run(self) -> None:
        """As `LiveState.mark_full_run`, for both sides."""
        for state in self.sides:
            if self.running:
                state.replace_queue = True
            else:
                state.last_tick = 0.0


def advance_pair(pair: LivePair, elapsed: float) -> None:
    """Train both sides `elapsed` seconds' worth, epoch for epoch (the slower one sets the pace)."""
    a, b = pair.sides
    epochs = epochs_due(a, elapsed)
    if epochs != 0:  # None: fast, as many as the budget allows
        done = train_in_step((a.trainer, b.trainer), epochs, a.pace.budget)
        if epochs is not None:
            a.epoch_credit += epochs - done  # owed to the next frame, as in pacing.advance


def pair_frames(pair: LivePair, count: int, share: float) -> dict[str, list[dict]]:
    """`count` frames of each side, training both `share` seconds' worth before each while they
    run; one frame number for both, even after a run was cut off between the two views."""
    a, b = pair.sides

    def build(first: bool) -> tuple[dict, dict]:
        a.frame = b.frame = max(a.frame, b.frame)
        return tuple({**frame_payload(state, first=first), "sync": SYNC} for state in (a, b))

    both = paced_frames(
        count,
        share,
        advance=lambda seconds: advance_pair(pair, seconds),
        build=build,
        running=lambda: pair.running,
        clock=a.trainer.clock,
        budget=TIMER_PLAN.run_budget,
    )
    return {"a": [frame for frame, _ in both], "b": [frame for _, frame in both]}


def train_pair_frames(pair: LivePair) -> tuple[dict[str, list[dict]], float]:
    """One run's frames of both sides and their spacing (A's clock serves both)."""
    a, b = pair.sides
    count, share = frames_this_run(a)
    b.last_tick = a.last_tick
    frames = pair_frames(pair, count, share)
    for side, state in (("a", a), ("b", b)):
        take_replace(state, frames[side])
    return frames, share * count / len(frames["a"])


def same_data(first: TrainingLoop, second: TrainingLoop) -> bool:
    """True when both trainers learn from the very same training and test points."""
    return all(
        np.array_equal(getattr(first, name), getattr(second, name))
        for name in ("inputs_train", "y_train", "inputs_test", "y_test")
    )


def train_in_step(
    trainers: Sequence[TrainingLoop],
    epochs: int | None,
    max_seconds: float,
    round_limit: float = ROUND_LIMIT,
    clock: Callable[[], float] = time.perf_counter,
) -> int:
    """Train all trainers to the same epoch, one epoch at a time, within a time budget.

    Each round takes every trainer one epoch further (a trainer a previous call left behind
    catches up first). A new round starts only while the last one would still fit in the budget,
    and a round once started is finished even past the budget, so the trainers end a call on the
    same epoch — unless the round takes longer than `round_limit` (huge epochs): then a trainer
    stops mid-epoch and the others wait for it at that epoch. They never drift by more than one.

    Parameters
    ----------
    trainers
        The trainers to keep in step (stops at once when one of them has diverged).
    epochs
        How many rounds to train at most; None for as many as the budget allows (at least one).
    max_seconds
        The time budget for starting rounds.
    round_limit
        Seconds a started round may take before a trainer is stopped mid-epoch.
    clock
        Seconds, read for the budget and the round limit (the trainers read their own `clock`:
        tests give both the same fake clock to count time without waiting).

    Returns
    -------
    int
        The number of rounds every trainer completed.
    """
    deadline = clock() + max_seconds
    target = max(trainer.epoch for trainer in trainers)
    rounds, round_cost, limit = -1, 0.0, math.inf if epochs is None else epochs
    while True:
        began = clock()
        stop = max(deadline, began + round_limit)
        for trainer in trainers:
            if trainer.epoch < target and not trainer.diverged:
                remaining = max(stop - clock(), 0.0)
                trainer.run_epochs(target - trainer.epoch, max_seconds=remaining)
        if any(t.diverged or t.stopped_early or t.epoch < target for t in trainers):
            return max(rounds, 0)
        rounds += 1
        round_cost = clock() - began or round_cost
        if rounds >= limit or (rounds and clock() + round_cost > deadline):
            return rounds
        target += 1
