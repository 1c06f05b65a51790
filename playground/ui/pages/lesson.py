"""A lesson page: the lesson's text around the lesson's own experiment, loaded with its preset.

Each lesson (assets/lessons/NN-slug.md) says the idea in plain words, gives "try this" prompts and
says what you should see — which a test checks is true for the preset. The page shows the prompts
beside the experiment, which runs in the page itself, under keys of the lesson's own
(`lesson<N>:`), so it never touches the playground's, the sweep page's or the digits page's:
- lessons 1–8: a live mini-playground (`playground_view`); a lesson that contrasts settings
  offers them as a switch;
- lesson 9 (its preset has a `sweep`): the sweep form filled with the preset's grid, a Run
  button, the heatmap filling in as the cells finish and the chosen cells' curves
  (`widgets.sweep_panel`, as on the sweep page: a chosen cell opens in the playground), plus a
  button that takes the same sweep to the sweep page;
- lesson 10 (its preset trains on the digits): a live digits view with its controls inline
  (`widgets.digits_view`, as on the digits page), pausing at the epoch the lesson names.
Controls a preset hides are left out of each.
"""

from __future__ import annotations

import streamlit as st

from playground.config import PlaygroundConfig
from playground.experiments.presets import Preset, load_lesson
from playground.settings import SETTINGS, format_layers
from playground.ui.pages.playground import playground_view
from playground.ui.widgets.controls import reset_widgets
from playground.ui.widgets.digits_view import (
    FIRST_STOP,
    DigitsKeys,
    digits_view,
    new_digits_state,
)
from playground.ui.widgets.setting_form import fill_widgets
from playground.ui.widgets.sweep_form import SWEEP_FIELDS, hand_over, sweep_widget_values
from playground.ui.widgets.sweep_keys import SweepKeys
from playground.ui.widgets.sweep_panel import restore_widgets, sweep_panel
from playground.ui.workarounds.errors import guarded
from playground.ui.workarounds.session_lock import serialized
from playground.ui.workarounds.style import apply_style

SWEEP_PAGE_FILE = "views/sweep.py"


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
    key = f"lesson{number}"
    if preset.sweep is not None:
        lesson_sweep(key, preset)
    elif preset.data is not None:
        lesson_digits(key, preset)
    else:
        if preset.compare:
            _setting_switch(key, preset)
        playground_view(key, default=_chosen_config(key, preset), hidden=preset.hidden_controls)


# --- lessons 1-8: a mini-playground -----------------------------------------------------------
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


# --- lesson 9: a sweep ------------------------------------------------------------------------
@guarded()
def lesson_sweep(key: str, preset: Preset) -> None:
    """The preset's grid over its config, run here under `<key>:sweep:` (the sweep page's own
    sweep is under `sweep:`); the swept fields and values and the epochs can be changed."""
    apply_style()
    keys, sweep = SweepKeys(f"{key}:sweep"), preset.sweep
    restore_widgets(keys)  # what the student typed before a visit to another page, else:
    fill_widgets("", sweep_widget_values(sweep.axes, sweep.epochs, keys))  # the lesson's grid
    st.subheader("The sweep", anchor=False)
    st.caption(
        f"Every cell trains {describe(preset.config)}, from the same starting weights: only the "
        "swept settings differ. Change the values (press Enter after typing) or the epochs, then "
        "press **Run the sweep**."
    )
    buttons = st.container(horizontal=True, key=f"{key}:sweep_links")  # filled below the form
    fields = tuple(name for name in SWEEP_FIELDS if name not in preset.hidden_controls)
    shown = sweep_panel(preset.config, keys, fields=fields)
    running = shown.job is not None and shown.job.running
    with buttons:
        st.button(
            "The lesson's grid", key=keys.button("lesson_grid"), icon=":material/restart_alt:",
            on_click=_lesson_grid, args=(keys, preset), disabled=running,
            help="Put the lesson's learning rates, batch sizes and epochs back in the form.",
        )  # fmt: skip
        opened = st.button(
            "Open in the sweep page", key=keys.button("open_page"),
            icon=":material/open_in_new:", disabled=shown.plan.error is not None,
            help="The sweep page with this grid on the lesson's base configuration, where the "
            "base can change too (the page's form takes them; its last results stay).",
        )  # fmt: skip
    if opened:
        hand_over(preset.config, shown.plan.axes, shown.plan.epochs)
        st.switch_page(SWEEP_PAGE_FILE)


def describe(config: PlaygroundConfig) -> str:
    """The data and network of `config` in words, as a sentence's object."""
    data = SETTINGS["dataset"].title(config.dataset)
    layers = format_layers(config.hidden_layers)
    activation = SETTINGS["activation"].title(config.activations()[0]) if layers else ""
    network = f"hidden layers {layers} ({activation.lower()})" if layers else "no hidden layer"
    return f"a network with {network} on the {data} dataset ({round(100 * config.noise)} % noise)"


@serialized
def _lesson_grid(keys: SweepKeys, preset: Preset) -> None:
    fill_widgets("", sweep_widget_values(preset.sweep.axes, preset.sweep.epochs, keys), True)


# --- lesson 10: the digits --------------------------------------------------------------------
@guarded("Press Reset to start again.")
def lesson_digits(key: str, preset: Preset) -> None:
    """A live digits view of the preset at `live:<key>`, its controls inline, pausing at the
    preset's epochs (the digits page's own is at `digits:state`)."""
    apply_style()
    keys = DigitsKeys(key, f"live:{key}")
    if keys.state not in st.session_state:
        stop_at = preset.epochs or FIRST_STOP
        st.session_state[keys.state] = new_digits_state(preset.config, stop_at=stop_at)
    digits_view(keys, st.session_state[keys.state], preset.hidden_controls, inline=True)
