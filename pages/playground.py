"""The playground page: controls around the live view of a network learning."""

from __future__ import annotations

import streamlit as st

from playground.config import ConfigError
from playground.ui import controls, data_io, sidebar
from playground.ui.insights import insights_panel
from playground.ui.live import live_view
from playground.ui.state import LiveState, query_params, state_from_url
from playground.ui.style import apply_style
from playground.viz.thumbnails import dataset_thumbnail

KEY = "main"
STATE_KEY = f"live:{KEY}"


@st.cache_data(show_spinner=False)
def thumbnail(name: str):
    return dataset_thumbnail(name)


def session_state() -> LiveState:
    """This session's playground, made from the URL on the first visit."""
    if STATE_KEY not in st.session_state:
        st.session_state[STATE_KEY] = state_from_url(st.query_params.to_dict())
    state: LiveState = st.session_state[STATE_KEY]
    controls.init_widgets(KEY, state)
    return state


def apply_widgets(state: LiveState) -> None:
    try:
        state.apply_config(controls.config_from_widgets(KEY, state))
    except ConfigError as error:  # widgets keep values in range; this is a last line of defence
        st.warning(f"That setting could not be used ({error}); the previous one is kept.")
    params = query_params(state)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def show_messages(state: LiveState) -> None:
    data_io.show_data_messages(state)
    for warning in state.warnings:
        st.warning(warning, icon=":material/link_off:")
    if state.warnings and st.button("Dismiss", key="dismiss_url_warnings"):
        state.warnings.clear()
        st.rerun()
    if state.trainer.stopped_early:
        st.info(state.trainer.stop_message, icon=":material/front_hand:")
    if state.trainer.diverged:
        st.error(state.trainer.divergence, icon=":material/warning:")
        st.button(
            "Reset and try again",
            key="reset_after_divergence",
            type="primary",
            on_click=state.rebuild,
        )


def main() -> None:
    apply_style()
    state = session_state()
    with st.sidebar:
        sidebar.data_controls(KEY, state, thumbnail)
        sidebar.feature_controls(KEY)
        sidebar.network_controls(KEY, state)
        sidebar.optimizer_controls(KEY)
        sidebar.display_controls(KEY)
        data_io.data_panel(KEY, state)
        data_io.export_panel(KEY, state)
    controls.training_bar(KEY, state)
    apply_widgets(state)
    show_messages(state)
    live_view(STATE_KEY, key=f"{KEY}:view")
    caption = (
        "Each square in the network is one neuron, coloured by its output over the input plane "
        "(orange negative, blue positive); lines are weights, thicker for larger ones. The output "
        "shows the network's prediction everywhere, with the training points white-outlined and "
        "the test points black-outlined. Hover over a neuron to see its map large and its weights."
    )
    st.caption(caption)
    insights_panel(STATE_KEY, KEY)


main()
