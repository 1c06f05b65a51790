"""Widgets outside the live fragment whose change a fragment rerun may carry: rerun the page.

The live view asks for its next frames with a component trigger, a rerun of its fragment only.
When a person clicks a widget outside the fragment (a look-inside tab, `on_change="rerun"`) at
the moment the view asks, Streamlit's frontend can send both in one fragment rerun: the tab's
new value arrives, but the page run that draws the tab never comes, and the tab stays empty
(about one switch in four while playing). A page run `remember`s the values it drew such
widgets with; the live fragment calls `changed()` and reruns the page when one differs.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

DRAWN_KEY = "_page_widget_values"  # widget key -> the value the last page run drew it with


def remember(key: str) -> None:
    """In a page run: widget `key` was drawn with its current value."""
    st.session_state.setdefault(DRAWN_KEY, {})[key] = _value(key)


def changed() -> bool:
    """True when a remembered widget's value differs from the one the page was drawn with."""
    drawn: dict[str, Any] = st.session_state.get(DRAWN_KEY, {})
    return any(_value(key) != value for key, value in drawn.items())


def _value(key: str) -> Any:
    return st.session_state.get(key)
