"""The compare page: two settings side by side, trained on the same data, epoch for epoch."""

from __future__ import annotations

import streamlit as st

from playground.ui.pages import compare
from playground.ui.widgets.live_pair import live_pair
from playground.ui.workarounds.style import apply_style


def main() -> None:
    apply_style()
    compare.init_session()
    st.title("Compare two settings", anchor=False)
    st.caption(
        "A and B train at the same time on the same points from the same seed, epoch for epoch: "
        "only the settings that differ (in bold) can explain a difference."
    )
    with st.sidebar:
        compare.sidebar_form()
    compare.comparison_picker()
    compare.training_bar()
    compare.messages()
    compare.result_sentence()
    compare.settings_row()
    live_pair()
    compare.result_chart()
    compare.sync_url()


main()
