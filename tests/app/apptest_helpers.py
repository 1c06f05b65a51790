"""Helpers shared by the AppTest tests: finding a button whose key carries a click count."""

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
