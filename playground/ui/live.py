"""The live loop: train by time budget between frames and draw each frame on the canvas.

While playing, a fragment reruns every `FRAME_PERIOD` seconds (a browser timer, so nothing runs
when the tab is gone); each run trains for as many epochs as the speed asks for — within a time
budget, so a slow machine drops frames rather than queueing them — then sends one frame to the
keyed canvas component, which keeps its canvases and only redraws. While paused, the frame is
drawn once and nothing reruns. Divergence pauses training and reruns the page, which then shows
what happened and offers a reset.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from playground.ui.data_io import handle_draw
from playground.ui.live_view import mount_live_view
from playground.ui.state import LiveState

FRAME_PERIOD = 0.025  # seconds between frames: 40 fps
TRAIN_BUDGET = 0.012  # seconds of training per frame at most
EPOCHS_PER_SECOND = {"slow": 10.0, "normal": 100.0}


def advance(state: LiveState) -> None:
    """Train for one frame's worth of time at the state's speed."""
    trainer, elapsed = state.trainer, state.tick()
    if state.view.speed == "fast":
        trainer.run_epochs(1)  # at least one epoch per frame, then whatever the budget allows
        trainer.run_for(TRAIN_BUDGET)
        return
    state.epoch_credit += EPOCHS_PER_SECOND[state.view.speed] * elapsed
    epochs = int(state.epoch_credit)
    if epochs:
        trainer.run_epochs(epochs, max_seconds=TRAIN_BUDGET)
        state.epoch_credit = 0.0 if epochs > 1 else state.epoch_credit - epochs


def status(state: LiveState) -> str:
    if state.trainer.diverged:
        return "diverged"
    return "playing" if state.playing else "paused"


def draw(state: LiveState, key: str, height: int | None = None) -> None:
    """Send the state's current frame to the canvas component under `key`."""
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
    mount_live_view(payload, key=key, height=height, on_draw=partial(handle_draw, state))


@st.fragment(run_every=FRAME_PERIOD)
def _playing(state_key: str, key: str, height: int | None) -> None:
    state: LiveState = st.session_state[state_key]
    if state.playing and state.can_train:
        advance(state)
    draw(state, key, height)
    if not (state.playing and state.can_train):  # paused, diverged or stopped early
        state.playing = False
        st.rerun()


@st.fragment
def _paused(state_key: str, key: str, height: int | None) -> None:
    draw(st.session_state[state_key], key, height)


def live_view(state_key: str, key: str, height: int | None = None) -> None:
    """Mount the live view of the state stored at `st.session_state[state_key]`."""
    state: LiveState = st.session_state[state_key]
    if state.playing and state.can_train:
        _playing(state_key, key, height)
    else:
        state.last_tick = 0.0
        _paused(state_key, key, height)
