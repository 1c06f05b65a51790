"""How fast a live session trains: epochs per second at each speed, within a time budget.

Each run of the live loop builds the frames its `RunPlan` says (live/load.py: fewer, in longer
runs, when the server is busy); before each frame it trains the frame's share of the time since
the previous run. At "slow" and "normal" the speed is a rate (epochs per
second), kept exact by carrying the fraction of an epoch to the next frame and owing the epochs
a time budget cut short (up to `max_backlog` seconds of them: a slow machine drops the rest
rather than queueing it); at "fast" each frame trains at least one epoch and then whatever
the budget allows. The playground and the digits page differ only in their `Pace`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from playground.live.edits import EDIT_LIMIT
from playground.live.load import PLANS, RunPlan

if TYPE_CHECKING:
    from playground.live.session import LiveState

_JITTER = random.Random()
TIMER_PLAN = PLANS[0]  # what a page whose runs the server's timer drives does per run
FRAME_PERIOD = TIMER_PLAN.period  # seconds between the runs of a timer-driven page
FRAMES_PER_RUN = TIMER_PLAN.frames  # frames trained and sent per run, played back over it
Frame = TypeVar("Frame")
NO_DATA = "There are no training points: click the output to draw some, or pick a dataset."


@dataclass(frozen=True)
class Pace:
    """Epochs per second at each rated speed, and the time one frame may spend training."""

    rates: dict[str, float]
    budget: float  # seconds of training per frame at most
    max_elapsed: float = 0.25  # seconds of a late tick that still count (a stalled tab)
    max_backlog: float = 0.25  # seconds of epochs that may be owed to the next frames


PLAYGROUND_PACE = Pace({"slow": 10.0, "normal": 100.0}, budget=0.012)


def epochs_due(state: LiveState, elapsed: float) -> int | None:
    """Whole epochs the state's speed asks for after `elapsed` seconds (a fraction carries over
    to the next frame); None at fast speed: as many as the time budget allows."""
    pace = state.pace
    if state.view.speed not in pace.rates:
        return None
    rate = pace.rates[state.view.speed]
    state.epoch_credit = min(state.epoch_credit + rate * elapsed, rate * pace.max_backlog)
    epochs = int(state.epoch_credit)
    state.epoch_credit -= epochs
    return epochs


def advance(state: LiveState, elapsed: float, scale: float = 1.0) -> None:
    """Train for `elapsed` seconds' worth at the state's speed (one frame's share), `scale` of
    it when the server is busy, never past the epoch the state stops at."""
    trainer, epochs = state.trainer, epochs_due(state, elapsed * scale)
    budget = state.pace.budget * scale
    if state.stop_at is not None:
        left = max(state.stop_at - trainer.epoch, 0)
        epochs = left if epochs is None else min(epochs, left)
    if epochs is None:
        trainer.run_epochs(1)  # at least one epoch per frame, then whatever the budget allows
        trainer.run_for(budget)
    elif epochs:
        start = trainer.epoch
        trainer.run_epochs(epochs, max_seconds=budget)
        state.epoch_credit += max(0, start + epochs - trainer.epoch)  # owed, not forgotten


def frames_this_run(state: LiveState, plan: RunPlan = TIMER_PLAN) -> tuple[int, float]:
    """How many frames this run builds and the seconds of training before each: the time since
    the last run shared by the plan's frames per second of it (a run that comes late makes up
    for it, up to twice a run's frames), or one still frame on the first run after a start or
    rebuild."""
    elapsed = state.tick(max(state.pace.max_elapsed, 1.5 * plan.period))
    count = (
        max(1, min(round(plan.fps * max(elapsed, plan.period)), 2 * plan.frames)) if elapsed else 1
    )
    return count, elapsed / count


def status(state: LiveState) -> str:
    if state.trainer.diverged:
        return "diverged"
    if not state.trainer.has_training_data:
        return "no_data"
    return "playing" if state.running else "paused"


def status_text(state: LiveState) -> str:
    """The sentence the view shows over the output when training cannot go on, else ""."""
    if state.trainer.diverged:
        return state.trainer.divergence
    return "" if state.trainer.has_training_data else NO_DATA


def frame_payload(state: LiveState, first: bool = True) -> dict:
    """The state's current picture as one live-view payload (the next frame number); a run's
    later frames (`first=False`) leave out what the browser carries over from the frame before."""
    state.frame += 1
    payload = state.frames.build(
        state.trainer,
        state.frame,
        status(state),
        show_test=state.view.show_test,
        discretize=state.view.discretize,
        first=first,
    )
    drawing = state.view.drawing and state.config.is_custom
    payload["draw"] = {"enabled": drawing, "label": state.view.draw_label}
    payload["status_text"] = status_text(state)
    payload.update(network=state.network, edit_limit=EDIT_LIMIT)
    return payload


def paced_frames(
    count: int,
    share: float,
    *,
    advance: Callable[[float], None],
    build: Callable[[bool], Frame],
    running: Callable[[], bool],
    clock: Callable[[], float],
    budget: float,
) -> list[Frame]:
    """Up to `count` frames, training `share` seconds' worth before each while `running()`.

    Frames drop before epochs do: once the run has spent `budget` seconds of `clock`, it trains
    the rest of its time at once (what the time budget of `advance` cuts short is owed to the
    next run) and draws one last frame. `build(first)` makes a frame; `first` marks the run's
    first, which carries what the others leave out.
    """
    deadline = clock() + budget
    frames: list[Frame] = []
    for index in range(count):
        late = index < count - 1 and clock() > deadline
        if running():
            advance(share * (count - index) if late else share)
        frames.append(build(not frames))
        if late or not running():
            break
    return frames


def train_frames(
    state: LiveState,
    plan: RunPlan = TIMER_PLAN,
    interrupted: Callable[[], bool] = lambda: False,
) -> tuple[list[dict], float]:
    """One run's frames, training a share of the time since the last run before each (just the
    current picture on the first run after a start or rebuild), and their spacing: they play
    over that time, or the plan's period if it was shorter (a browser that asks for frames
    early), and a run cut short spreads its fewer frames over the same time. Training stops
    at once when `interrupted()` (a click is waiting for this run to end)."""
    count, share = frames_this_run(state, plan)
    frames = paced_frames(
        count,
        share,
        advance=lambda seconds: advance(state, seconds, plan.epoch_scale),
        build=lambda first: frame_payload(state, first=first),
        running=lambda: state.running and not interrupted(),
        clock=state.trainer.clock,
        budget=plan.run_budget,
    )
    take_replace(state, frames)
    # The period varies a little from run to run, so that sessions who all pressed Play at
    # once do not keep asking for their runs at the same moments.
    period = plan.period * _JITTER.uniform(0.9, 1.1) if share else 0.0
    return frames, max(share * count, period) / len(frames)


def take_replace(state: LiveState, frames: list[dict]) -> None:
    """Mark the first of `frames` to replace the browser's queued frames, once after a full run."""
    if state.replace_queue:
        frames[0]["replace"] = True
        state.replace_queue = False
