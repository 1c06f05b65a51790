"""Helpers shared by the AppTest tests: opening a page, checking it is calm, finding a button."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from playground.ui.widgets.live_view import COMPONENT_NAME


def button(at: AppTest, name: str):
    """Button `name`, whether its key is `name` or `name:<handled clicks>`
    (see ui/workarounds/buttons.py)."""
    for element in at.get("button"):
        key = getattr(element, "key", None) or ""
        head, _, count = key.rpartition(":")
        if key == name or (head == name and count.isdigit()):
            return element
    raise LookupError(f"no button named {name!r} on the page")


def live_views(at: AppTest) -> list:
    """The live-view canvases on the page (not the page's other custom components)."""
    return [
        c for c in at.get("bidi_component") if c.proto.component_name.startswith(COMPONENT_NAME)
    ]


def no_trouble(at: AppTest, errors: bool = True) -> None:
    """No exception on the page (and, unless `errors` is False, no error box either)."""
    assert not at.exception, [e.value for e in at.exception]
    if errors:
        assert not at.error, [e.value for e in at.error]


def open_page(
    playground_app, page: str, params: dict[str, str] | None = None, errors: bool = True
) -> AppTest:
    """A new session on `page` (a views/ path) with exactly the URL parameters `params`, run
    once and checked with `no_trouble` (`errors=False`: exceptions only)."""
    at = playground_app()
    at.query_params.clear()
    at.query_params.update(params or {})
    at.switch_page(page).run()
    no_trouble(at, errors)
    return at
