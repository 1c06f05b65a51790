"""Whether the current fragment run carries a widget change that belongs to the rest of the page.

Streamlit's frontend (1.67) sends the widget changes of one browser task as one rerun, and when
they come from different places it reruns the first fragment named: a page-level change (a
look-inside tab, a slider) that lands in the same task as the live view's "more" goes out as the
live fragment's rerun. The server then stores the new value, runs the live fragment and not the
page, so the tab stays empty, or the setting waits for some later click (a tab clicked while
playing stayed empty about one time in two). `changed_outside()` finds such a change: a widget
drawn in the page itself (in no fragment) whose value in this run differs from the last run's.
Each of the playground's fragments (the live view, the paused view, the open look-inside view)
answers it with a whole-page rerun (`rerun_page_if_changed_outside`). A widget with no earlier
value does not count: the browser goes on reporting widgets that the page has stopped drawing
(another tab's fields), for which Streamlit has dropped the value. It reads Streamlit's private
session state; tests/unit/test_outside_changes.py checks it against the real classes, so an
upgrade that changes them fails there.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
from streamlit.runtime.state.session_state import SessionState


def rerun_page_if_changed_outside() -> None:
    """Rerun the whole page when this fragment run carries a change meant for it."""
    if changed_outside():
        st.rerun(scope="app")


def changed_outside() -> bool:
    """True when this fragment run received a changed value of a widget of the page itself."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None or not ctx.fragment_ids_this_run:  # a page run draws every widget anyway
        return False
    with ctx.session_state._lock:
        return page_widget_changed(ctx.session_state._state)


def page_widget_changed(state: SessionState) -> bool:
    """True when `state` holds a new value, different from the last run's, for a widget that
    was drawn outside every fragment."""
    widgets, old = state._new_widget_state, state._old_state
    return any(
        widgets.get(widget_id) != old[widget_id]
        for widget_id, metadata in widgets.widget_metadata.items()
        if metadata.fragment_id is None and widget_id in widgets.states and widget_id in old
    )
