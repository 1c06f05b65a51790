"""The frame's wire codec: a frame dict (frame_schema.py) as the one binary message the live view
decodes (static/live_view/wire.js), and back for tests.

Streamlit cannot send a dict holding `bytes` (it would fall back to `str(dict)`), so a frame
travels as ONE binary message: a JSON header in which each array is replaced by
`{"$a": [offset, count, dtype]}`, then the arrays, 4-byte aligned. Each key's wire encoding comes
from the frame schema: the maps (output, output confidence, neuron maps) are quantized to uint8
on the way — the colours have 256 steps anyway — which cuts the message about 4x. A list of
frames travels as one batch message (`encode_batch`) that the renderer plays back at the spacing
it gives; in a batch, each later frame sends its uint8 maps as the difference from the frame
before (modulo 256, dtype tag "u8d"): consecutive frames differ little, so the deltas compress
about 40 % better on the websocket's deflate (`encode_frames`). Numbers that are not finite go
out as null. Pure NumPy; nothing here knows about Streamlit.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from playground.live.frame_schema import FRAME_KEYS, check_payload

__all__ = ["decode_frames", "decode_payload", "encode_batch", "encode_frames", "encode_payload"]

MAGIC = b"PGLV"
BATCH_MAGIC = b"PGLB"


def _finite_copy(raw: bytes, low: float, high: float) -> np.ndarray:
    """The float32 values of `raw` clipped to [low, high], NaN -> 0, as a new array (checking
    first: nan_to_num on every map of every frame cost more than the quantizing)."""
    values = np.frombuffer(raw, dtype="<f4")
    if not np.isfinite(values).all():
        values = np.nan_to_num(values, nan=0.0, posinf=high, neginf=low)
    return np.clip(values, low, high)


def _quantize_signed(raw: bytes) -> np.ndarray:
    """float32 values in [-1, 1] (NaN -> 0) as uint8 codes round((v + 1) * 127.5)."""
    values = _finite_copy(raw, -1.0, 1.0)
    return np.rint((values + 1.0) * 127.5).astype(np.uint8)


def _quantize_unit(raw: bytes) -> np.ndarray:
    """float32 probabilities in [0, 1] (NaN -> 0) as uint8 codes round(p * 255)."""
    return np.rint(_finite_copy(raw, 0.0, 1.0) * 255.0).astype(np.uint8)


def _class_codes(raw: bytes, n_classes: int) -> np.ndarray:
    """float32 class indices (NaN -> 0) as uint8."""
    values = np.nan_to_num(np.frombuffer(raw, dtype="<f4"), nan=0.0)
    return np.clip(np.rint(values), 0, max(0, min(n_classes, 256) - 1)).astype(np.uint8)


def _wire_array(payload: Mapping[str, Any], key: str) -> tuple[bytes, str] | None:
    """The array under `key` as it goes on the wire, and its dtype tag; None if not an array.

    The schema's encoding says which: "u8_*" maps become uint8 codes (see frame_schema.py),
    "f32" and "u8" arrays go as the bytes they came as.
    """
    wire, value = FRAME_KEYS[key].wire, payload[key]
    if value is None or wire in ("json", "f32_columns"):
        return None
    if wire == "u8_output" and payload["problem"] == "multiclass":
        return _class_codes(value, int(payload["n_classes"])).tobytes(), "u8"
    if wire in ("u8_output", "u8_signed"):
        return _quantize_signed(value).tobytes(), "u8"
    if wire == "u8_unit":
        return _quantize_unit(value).tobytes(), "u8"
    return bytes(value), wire  # "f32" or "u8", as they are


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


def _delta(raw: bytes, dtype: str, key: str, maps: dict[str, bytes] | None) -> tuple[bytes, str]:
    """A uint8 map as the difference from the same key's map of the frame before (recorded in
    `maps`, which then holds this one), when there is one of the same size."""
    if maps is None or dtype != "u8":
        return raw, dtype
    before, maps[key] = maps.get(key), raw
    if before is None or len(before) != len(raw):
        return raw, dtype
    current, previous = np.frombuffer(raw, np.uint8), np.frombuffer(before, np.uint8)
    return (current - previous).tobytes(), "u8d"  # uint8 arithmetic wraps modulo 256


def encode_payload(
    payload: Mapping[str, Any],
    *,
    view_height: int | None = None,
    draw_ack: list[str] | None = None,
    presenter: bool = False,
    maps: dict[str, bytes] | None = None,
) -> bytes:
    """Pack a frame dict into the single binary message the renderer decodes.

    Parameters
    ----------
    payload
        A frame as the schema describes it (`check_payload` refuses any other): arrays as
        little-endian float32 `bytes` (`is_test` uint8). Numbers that are not finite (NaN, ±inf)
        travel as null.
    view_height
        Fixed height of the view in CSS pixels, or None to size it to its content.
    draw_ack
        Ids of the draw events handled lately (the renderer stops re-sending them), or None.
    presenter
        Presenter mode: the view's text (figures, labels, ticks, legends) drawn larger.
    maps
        The previous frame's uint8 maps, by key (`encode_frames`): maps of the same size are
        sent as deltas from them, and `maps` is updated to this frame's.

    Returns
    -------
    bytes
        b"PGLV", uint32 LE header length, JSON header, padding to 4, then the arrays (each padded
        to 4 bytes) that the header references as {"$a": [offset, count, "f32" | "u8" |
        "u8d"]}.
    """
    check_payload(payload)
    chunks: list[bytes] = []
    offset = 0

    def reference(raw: bytes, dtype: str) -> dict[str, list[Any]]:
        nonlocal offset
        count = len(raw) if dtype in ("u8", "u8d") else len(raw) // 4
        ref = {"$a": [offset, count, dtype]}
        padding = -len(raw) % 4
        chunks.append(raw + b"\0" * padding if padding else raw)
        offset += len(raw) + padding
        return ref

    header: dict[str, Any] = {}
    for key, value in payload.items():
        array = _wire_array(payload, key)
        if array is not None:
            quantized = FRAME_KEYS[key].wire.startswith("u8_")
            header[key] = reference(*(_delta(*array, key, maps) if quantized else array))
        elif FRAME_KEYS[key].wire == "f32_columns":
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


def encode_frames(frames: Sequence[Mapping[str, Any]], spacing: float, **options: Any) -> bytes:
    """One message of `frames` (`options` go to `encode_payload`): the frame itself, or a batch
    shown `spacing` seconds apart whose later frames send their maps as deltas."""
    maps: dict[str, bytes] = {}
    messages = [encode_payload(frame, maps=maps, **options) for frame in frames]
    return messages[0] if len(messages) == 1 else encode_batch(messages, spacing)


def decode_frames(message: bytes) -> list[dict[str, Any]]:
    """Inverse of `encode_payload` / `encode_frames` for tests: every frame of the message, the
    maps sent as deltas added back to the frame before's."""
    if message[:4] != BATCH_MAGIC:
        return [decode_payload(message)]
    frames: list[dict[str, Any]] = []
    at = 12
    for _ in range(int.from_bytes(message[4:8], "little")):
        length = int.from_bytes(message[at : at + 4], "little")
        frame = decode_payload(bytes(message[at + 4 : at + 4 + length]))
        for key in frame.pop("$deltas", ()):
            frame[key] = frames[-1][key] + frame[key]  # uint8: modulo 256, as encoded
        frames.append(frame)
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
            numpy_dtype = np.uint8 if dtype in ("u8", "u8d") else np.dtype("<f4")
            return np.frombuffer(message, numpy_dtype, count, base + offset)
        if isinstance(value, dict):
            return {k: resolve(v) for k, v in value.items()}
        return value

    deltas = [k for k, v in header.items() if isinstance(v, dict) and v.get("$a", [0])[-1] == "u8d"]
    frame = resolve(header)
    if deltas:
        frame["$deltas"] = deltas  # decode_frames adds them to the frame before's maps
    return frame
