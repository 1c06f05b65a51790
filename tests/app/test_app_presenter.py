"""Presenter mode reaches the live view: the page's classroom choice travels with every frame."""

from __future__ import annotations

from apptest_helpers import live_views

from playground.ui.widgets.live_view import decode_payload


def presenter_flag(at) -> bool:
    (view,) = live_views(at)
    return decode_payload(view.proto.bytes).get("presenter", False)


def test_a_presenter_link_makes_the_live_view_present(playground_app) -> None:
    assert presenter_flag(playground_app({"presenter": "1"})) is True
    assert presenter_flag(playground_app()) is False


def test_the_classroom_toggle_switches_the_live_view(playground_app) -> None:
    at = playground_app()
    at.toggle(key="main:presenter").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert presenter_flag(at) is True
    at.toggle(key="main:presenter").set_value(False).run()
    assert presenter_flag(at) is False
