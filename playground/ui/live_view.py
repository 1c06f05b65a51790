"""The live view component: mounts the canvas a student watches while a network trains.

`mount_live_view(payload, key)` takes the live-view payload dict of the interface contract (raw
little-endian float32 `bytes` for every array) and hands it to one keyed `st.components.v2`
component whose renderer is `static/live_view.js`. Streamlit cannot send a dict holding `bytes`
(it would fall back to `str(dict)`), so the payload travels as ONE binary message: a JSON header in
which each array is replaced by `{"$a": [offset, count, dtype]}`, then the arrays, 4-byte aligned.
The maps (output, output confidence, neuron maps) are quantized to uint8 on the way — the colours
have 256 steps anyway — which cuts the message about 4x. A list of payloads travels as one batch
message (`encode_batch`) that the renderer plays back at the spacing it gives. The renderer
itself is served as a static file (`server.enableStaticServing`) and loaded once by a tiny inline
loader, because inline html/css/js is re-sent with every frame; when static serving is off
(AppTest, another entry point) the full script is sent inline instead, which works but costs
bandwidth.

The payload holds REQUIRED_KEYS and any of OPTIONAL_KEYS (below, with the renderer's defaults).
`status` is one of STATUSES; on "diverged" (training stopped) and "no_data" (no training points)
the view shows `status_text` over the output. Numbers that are not finite go out as null and
read "–". `presenter=True` (the classroom's presenter mode) draws all the view's text larger.

Draw mode (optional payload key `"draw": {"enabled": bool, "label": float}`): clicks on the output
heatmap come back as the component's trigger value "draw" — `{"action": "add", "x", "y", "label"}`
in data coordinates, or `{"action": "remove", "index"}` into the payload's points — and reach the
`on_draw` callback of `mount_live_view` through the component's `on_draw_change` mechanism, which
Streamlit runs before the (fragment) rerun the event causes. Streamlit can deliver one trigger
twice (a fragment's timer rerun may carry it before the trigger's own message does), so each event
carries a unique "id" and the callback drops ids it has already seen: `on_draw` gets every event
exactly once. It can also lose one (two triggers queued during one run: the newer wins), so every
frame lists the ids handled lately in `draw_ack`, and the renderer sends an event again until its
id comes back.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import streamlit as st
from streamlit import config as st_config

__all__ = [
    "COMPONENT_NAME",
    "DrawEvent",
    "decode_frames",
    "decode_payload",
    "encode_batch",
    "encode_payload",
    "mount_live_view",
    "parse_draw_event",
]

LOGGER = logging.getLogger(__name__)

COMPONENT_NAME = "playground_live_view"
STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
JS_FILE = STATIC_DIR / "live_view.js"
MAGIC = b"PGLV"
BATCH_MAGIC = b"PGLB"
DRAW_EVENT = "draw"  # trigger name the renderer sends draw-mode events under
SEEN_EVENTS = 256  # event ids remembered per view to drop repeated deliveries
ACK_EVENTS = 32  # the newest of them, sent back with every frame as `draw_ack`

DrawEvent = dict[str, Any]  # {"action": "add", "x", "y", "label"} or {"action": "remove", "index"}

_UINT8_ARRAYS = ("is_test",)  # sent as they are; every other raw array is float32
REQUIRED_KEYS = (
    "frame", "epoch", "status", "problem", "n_classes", "bounds", "output_res", "output",
    "points", "labels", "is_test", "layers", "feature_names", "neuron_res", "neurons", "weights",
    "biases", "history", "metric_name", "train_loss", "test_loss", "train_metric", "test_metric",
)  # fmt: skip
# `status` is one of these. "diverged" and "no_data" put `status_text` over the output plot.
STATUSES = ("playing", "paused", "diverged", "no_data")
# Keys a payload may leave out, and what the renderer assumes then.
OPTIONAL_KEYS = {
    "status_text": "",  # why the status is what it is (the trainer's words on a divergence)
    "step": None,  # mini-batch steps so far
    "show_test": False,  # draw the test points
    "discretize": False,  # threshold the output instead of shading it
    "output_conf": None,  # multiclass: float32 confidence of the winning class per grid cell
    "draw": None,  # {"enabled": bool, "label": float}: draw mode (see the module docstring)
    "replace": False,  # drop the frames the browser still has queued (set by the live loop)
    "sync": None,  # views with the same name show frame N at the same moment (compare page)
}


def _quantize_signed(raw: bytes) -> np.ndarray:
    """float32 values in [-1, 1] (NaN -> 0) as uint8 codes round((v + 1) * 127.5)."""
    values = np.nan_to_num(np.frombuffer(raw, dtype="<f4"), nan=0.0, posinf=1.0, neginf=-1.0)
    np.clip(values, -1.0, 1.0, out=values)
    return np.rint((values + 1.0) * 127.5).astype(np.uint8)


def _quantize_unit(raw: bytes) -> np.ndarray:
    """float32 probabilities in [0, 1] (NaN -> 0) as uint8 codes round(p * 255)."""
    values = np.nan_to_num(np.frombuffer(raw, dtype="<f4"), nan=0.0, posinf=1.0, neginf=0.0)
    np.clip(values, 0.0, 1.0, out=values)
    return np.rint(values * 255.0).astype(np.uint8)


def _class_codes(raw: bytes, n_classes: int) -> np.ndarray:
    """float32 class indices (NaN -> 0) as uint8."""
    values = np.nan_to_num(np.frombuffer(raw, dtype="<f4"), nan=0.0)
    return np.clip(np.rint(values), 0, max(0, min(n_classes, 256) - 1)).astype(np.uint8)


def _wire_arrays(payload: Mapping[str, Any]) -> dict[str, np.ndarray | bytes]:
    """The payload's top-level arrays as they go on the wire.

    The maps become uint8 codes (NumPy arrays; see static/live_view.js for their meaning), every
    other array stays the raw `bytes` it came as.
    """
    arrays: dict[str, np.ndarray | bytes] = {}
    multiclass = payload["problem"] == "multiclass"
    for key, value in payload.items():
        if not isinstance(value, (bytes, bytearray, memoryview)):
            continue
        if key == "output":
            n_classes = int(payload["n_classes"])
            arrays[key] = _class_codes(value, n_classes) if multiclass else _quantize_signed(value)
        elif key == "output_conf":
            arrays[key] = _quantize_unit(value)
        elif key == "neurons":
            arrays[key] = _quantize_signed(value)
        else:
            arrays[key] = bytes(value)
    return arrays


def _jsonable(value: Any) -> Any:
    """Plain JSON values; numpy scalars unwrapped; NaN and ±inf as null (JSON has neither; the
    renderer shows a missing number as "–")."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def encode_payload(
    payload: Mapping[str, Any],
    *,
    view_height: int | None = None,
    draw_ack: list[str] | None = None,
    presenter: bool = False,
) -> bytes:
    """Pack a live-view payload dict into the single binary message the renderer decodes.

    Parameters
    ----------
    payload
        The contract's live-view dict (REQUIRED_KEYS, and any of OPTIONAL_KEYS); arrays as
        little-endian float32 `bytes` (`is_test` uint8). Numbers that are not finite (NaN, ±inf)
        travel as null.
    view_height
        Fixed height of the view in CSS pixels, or None to size it to its content.
    draw_ack
        Ids of the draw events handled lately (the renderer stops re-sending them), or None.
    presenter
        Presenter mode: the view's text (figures, labels, ticks, legends) drawn larger.

    Returns
    -------
    bytes
        b"PGLV", uint32 LE header length, JSON header, padding to 4, then the arrays (each padded
        to 4 bytes) that the header references as {"$a": [offset, count, "f32" | "u8"]}.
    """
    missing = [key for key in REQUIRED_KEYS if key not in payload]
    if missing:
        raise ValueError(f"live view payload is missing {', '.join(missing)}")
    chunks: list[bytes] = []
    offset = 0

    def reference(array: np.ndarray | bytes, dtype: str) -> dict[str, list[Any]]:
        nonlocal offset
        raw = array.tobytes() if isinstance(array, np.ndarray) else array
        count = len(raw) if dtype == "u8" else len(raw) // 4
        ref = {"$a": [offset, count, dtype]}
        padding = -len(raw) % 4
        chunks.append(raw + b"\0" * padding if padding else raw)
        offset += len(raw) + padding
        return ref

    header: dict[str, Any] = {}
    arrays = _wire_arrays(payload)
    for key, value in payload.items():
        if key in arrays:
            array = arrays[key]
            quantized = isinstance(array, np.ndarray)
            u8 = quantized or key in _UINT8_ARRAYS
            header[key] = reference(array, "u8" if u8 else "f32")
        elif key == "history":
            header[key] = {name: reference(bytes(raw), "f32") for name, raw in value.items()}
        else:
            header[key] = _jsonable(value)
    header["view_height"] = view_height
    if presenter:
        header["presenter"] = True
    if draw_ack:
        header["draw_ack"] = draw_ack
    text = json.dumps(header, separators=(",", ":"), allow_nan=False).encode()
    head = MAGIC + len(text).to_bytes(4, "little") + text
    head += b"\0" * (-len(head) % 4)
    return b"".join([head, *chunks])


def encode_batch(messages: Sequence[bytes], spacing: float) -> bytes:
    """Several encoded frames in one message, for the renderer to show `spacing` seconds apart.

    b"PGLB", uint32 LE count, uint32 LE spacing in microseconds, then per frame its uint32 LE
    length and its `encode_payload` bytes, padded to 4.
    """
    micros = max(0, min(round(spacing * 1e6), 2**32 - 1))
    parts = [BATCH_MAGIC, len(messages).to_bytes(4, "little"), micros.to_bytes(4, "little")]
    for message in messages:
        parts += [len(message).to_bytes(4, "little"), message, b"\0" * (-len(message) % 4)]
    return b"".join(parts)


def decode_frames(message: bytes) -> list[dict[str, Any]]:
    """Inverse of `encode_payload` / `encode_batch` for tests: every frame of the message."""
    if message[:4] != BATCH_MAGIC:
        return [decode_payload(message)]
    frames, at = [], 12
    for _ in range(int.from_bytes(message[4:8], "little")):
        length = int.from_bytes(message[at : at + 4], "little")
        frames.append(decode_payload(bytes(message[at + 4 : at + 4 + length])))
        at += 4 + length + (-length % 4)
    return frames


def decode_payload(message: bytes) -> dict[str, Any]:
    """Inverse of `encode_payload` for tests: the header dict with arrays as NumPy arrays.

    For a batch, its newest frame. Quantized maps come back as their uint8 codes (see the module
    docstring), not as floats.
    """
    if message[:4] == BATCH_MAGIC:
        return decode_frames(message)[-1]
    if message[:4] != MAGIC:
        raise ValueError("not a live view message")
    length = int.from_bytes(message[4:8], "little")
    header = json.loads(message[8 : 8 + length])
    base = 8 + length + (-(8 + length) % 4)

    def resolve(value: Any) -> Any:
        if isinstance(value, dict) and "$a" in value:
            offset, count, dtype = value["$a"]
            numpy_dtype = np.uint8 if dtype == "u8" else np.dtype("<f4")
            return np.frombuffer(message, numpy_dtype, count, base + offset)
        if isinstance(value, dict):
            return {k: resolve(v) for k, v in value.items()}
        return value

    return resolve(header)


# ------------------------------------------------------------------------------------------------
# Component registration (once, at import)
# ------------------------------------------------------------------------------------------------


def _script_version() -> str:
    """Short content hash of the renderer, so browsers never run a stale cached copy."""
    return hashlib.sha256(JS_FILE.read_bytes()).hexdigest()[:12]


def _static_url() -> str:
    """Path of the renderer under Streamlit's static route, honouring server.baseUrlPath."""
    base = str(st_config.get_option("server.baseUrlPath") or "").strip("/")
    prefix = f"/{base}" if base else ""
    return f"{prefix}/app/static/{JS_FILE.name}?v={_script_version()}"


def _loader_js(url: str) -> str:
    """The tiny inline module: imports the real renderer once and forwards every call to it."""
    return (
        f"const url = new URL({json.dumps(url)}, window.location.origin).href;\n"
        "let renderer;\n"
        "export default function (component) {\n"
        "  renderer ??= import(url);\n"
        "  return renderer.then((module) => module.default(component));\n"
        "}\n"
    )


_STATIC_COMPONENT = st.components.v2.component(COMPONENT_NAME, js=_loader_js(_static_url()))
_INLINE_COMPONENT = st.components.v2.component(
    f"{COMPONENT_NAME}_inline", js=JS_FILE.read_text(encoding="utf-8")
)


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
    finite numbers x, y and label, a "remove" a non-negative integer index. Extra keys (the
    renderer's event "id") are dropped.
    """
    if not isinstance(value, Mapping):
        return None
    action = value.get("action")

    def number(name: str) -> float | None:
        v = value.get(name)
        ok = isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
        return float(v) if ok else None

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
    messages = [encode_payload(f, **options) for f in frames]
    message = messages[0] if len(messages) == 1 else encode_batch(messages, spacing)
    if _uses_static_serving():
        component = _STATIC_COMPONENT
    else:
        _warn_inline_once()
        component = _INLINE_COMPONENT
    callbacks = {} if on_draw is None else {"on_draw_change": _draw_callback(key, on_draw)}
    component(key=key, data=message, height="content" if height is None else height, **callbacks)
