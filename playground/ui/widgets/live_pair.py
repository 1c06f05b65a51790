"""The compare page's two live views, trained in step: one fragment, one clock, one frame number.

Each side is an ordinary `LiveState` under its own key, so the views are the playground's own;
`live/pair.py` trains them as one `LivePair` and gives both sides' frames the same numbers and a
`sync` name, so the browser shows frame N of A and of B at the same moment. The live loop is the
playground's (`run_live`). Each view is a fragment of its own inside the training fragment
(`_view`): Streamlit greys a running fragment's elements until the run sends them again, and drops
what a fragment run sent but had not flushed when the fragment's next run starts; both hit B, the
run's last element, which lost whole runs and stayed grey for several while the page was busy.
A view's own fragment is never the one running.
"""

from __future__ import annotations

import streamlit as st

from playground.live.pacing import FRAME_PERIOD
from playground.live.pair import LivePair, pair_frames, train_pair_frames
from playground.ui.widgets.live_loop import run_live, show
from playground.ui.workarounds.session_lock import serialized

STATE_KEYS = {"a": "live:compare-a", "b": "live:compare-b"}
VIEW_KEYS = {"a": "compare-a:view", "b": "compare-b:view"}


def pair() -> LivePair:
    """This session's comparison as one live session."""
    return LivePair(st.session_state[STATE_KEYS["a"]], st.session_state[STATE_KEYS["b"]])


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


def _draw_pair(both: LivePair, playing: bool) -> None:
    if playing:
        _show_pair(*train_pair_frames(both))
    else:
        _show_pair(pair_frames(both, 1, 0.0), 0.0)


def live_pair() -> None:
    """Both live views side by side; while playing, one fragment trains and draws both."""
    run_live(FRAME_PERIOD, pair, _draw_pair)
