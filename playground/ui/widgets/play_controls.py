"""Play/Pause, Step, Reset and the speed: the one set of controls every live session shows.

The playground, each lesson, the compare page (both sides as one `LivePair`) and the digits page
draw these four widgets with `play_controls(slots, key, session, texts)`; a click calls the
session's own `toggle_play`, `step` or `reset`, and the speed lands in `session.view.speed`.
Only the help texts differ between pages. Widget keys are `<key>:play`, `<key>:step`,
`<key>:reset` and `<key>:speed` (the classroom's hide list and the tests find them so).
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from playground.live.session import SPEEDS
from playground.ui.workarounds.buttons import once_button
from playground.ui.workarounds.session_lock import serialized


@dataclass(frozen=True)
class ControlTexts:
    """The help text of each control, in the words of the page."""

    play: str = "Start or stop training; the view updates live while it runs."
    step: str = "Pause and train exactly one epoch (one pass over the training data)."
    reset: str = "Start again from the initial weights (same seed, same data)."
    speed: str = (
        "Slow: 10 epochs/s to narrate; normal: 100 epochs/s; "
        "fast: as many as the machine can train."
    )


def play_controls(slots, key: str, session, texts: ControlTexts, play_width=100) -> None:
    """Draw the controls of `session` into `slots` (four containers, or one row given four times):
    Play/Pause, Step, Reset and the speed."""
    playing = session.running
    st.session_state.setdefault(f"{key}:speed", session.view.speed)
    once_button(
        slots[0], f"{key}:play", "Pause" if playing else "Play", session.toggle_play,
        type="primary", icon=":material/pause:" if playing else ":material/play_arrow:",
        width=play_width, help=texts.play,  # one width for Play and Pause: the row does not shift
    )  # fmt: skip
    once_button(slots[1], f"{key}:step", "Step", session.step, help=texts.step)
    once_button(slots[2], f"{key}:reset", "Reset", session.reset, help=texts.reset)
    slots[3].segmented_control(
        "Speed", SPEEDS, key=f"{key}:speed", format_func=str.title,
        on_change=_speed_changed, args=(key, session), help=texts.speed,
    )  # fmt: skip


@serialized
def _speed_changed(key: str, session) -> None:
    speed = st.session_state[f"{key}:speed"]
    if speed is None:  # a second click on the chosen segment deselects it: keep the speed
        st.session_state[f"{key}:speed"] = session.view.speed
    else:
        session.set_view("speed", speed)
