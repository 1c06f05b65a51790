"""The live view component: mounts the canvas a student watches while a network trains.

`mount_live_view(payload, key)` takes a frame dict (the keys of playground/live/frame_schema.py,
raw little-endian float32 `bytes` for every array) or a list of them, packs them into one binary
message (playground/live/frame_wire.py) and hands it to one keyed `st.components.v2` component
whose renderer is static/live_view.js with its ES modules in static/live_view/. The renderer is
served as static files (`server.enableStaticServing`) and loaded once by a tiny inline loader
with versioned module URLs, because inline html/css/js is re-sent with every frame; when static
serving is off (AppTest, another entry point) the whole renderer is bundled into one script and
sent inline instead, which works but costs bandwidth (playground/ui/widgets/live_view_assets.py).

The payload holds REQUIRED_KEYS and any of OPTIONAL_KEYS (the frame schema, with the renderer's
defaults); the encoder refuses a payload that misses a required key or carries a key the schema
does not list. `status` is one of STATUSES; on "diverged" (training stopped) and "no_data" (no
training points) the view shows `status_text` over the output. Numbers that are not finite go
out as null and read "–". `presenter=True` (the classroom's presenter mode) draws all the view's
text larger.

Draw mode (optional payload key `"draw": {"enabled": bool, "label": float}`): clicks on the output
heatmap come back as the component's trigger value "draw" — `{"action": "add", "x", "y", "label"}`
in data coordinates, or `{"action": "remove", "index"}` into the payload's points — and reach the
`on_draw` callback of `mount_live_view` through the component's `on_draw_change` mechanism, which
Streamlit runs before the (fragment) rerun the event causes. Streamlit can deliver one trigger
twice (a fragment's timer rerun may carry it before the trigger's own message does), so each event
carries a unique "id" and the callback drops ids it has already seen: `on_draw` gets every event
exactly once. It can also lose one (two triggers queued during one run: the newer wins), so every
frame lists the ids handled lately in `draw_ack`, and the renderer sends an event again until its
id comes back. The weight editor's edits (`{"action": "weight" | "bias", ...}`, see
playground/live/edits.py) travel the same way, in any mode.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit import config as st_config

from playground.live.edits import EDIT_ACTIONS, finite_number, parse_edit
from playground.live.frame_schema import OPTIONAL_KEYS, REQUIRED_KEYS, STATUSES
from playground.live.frame_wire import (
    decode_frames,
    decode_payload,
    encode_batch,
    encode_frames,
    encode_payload,
)
from playground.ui.widgets.live_view_assets import ENTRY, STATIC_DIR, bundle_js, loader_js

__all__ = [
    "COMPONENT_NAME",
    "OPTIONAL_KEYS",
    "REQUIRED_KEYS",
    "STATUSES",
    "DrawEvent",
    "decode_frames",
    "decode_payload",
    "encode_batch",
    "encode_frames",
    "encode_payload",
    "mount_live_view",
    "parse_draw_event",
]

LOGGER = logging.getLogger(__name__)

COMPONENT_NAME = "playground_live_view"
JS_FILE = STATIC_DIR / ENTRY
DRAW_EVENT = "draw"  # trigger name the renderer sends draw-mode events under
SEEN_EVENTS = 256  # event ids remembered per view to drop repeated deliveries
ACK_EVENTS = 32  # the newest of them, sent back with every frame as `draw_ack`

# {"action": "add", "x", "y", "label"}, {"action": "remove", "index"} or an edit (live/edits.py)
DrawEvent = dict[str, Any]


# ------------------------------------------------------------------------------------------------
# Component registration (once, at import)
# ------------------------------------------------------------------------------------------------


def _static_base() -> str:
    """Where Streamlit serves static/, honouring server.baseUrlPath."""
    base = str(st_config.get_option("server.baseUrlPath") or "").strip("/")
    prefix = f"/{base}" if base else ""
    return f"{prefix}/app/static/"


_STATIC_COMPONENT = st.components.v2.component(COMPONENT_NAME, js=loader_js(_static_base()))
_INLINE_COMPONENT = st.components.v2.component(f"{COMPONENT_NAME}_inline", js=bundle_js())


@cache
def _static_file_served(main_script_path: str) -> bool:
    """True when Streamlit serves our renderer at /app/static/ for this main script."""
    served = Path(main_script_path).resolve().parent / "static" / JS_FILE.name
    return served.is_file() and served.resolve() == JS_FILE.resolve()


def _uses_static_serving() -> bool:
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None or not st_config.get_option("server.enableStaticServing"):
        return False
    return _static_file_served(ctx.main_script_path)


@cache
def _warn_inline_once() -> None:
    LOGGER.warning(
        "live view: %s is not served at /app/static/ (set server.enableStaticServing = true and "
        "run a main script next to static/); sending the renderer inline with every frame instead.",
        JS_FILE.name,
    )


def parse_draw_event(value: Any) -> DrawEvent | None:
    """A draw event from the browser as the contract's dict, or None if it is malformed.

    The trigger value comes from the page, so it is checked rather than trusted: an "add" needs
    finite numbers x, y and label, a "remove" a non-negative integer index, a "weight" or "bias"
    edit what `live.edits.parse_edit` checks. Extra keys (the renderer's event "id") are dropped.
    """
    if not isinstance(value, Mapping):
        return None
    action = value.get("action")
    if action in EDIT_ACTIONS:
        return parse_edit(value)

    def number(name: str) -> float | None:
        return finite_number(value.get(name))

    if action == "add":
        x, y, label = number("x"), number("y"), number("label")
        if x is None or y is None or label is None:
            return None
        return {"action": "add", "x": x, "y": y, "label": label}
    if action == "remove":
        index = value.get("index")
        if isinstance(index, int) and not isinstance(index, bool) and index >= 0:
            return {"action": "remove", "index": index}
    return None


def _draw_callback(key: str, on_draw: Callable[[DrawEvent], None]) -> Callable[[], None]:
    """The component's `on_draw_change`: reads the trigger value and hands it to `on_draw`.

    Streamlit calls it (without arguments) for each "draw" trigger, before the rerun the trigger
    causes. A repeated delivery of the same event (same "id") is dropped, remembered in
    `st.session_state` per view key.
    """

    def dispatch() -> None:
        component_state = st.session_state.get(key)
        value = component_state.get(DRAW_EVENT) if isinstance(component_state, Mapping) else None
        if _seen_before(key, value):
            return
        event = parse_draw_event(value)
        if event is None:
            if value is not None:
                LOGGER.warning("live view: ignored a malformed draw event %r", value)
            return
        on_draw(event)

    return dispatch


def _seen_key(key: str) -> str:
    """Session-state key of the ids of the draw events handled for view `key`, oldest first."""
    return f"_live_view_draw_ids:{key}"


def _seen_before(key: str, value: Any) -> bool:
    """True if this event's id was already handled for view `key` (and remember it if not)."""
    event_id = value.get("id") if isinstance(value, Mapping) else None
    if not isinstance(event_id, str):
        return False  # no id: nothing to compare, deliver it
    seen: deque[str] = st.session_state.setdefault(_seen_key(key), deque(maxlen=SEEN_EVENTS))
    if event_id in seen:
        return True
    seen.append(event_id)
    return False


def mount_live_view(
    payload: dict | Sequence[dict],
    key: str,
    height: int | None = None,
    on_draw: Callable[[DrawEvent], None] | None = None,
    spacing: float = 0.0,
    presenter: bool = False,
) -> None:
    """Draw the live view (call it every run with the same `key`).

    Parameters
    ----------
    payload
        The live-view dict of the interface contract (arrays as little-endian float32 `bytes`),
        optionally with `"draw": {"enabled": bool, "label": float}` to turn on draw mode; or a
        list of them, frames to be shown one after the other `spacing` seconds apart.
    key
        Stable widget key; the same key keeps the same canvases between frames.
    height
        Fixed height in CSS pixels (the diagram and side panel scroll inside), or None to let
        the view take the height it needs.
    on_draw
        Called with each draw-mode event, exactly once, before the rerun the click causes:
        `{"action": "add", "x": float, "y": float, "label": float}` (data coordinates) or
        `{"action": "remove", "index": int}` (index into the payload's points). Pass it on every
        call: Streamlit keeps the callbacks of the latest run.
    spacing
        Seconds between the frames of a list.
    presenter
        Presenter mode (a classroom projector): the view draws its text about 1.5x larger.
    """
    seen = st.session_state.get(_seen_key(key))
    draw_ack = list(seen)[-ACK_EVENTS:] if seen else None
    frames = [payload] if isinstance(payload, Mapping) else list(payload)
    options = {"view_height": height, "draw_ack": draw_ack, "presenter": presenter}
    message = encode_frames(frames, spacing, **options)
    if _uses_static_serving():
        component = _STATIC_COMPONENT
    else:
        _warn_inline_once()
        component = _INLINE_COMPONENT
    callbacks = {} if on_draw is None else {"on_draw_change": _draw_callback(key, on_draw)}
    component(key=key, data=message, height="content" if height is None else height, **callbacks)
