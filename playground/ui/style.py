"""Small global styles the default Streamlit theme lacks for a dense control panel."""

from __future__ import annotations

import streamlit as st

CSS = """
<style>
/* Dataset buttons sit three to a row in the sidebar: keep their names whole. */
section[data-testid="stSidebar"] .stButton button { padding-left: 0.3rem; padding-right: 0.3rem; }
/* The page is a tool, not a document: less empty space above it. */
.stMainBlockContainer, .block-container {
  padding-top: 3.5rem; padding-left: 2rem; padding-right: 2rem;
}
</style>
"""


def apply_style() -> None:
    st.html(CSS)
