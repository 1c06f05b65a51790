"""The compare page's two live views, trained in step: one fragment, one clock, one frame number.

Each side is an ordinary `LiveState` under its own key, so the views are the playground's own.
While playing, one fragment (run every `FRAME_PERIOD`) builds `FRAMES_PER_RUN` frames of each
side, training both trainers epoch for epoch before each within the playground's per-frame time
budget, shared by the two (the slower side sets the pace). Both sides' frames carry the same frame
numbers and a `sync` name, so the browser shows frame N of A and of B at the same moment. Each
view is a fragment of its own inside the training fragment (`_view`): Streamlit greys a running
fragment's elements until the run sends them again, and drops what a fragment run sent but had
not flushed when the fragment's next run starts; both hit B, the run's last element, which lost
whole runs and stayed grey for several while the page was busy. A view's own fragment is never
the one running.
"""

from __future__ import annotations

import streamlit as st

from playground.ui.compare_model import train_in_step
from playground.ui.live import (
    FRAME_PERIOD,
    TRAIN_BUDGET,
    epochs_due,
    frame_payload,
    frames_this_run,
    show,
    take_replace,
)
from playground.ui.session_lock import serialized
from playground.ui.state import LiveState

STATE_KEYS = {"a": "live:compare-a", "b": "live:compare-b"}
VIEW_KEYS = {"a": "compare-a:view", "b": "compare-b:view"}


def sides() -> tuple[LiveState, LiveState]:
    return st.session_state[STATE_KEYS["a"]], st.session_state[STATE_KEYS["b"]]


def advance_pair(a: LiveState, b: LiveState, elapsed: float) -> None:
    """Train both sides `elapsed` seconds' worth, epoch for epoch (the slower one sets the pace)."""
    epochs = epochs_due(a, elapsed)
    if epochs != 0:  # None: fast, as many as the budget allows
        done = train_in_step((a.trainer, b.trainer), epochs, TRAIN_BUDGET)
        if epochs is not None:
            a.epoch_credit += epochs - done  # owed to the next frame, as in live.advance


def _pair_running(a: LiveState, b: LiveState) -> bool:
    return a.playing and not (a.trainer.diverged or b.trainer.diverged)


def _show_pair(frames: dict[str, list[dict]], spacing: float) -> None:
    for side, column in zip(("a", "b"), st.columns(2, gap="medium"), strict=True):
        with column:
            _view(side, frames[side], spacing)


@st.fragment
@serialized
def _view(side: str, frames: list[dict], spacing: float) -> None:
    """One side's live view, in a fragment of its own (see the module docstring): its element
    is then not one of the training fragment's, so that fragment's runs neither grey it while
    they train nor drop it when the next run starts before it was sent."""
    state = st.session_state[STATE_KEYS[side]]
    show(state, VIEW_KEYS[side], frames, spacing)


def _pair_frames(a: LiveState, b: LiveState, count: int, share: float) -> dict[str, list[dict]]:
    """`count` frames of each side, training both `share` seconds' worth before each while they
    run; one frame number for both, even after a run was cut off between the two views."""
    frames: dict[str, list[dict]] = {"a": [], "b": []}
    for _ in range(count):
        if _pair_running(a, b):
            advance_pair(a, b, share)
        a.frame = b.frame = max(a.frame, b.frame)
        for side, state in (("a", a), ("b", b)):
            frames[side].append({**frame_payload(state), "sync": "compare"})  # shown in step
        if not _pair_running(a, b):
            break
    return frames


@st.fragment(run_every=FRAME_PERIOD)
@serialized
def _pair_playing() -> None:
    a, b = sides()
    count, share = frames_this_run(a)  # A's clock serves both
    b.last_tick = a.last_tick
    frames = _pair_frames(a, b, count, share)
    for side, state in (("a", a), ("b", b)):
        take_replace(state, frames[side])
    _show_pair(frames, share)
    if not _pair_running(a, b):
        a.playing = b.playing = False
        st.rerun()


@st.fragment
@serialized
def _pair_paused() -> None:
    a, b = sides()
    _show_pair(_pair_frames(a, b, 1, 0.0), 0.0)


def live_pair() -> None:
    """Both live views side by side; while playing, one fragment trains and draws both."""
    a, b = sides()
    if _pair_running(a, b):
        a.replace_queue = b.replace_queue = True  # a full run: show its frames at once
        _pair_playing()
    else:
        a.last_tick = b.last_tick = 0.0
        _pair_paused()
