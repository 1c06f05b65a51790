"""The live loop in Streamlit: one fragment that trains a session and draws it, for every page.

While a session plays, a fragment reruns and calls the page's `draw(session, playing=True)`.
The playground and each lesson build a run's frames (`live/pacing.py`, as many as the server's
load allows: `live/load.py`) and send them to the canvas in one message, which plays them back
spread over the run's time (each run costs the browser a re-render of the page's Streamlit
elements: tens of milliseconds on a full page, which capped the view at ~23 fps when every frame
was a run). Their fragment has no timer: the canvas asks for the next run when its frames are
nearly played (flow control, static/live_view/flow.js), so a busy server is never asked for a
run before the previous one arrived, and a hidden tab asks for nothing. Compare
(`widgets/live_pair.py`) and digits rerun on a browser timer every `period` seconds instead.
While paused the page is drawn once and nothing reruns. When training stops by itself
(divergence, an early stop, the epoch to stop at) the loop pauses and reruns the page, which
then shows what happened.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from typing import Any

import streamlit as st

from playground.live.edits import EDIT_ACTIONS, apply_edit
from playground.live.load import LOAD
from playground.live.pacing import frame_payload, train_frames
from playground.live.session import LiveState
from playground.ui.widgets.data_io import handle_draw
from playground.ui.widgets.live_view import mount_live_view
from playground.ui.workarounds.interrupts import interrupted, page_run
from playground.ui.workarounds.outside_changes import rerun_page_if_changed_outside
from playground.ui.workarounds.session_lock import serialized

Draw = Callable[[Any, bool], None]


def run_live(period: float | None, session_of: Callable[[], Any], draw: Draw) -> None:
    """Draw the session `session_of()` returns with `draw`, in a fragment that reruns every
    `period` seconds while the session plays (None: when the live view asks for more)."""
    session = session_of()
    session.mark_full_run()
    if session.running:
        _playing_fragment(period)(session_of, draw)
    else:
        session.set_playing(False)  # diverged or stopped: the next Play starts, not pauses
        _paused(session_of, draw)


@cache
def _playing_fragment(period: float | None) -> Callable[[Callable[[], Any], Draw], None]:
    @st.fragment(run_every=period)
    @serialized
    def playing(session_of: Callable[[], Any], draw: Draw) -> None:
        rerun_page_if_changed_outside()  # a click elsewhere that came in with the view's rerun
        session = session_of()
        draw(session, True)
        if not session.running:  # paused, diverged or stopped by itself
            session.set_playing(False)
            st.rerun()

    return playing


@st.fragment
@serialized
def _paused(session_of: Callable[[], Any], draw: Draw) -> None:
    rerun_page_if_changed_outside()
    draw(session_of(), False)


# --- the playground's live view -------------------------------------------------------------
@serialized
def handle_view_event(state: LiveState, event: dict) -> None:
    """An event from the canvas: a weight or bias set in its editor, or a draw-mode click.

    An edit made on a network since rebuilt or reset is dropped (its resend may arrive after
    the Reset); an applied one replaces the frames the browser still has queued, so it shows
    at once."""
    if event["action"] not in EDIT_ACTIONS:
        handle_draw(state, event)
    elif event.get("network", state.network) == state.network and apply_edit(state.trainer, event):
        state.replace_queue = True


def show(state: LiveState, key: str, frames: list[dict], spacing: float, height=None) -> None:
    """Send `frames` (shown `spacing` seconds apart) to the canvas component under `key`."""
    on_draw = partial(handle_view_event, state)
    # Presenter mode is the page's classroom choice, kept under "<page>:room" (ui/classroom.py).
    room = st.session_state.get(f"{key.removesuffix(':view')}:room", {})
    presenter = bool(room.get("presenter", False))
    mount_live_view(
        frames, key=key, height=height, on_draw=on_draw, spacing=spacing, presenter=presenter
    )


def _draw_frames(key: str, height: int | None, state: LiveState, playing: bool) -> None:
    if playing:
        plan = LOAD.plan()
        with LOAD.turn(interrupted, queue=not page_run()) as turn:  # a click goes first
            if turn:
                frames, spacing = train_frames(state, plan, interrupted)
            else:  # a click came while waiting: this run is about to stop; its time is not used
                frames, spacing = [frame_payload(state)], 0.0
        for frame in frames:  # the canvas asks for the next run (flow control)
            frame["flow"] = plan.ask_ahead
    else:
        frames, spacing = [frame_payload(state)], 0.0
    show(state, key, frames, spacing, height)


def live_view(state_key: str, key: str, height: int | None = None) -> None:
    """Mount the live view of the state stored at `st.session_state[state_key]`."""
    session_of = partial(st.session_state.__getitem__, state_key)
    run_live(None, session_of, partial(_draw_frames, key, height))
