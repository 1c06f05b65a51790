"""One playground on a page: controls, the live view, messages and the look-inside tabs.

`playground_view(key, ...)` mounts a complete playground whose widgets, state and canvas are all
keyed by `key`, so the main page and every lesson have their own. The main page takes its setup
from the URL (config, view options, `preset=`, `hide=`, `presenter=`) and writes it back as the
user changes things, so the address is always a link to what is on screen; a lesson starts
from its preset with the controls the lesson does not need hidden.
"""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from playground.config import ConfigError, PlaygroundConfig
from playground.experiments.presets import PresetError, list_presets, load_preset
from playground.live.pacing import NO_DATA
from playground.live.session import LiveState, new_state
from playground.live.url import known_params, query_params, state_from_url, unknown_param_warnings
from playground.ui.widgets import classroom, controls, data_io, sidebar
from playground.ui.widgets.controls import reset_widgets
from playground.ui.widgets.insights import insights_panel
from playground.ui.widgets.live_loop import live_view
from playground.ui.workarounds.session_lock import serialized
from playground.ui.workarounds.style import apply_style
from playground.viz.png import png_bytes, png_data_url
from playground.viz.thumbnails import dataset_thumbnail

CAPTION = (
    "Each square in the network is one neuron, coloured by its output over the input plane "
    "(orange negative, blue positive); lines are weights, thicker for larger ones. The output "
    "shows the network's prediction everywhere, with the training points white-outlined and "
    "the test points black-outlined. Hover over a neuron to see its map large and its weights."
)


PAGE_PARAMS = ("preset", "hide", "presenter")  # the page's own URL parameters, beside the config


@st.cache_data(show_spinner=False)
def thumbnail(name: str) -> str:
    """Dataset `name`'s picture as a PNG data URL, encoded once (`st.image` of an array encoded
    it again in every full page run, and of bytes opened it with PIL again)."""
    return png_data_url(png_bytes(dataset_thumbnail(name)))


def playground_view(
    key: str,
    *,
    default: PlaygroundConfig | None = None,
    from_url: bool = False,
    hidden: Iterable[str] = (),
    student: bool = False,
) -> LiveState:
    """Mount the playground `key`; returns its state. A class's `student` gets no presets menu
    and no classroom-mode panel: those would change (or show) what the teacher locked."""
    state = _session_state(key, default, from_url, hidden)
    room = st.session_state[f"{key}:room"]
    apply_style()
    classroom.apply_classroom(key, room["hidden"], room["presenter"])
    with st.sidebar:
        if not student:
            _preset_menu(key, state)
        sidebar.data_controls(key, state, thumbnail)
        sidebar.feature_controls(key)
        sidebar.network_controls(key, state)
        controls.per_layer_note(state)
        sidebar.optimizer_controls(key)
        sidebar.display_controls(key)
        with st.container(key=f"{key}:own_data"):
            data_io.data_panel(key, state)
        downloads = st.container(key=f"{key}:download")  # filled once the widgets are applied
        if not student:
            room["hidden"], room["presenter"] = classroom.classroom_panel(
                key, room["hidden"], room["presenter"]
            )
    controls.training_bar(key, state)
    _apply_widgets(key, state, from_url)
    with downloads:  # after the settings landed, so the files are of the network shown
        data_io.export_panel(key, state)
    # A keyed container keeps the live view's place in the page when a message comes or goes;
    # otherwise the browser remounts the view and shows an empty counter until the next frame.
    with st.container(key=f"{key}:messages"):
        _messages(key, state)
    live_view(f"live:{key}", key=f"{key}:view")
    with st.container(key=f"{key}:caption"):
        st.caption(CAPTION)
    with st.container(key=f"{key}:insights"):
        insights_panel(f"live:{key}", key)
    return state


def _session_state(key: str, default, from_url: bool, hidden: Iterable[str]) -> LiveState:
    state_key = f"live:{key}"
    if state_key not in st.session_state:
        hidden_names, presenter = set(hidden), False
        if from_url:
            params = st.query_params.to_dict()
            state = _state_from_params(params)
            hidden_names, warnings = classroom.parse_hidden(params.get("hide", ""))
            state.warnings += warnings + unknown_param_warnings(params, known_params(*PAGE_PARAMS))
            presenter = params.get("presenter", "0") in ("1", "true")
        else:
            state = new_state(default or PlaygroundConfig())
        st.session_state[state_key] = state
        st.session_state[f"{key}:room"] = {"hidden": hidden_names, "presenter": presenter}
    state = st.session_state[state_key]
    controls.init_widgets(key, state)
    return state


def _state_from_params(params: dict[str, str]) -> LiveState:
    """The URL's state; `preset=name` gives the base config that the other parameters change."""
    if "preset" not in params:
        return state_from_url(params)
    try:
        preset = load_preset(params["preset"])
    except PresetError as error:
        return _preset_ignored(params, str(error))
    if preset.data is not None:  # lesson 10's digits: here it would be the circle
        return _preset_ignored(params, f"it trains on {preset.data}: open the Digits page")
    merged = {**preset.config.to_query_params(), **params}
    return state_from_url({k: v for k, v in merged.items() if k != "preset"})


def _preset_ignored(params: dict[str, str], reason: str) -> LiveState:
    state = state_from_url({k: v for k, v in params.items() if k != "preset"})
    state.warnings.append(f"URL parameter 'preset={params['preset']}' ignored: {reason}")
    return state


def _apply_widgets(key: str, state: LiveState, from_url: bool) -> None:
    try:
        state.apply_config(controls.config_from_widgets(key, state))
    except ConfigError as error:  # widgets keep values in range; this is a last line of defence
        st.warning(f"That setting could not be used ({error}); the previous one is kept.")
    if from_url:
        room = st.session_state[f"{key}:room"]
        params = {
            **query_params(state),
            **classroom.query_params(room["hidden"], room["presenter"]),
        }
        if st.query_params.to_dict() != params:
            st.query_params.from_dict(params)


def _messages(key: str, state: LiveState) -> None:
    data_io.show_data_messages(state)
    for warning in state.warnings:
        st.warning(warning, icon=":material/link_off:")
    if state.warnings and st.button("Dismiss", key=f"{key}:dismiss_warnings"):
        state.warnings.clear()
        st.rerun()
    if state.trainer.stopped_early:
        st.info(state.trainer.stop_message, icon=":material/front_hand:")
    if not state.trainer.has_training_data:
        st.info(NO_DATA, icon=":material/scatter_plot:")
    if state.trainer.diverged:
        st.error(state.trainer.divergence, icon=":material/warning:")
        st.button(
            "Reset and try again",
            key=f"{key}:reset_after_divergence",
            type="primary",
            on_click=serialized(state.rebuild),
        )


def _preset_menu(key: str, state: LiveState) -> None:
    # A preset of other data (lesson 10's digits) is its own page's: here it would be the circle.
    presets = {preset.name: preset for preset in list_presets() if preset.data is None}
    with st.expander("Presets", icon=":material/bookmarks:"):
        name = st.selectbox(
            "Start from a preset",
            list(presets),
            key=f"{key}:preset",
            format_func=lambda n: presets[n].title,
            help="Load a ready-made setup (the lessons' experiments).",
        )
        st.caption(presets[name].description)
        st.button(
            "Load preset",
            key=f"{key}:load_preset",
            on_click=_load_preset,
            args=(key, state, presets[name].config),
            help="Replace the current setup.",
        )


@serialized
def _load_preset(key: str, state: LiveState, config: PlaygroundConfig) -> None:
    state.playing = False
    state.rebuild(config)
    reset_widgets(key)
