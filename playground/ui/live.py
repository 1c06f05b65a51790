"""The live loop: train by time budget between frames and draw each frame on the canvas.

While playing, a fragment reruns every `FRAME_PERIOD` seconds (a browser timer, so nothing runs
when the tab is gone). Each run costs the browser a re-render of the page's Streamlit elements
(tens of milliseconds on a full page: measured, it capped the view at ~23 fps when every frame was
a run), so a run builds `FRAMES_PER_RUN` frames — training a share of the elapsed time before each,
as many epochs as the speed asks for, within a time budget so a slow machine drops work rather
than queueing it — and sends them in one message; the keyed canvas component plays them back
spread over the run's time, keeping its canvases and only redrawing. While paused, the frame is
drawn once and nothing reruns. Divergence pauses training and reruns the page, which then shows
what happened and offers a reset.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from playground.ui.data_io import handle_draw
from playground.ui.live_view import mount_live_view
from playground.ui.session_lock import serialized
from playground.ui.state import LiveState

FRAME_PERIOD = 0.2  # seconds between runs: each costs the browser ~20-60 ms of page re-rendering
FRAMES_PER_RUN = 10  # frames trained and sent per run, played back spread over it: 50 fps
TRAIN_BUDGET = 0.012  # seconds of training per frame at most
EPOCHS_PER_SECOND = {"slow": 10.0, "normal": 100.0}
MAX_BACKLOG = 0.25  # seconds of epochs a slow machine may owe before the rest is dropped
NO_DATA = "There are no training points: click the output to draw some, or pick a dataset."


def epochs_due(state: LiveState, elapsed: float) -> int | None:
    """Whole epochs the state's speed asks for after `elapsed` seconds (a fraction carries over
    to the next frame); None at fast speed: as many as the time budget allows."""
    if state.view.speed == "fast":
        return None
    rate = EPOCHS_PER_SECOND[state.view.speed]
    state.epoch_credit = min(state.epoch_credit + rate * elapsed, rate * MAX_BACKLOG)
    epochs = int(state.epoch_credit)
    state.epoch_credit -= epochs
    return epochs


def advance(state: LiveState, elapsed: float) -> None:
    """Train for `elapsed` seconds' worth at the state's speed (one frame's share)."""
    trainer, epochs = state.trainer, epochs_due(state, elapsed)
    if epochs is None:
        trainer.run_epochs(1)  # at least one epoch per frame, then whatever the budget allows
        trainer.run_for(TRAIN_BUDGET)
    elif epochs:
        start = trainer.epoch
        trainer.run_epochs(epochs, max_seconds=TRAIN_BUDGET)
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
    return "playing" if running(state) else "paused"


def status_text(state: LiveState) -> str:
    """The sentence the view shows over the output when training cannot go on, else ""."""
    if state.trainer.diverged:
        return state.trainer.divergence
    return "" if state.trainer.has_training_data else NO_DATA


def running(state: LiveState) -> bool:
    return state.playing and state.can_train


def frame_payload(state: LiveState) -> dict:
    """The state's current picture as one live-view payload (the next frame number)."""
    state.frame += 1
    payload = state.frames.build(
        state.trainer,
        state.frame,
        status(state),
        show_test=state.view.show_test,
        discretize=state.view.discretize,
    )
    drawing = state.view.drawing and state.config.is_custom
    payload["draw"] = {"enabled": drawing, "label": state.view.draw_label}
    payload["status_text"] = status_text(state)
    return payload


def show(state: LiveState, key: str, frames: list[dict], spacing: float, height=None) -> None:
    """Send `frames` (shown `spacing` seconds apart) to the canvas component under `key`."""
    on_draw = partial(handle_draw, state)
    # Presenter mode is the page's classroom choice, kept under "<page>:room" (ui/classroom.py).
    room = st.session_state.get(f"{key.removesuffix(':view')}:room", {})
    presenter = bool(room.get("presenter", False))
    mount_live_view(
        frames, key=key, height=height, on_draw=on_draw, spacing=spacing, presenter=presenter
    )


def draw(state: LiveState, key: str, height: int | None = None) -> None:
    """Send the state's current frame to the canvas component under `key`."""
    show(state, key, [frame_payload(state)], 0.0, height)


def train_frames(state: LiveState) -> tuple[list[dict], float]:
    """One run's frames, training a share of the time since the last run before each (just the
    current picture on the first run after a start or rebuild), and their spacing."""
    count, share = frames_this_run(state)
    frames = []
    for _ in range(count):
        if running(state):
            advance(state, share)
        frames.append(frame_payload(state))
        if not running(state):
            break
    take_replace(state, frames)
    return frames, share


def take_replace(state: LiveState, frames: list[dict]) -> None:
    """Mark the first of `frames` to replace the browser's queued frames, once after a full run."""
    if state.replace_queue:
        frames[0]["replace"] = True
        state.replace_queue = False


@st.fragment(run_every=FRAME_PERIOD)
@serialized
def _playing(state_key: str, key: str, height: int | None) -> None:
    state: LiveState = st.session_state[state_key]
    frames, spacing = train_frames(state)
    show(state, key, frames, spacing, height)
    if not running(state):  # paused, diverged or stopped early
        state.playing = False
        st.rerun()


@st.fragment
@serialized
def _paused(state_key: str, key: str, height: int | None) -> None:
    draw(st.session_state[state_key], key, height)


def live_view(state_key: str, key: str, height: int | None = None) -> None:
    """Mount the live view of the state stored at `st.session_state[state_key]`."""
    state: LiveState = st.session_state[state_key]
    if running(state):
        state.replace_queue = True  # this is a full run: show its frames at once
        _playing(state_key, key, height)
    else:
        state.last_tick = 0.0
        _paused(state_key, key, height)
