"""The live loop sees a page widget's change that reached it inside a fragment's rerun, reading
Streamlit's own session state (1.67) through a page run and fragment runs as the server does."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.runtime.state import session_state as streamlit_session_state
from streamlit.runtime.state.common import WidgetMetadata
from streamlit.runtime.state.session_state import SessionState

from playground.ui.workarounds.outside_changes import changed_outside, page_widget_changed

TAB, VIEW, FIELD = "$$ID-tab-main:tab", "$$ID-view-main:view", "$$ID-field-main:field"
LIVE = "live-fragment"
RUNNING: list[str] = []  # the fragments the current simulated run runs ([] for a page run)


@pytest.fixture(autouse=True)
def _fragment_runs(monkeypatch) -> None:
    """Streamlit's session state asks the script context which fragments the run runs."""
    context = SimpleNamespace(
        fragment_ids_this_run=RUNNING, script_requests=None, page_script_hash="page"
    )
    monkeypatch.setattr(streamlit_session_state, "get_script_run_ctx", lambda *_a, **_k: context)


def draw(state: SessionState, widget_id: str, fragment_id: str | None) -> None:
    metadata = WidgetMetadata(
        widget_id, lambda v: v if v is not None else "Guide", lambda v: v, "string_value",
        fragment_id=fragment_id,
    )  # fmt: skip
    state.register_widget(metadata, widget_id.rsplit("-", 1)[-1])


def run(state: SessionState, values: dict[str, str], drawn: dict[str, str | None]) -> bool:
    """One script run that receives `values` from the browser and draws the `drawn` widgets
    (a fragment run when all are the live fragment's); returns what the live loop's check says
    during it."""
    RUNNING[:] = [LIVE] if set(drawn.values()) == {LIVE} else []
    proto = WidgetStates()
    for widget_id, value in values.items():
        proto.widgets.add(id=widget_id, string_value=value)
    state.on_script_will_rerun(proto)
    for widget_id, fragment_id in drawn.items():
        draw(state, widget_id, fragment_id)
    seen = page_widget_changed(state)
    state.on_script_finished(frozenset(drawn))
    return seen


def a_page_drawn() -> SessionState:
    state = SessionState()
    page = {TAB: None, VIEW: LIVE}
    run(state, {}, page)  # the first page run: defaults only
    assert not run(state, {TAB: "Guide", VIEW: "more"}, page)  # the browser reports defaults
    return state


def test_a_tab_change_folded_into_the_views_rerun_is_seen() -> None:
    state = a_page_drawn()
    assert run(state, {TAB: "Gradient flow", VIEW: "more"}, {VIEW: LIVE})


def test_the_views_own_reruns_are_not_a_change() -> None:
    state = a_page_drawn()
    for value in ("more", "again", "more"):  # the fragment's own widget changes every time
        assert not run(state, {TAB: "Guide", VIEW: value}, {VIEW: LIVE})


def test_once_the_page_has_rerun_the_change_is_spent() -> None:
    state = a_page_drawn()
    assert run(state, {TAB: "Metrics", VIEW: "more"}, {VIEW: LIVE})
    assert not run(state, {TAB: "Metrics", VIEW: "more"}, {TAB: None, VIEW: LIVE})  # the page
    assert not run(state, {TAB: "Metrics", VIEW: "more"}, {VIEW: LIVE})


def test_a_widget_the_page_stopped_drawing_is_no_change_while_the_browser_reports_it() -> None:
    state = a_page_drawn()
    run(state, {TAB: "Guide", VIEW: "more"}, {FIELD: None, VIEW: LIVE})  # a page without it
    assert not run(state, {TAB: "Guide", VIEW: "more"}, {VIEW: LIVE})


def test_outside_a_script_run_nothing_changed() -> None:
    assert not changed_outside()
