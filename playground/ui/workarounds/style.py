"""Small global styles the default Streamlit theme lacks for a dense control panel."""

from __future__ import annotations

import streamlit as st

# Presenter mode (`?presenter=1`) enlarges the type: classroom.py sets `html { font-size: 20px }`
# while the sidebar's "Presenter mode" toggle is on. The rules under PRESENTING scale what
# Streamlit sizes in px by the same factor, so the enlarged page wraps like the normal one: the
# 300 px sidebar had "Checker…", "Model (…" and a problem type in two rows, and the 120 px
# regularization box wrapped its label as "Regularizatio / n".
PRESENTING = '.stApp:has([class*="st-key-"][class*="-presenter"] input:checked)'

CSS = f"""
<style>
/* Dataset buttons sit three to a row in the sidebar: keep their names whole. */
section[data-testid="stSidebar"] .stButton button {{ padding-left: 0.3rem; padding-right: 0.3rem; }}
/* The page is a tool, not a document: less empty space above it. */
.stMainBlockContainer, .block-container {{
  padding-top: 3.5rem; padding-left: 2rem; padding-right: 2rem;
}}
/* Presenter mode: Streamlit's 300 px sidebar in rem (it still collapses: its max-width is 0). */
{PRESENTING} section[data-testid="stSidebar"] {{ width: 18.75rem !important; }}
/* ... and the training bar's fixed-width selects (a flex-basis in px) as wide as their labels,
   at least 7 rem; the select under the label fills that width but does not set it. */
{PRESENTING} [class*="training_bar"] > .stElementContainer:has(> [data-testid="stSelectbox"]) {{
  flex: 0 0 auto !important; width: auto !important; min-width: 7rem;
}}
{PRESENTING} [class*="training_bar"] [data-testid="stSelectbox"] > div {{ contain: inline-size; }}
{PRESENTING} [class*="training_bar"] [data-testid="stWidgetLabel"] {{ gap: 0.3rem; }}
/* ... and the Play/Pause button's fixed 100 px (one width for both labels) in rem: at the
   larger type "Pause" broke into "Paus / e". */
{PRESENTING} div:has(> [class*="-play "]) {{ flex: 0 0 6.25rem !important; width: 6.25rem; }}
{PRESENTING} [class*="-play "], {PRESENTING} [class*="-play "] .stElementContainer,
{PRESENTING} [class*="-play "] button {{
  width: 6.25rem !important; min-width: 6.25rem;
}}
/* ... and the look-inside tabs closer together, on two lines where eight do not fit the main
   column (at 1280 px beside the wider sidebar the last ones hid behind a scroll arrow). */
{PRESENTING} [data-testid="stTabs"] [role="tablist"] {{ gap: 0.2rem 0.6rem; flex-wrap: wrap; }}
</style>
"""


def apply_style() -> None:
    st.html(CSS)
