"""A lesson page: the lesson's text around a mini-playground loaded with its preset.

Each lesson (assets/lessons/NN-slug.md) says the idea in plain words, gives "try this" prompts and
says what you should see — which a test checks is true for the preset. The page shows the prompts
beside the live mini-playground; a lesson that contrasts two settings offers both as a switch.
The tuning and deep-features lessons lead to the sweep and digits pages, where their experiments
run.
"""

from __future__ import annotations

import streamlit as st

from playground.experiments.presets import load_lesson
from playground.ui.pages.playground import playground_view
from playground.ui.widgets.controls import reset_widgets
from playground.ui.workarounds.session_lock import serialized

OTHER_PAGES = {9: ("views/sweep.py", "Run the sweep"), 10: ("views/digits.py", "Open digits")}


def render_lesson(number: int) -> None:
    lesson = load_lesson(f"{number:02d}")
    preset = lesson.load_preset()
    sections = lesson.sections()
    st.title(f"Lesson {number}: {lesson.title}")
    st.markdown(sections.get("", ""))
    with st.expander("The idea", expanded=True, icon=":material/lightbulb:"):
        st.markdown(sections.get("The idea", ""))
    try_this, expect = st.columns(2)
    with try_this.container(border=True):
        st.markdown("**Try this**\n\n" + sections.get("Try this", ""))
    with expect.container(border=True):
        st.markdown("**What you should see**\n\n" + sections.get("What you should see", ""))
    if number in OTHER_PAGES:
        page, label = OTHER_PAGES[number]
        st.page_link(page, label=label, icon=":material/arrow_forward:")
        return
    key = f"lesson{number}"
    if preset.compare:
        _setting_switch(key, preset)
    playground_view(key, default=_chosen_config(key, preset), hidden=preset.hidden_controls)


def _chosen_config(key: str, preset):
    if not preset.compare:
        return preset.config
    choice = st.session_state.get(f"{key}:setting", 0)
    return preset.settings[choice or 0][1]


def _setting_switch(key: str, preset) -> None:
    st.segmented_control(
        "Setting",
        range(len(preset.settings)),
        key=f"{key}:setting",
        default=0,
        format_func=lambda i: preset.settings[i][0],
        on_change=_switch_setting,
        args=(key, preset),
        help="The settings the lesson contrasts: switch and train again.",
    )


@serialized
def _switch_setting(key: str, preset) -> None:
    choice = st.session_state.get(f"{key}:setting")
    if choice is None:  # a second click deselects: keep the setting shown, and its training
        st.session_state[f"{key}:setting"] = st.session_state.get(f"{key}:setting_shown", 0)
        return
    st.session_state[f"{key}:setting_shown"] = choice
    state = st.session_state.get(f"live:{key}")
    if state is not None:
        state.playing = False
        state.rebuild(preset.settings[choice][1])
        reset_widgets(key)
