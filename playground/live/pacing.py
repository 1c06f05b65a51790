"""How fast a live session trains: epochs per second at each speed, within a time budget.

The live loop runs a fixed number of frames per browser timer tick; before each frame it trains
the frame's share of the elapsed time. At "slow" and "normal" the speed is a rate (epochs per
second), kept exact by carrying the fraction of an epoch to the next frame and owing the epochs
a time budget cut short (up to `max_backlog` seconds of them: a slow machine drops the rest
rather than queueing it); at "fast" each frame trains at least one epoch and then whatever
the budget allows. The playground and the digits page differ only in their `Pace`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playground.live.session import LiveState

FRAME_PERIOD = 0.2  # seconds between runs: each costs the browser ~20-60 ms of page re-rendering
FRAMES_PER_RUN = 10  # frames trained and sent per run, played back spread over it: 50 fps
NO_DATA = "There are no training points: click the output to draw some, or pick a dataset."


@dataclass(frozen=True)
class Pace:
    """Epochs per second at each rated speed, and the time one frame may spend training."""

    rates: dict[str, float]
    budget: float  # seconds of training per frame at most
    max_elapsed: float = 0.25  # seconds of a late tick that still count (a stalled tab)
    max_backlog: float = 0.25  # seconds of epochs that may be owed to the next frames


PLAYGROUND_PACE = Pace({"slow": 10.0, "normal": 100.0}, budget=0.012)
TRAIN_BUDGET = PLAYGROUND_PACE.budget


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


def advance(state: LiveState, elapsed: float) -> None:
    """Train for `elapsed` seconds' worth at the state's speed (one frame's share), never past
    the epoch the state stops at."""
    trainer, epochs, budget = state.trainer, epochs_due(state, elapsed), state.pace.budget
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


def frames_this_run(state: LiveState) -> tuple[int, float]:
    """How many frames this run builds and the seconds of training before each: the time since
    the last run shared by `FRAMES_PER_RUN` frames, or one still frame on the first run after a
    start or rebuild."""
    elapsed = state.tick()
    count = FRAMES_PER_RUN if elapsed else 1
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
    return payload


def train_frames(state: LiveState) -> tuple[list[dict], float]:
    """One run's frames, training a share of the time since the last run before each (just the
    current picture on the first run after a start or rebuild), and their spacing."""
    count, share = frames_this_run(state)
    frames = []
    for _ in range(count):
        if state.running:
            advance(state, share)
        frames.append(frame_payload(state, first=not frames))
        if not state.running:
            break
    take_replace(state, frames)
    return frames, share


def take_replace(state: LiveState, frames: list[dict]) -> None:
    """Mark the first of `frames` to replace the browser's queued frames, once after a full run."""
    if state.replace_queue:
        frames[0]["replace"] = True
        state.replace_queue = False
