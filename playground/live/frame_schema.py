"""The frame schema: every key a live-view frame may carry, written once for Python and the JS.

A frame is the dict `FrameBuilder.build` (viz/frame.py) returns, plus the few keys the live loop
adds (`status_text`, `draw`, `replace`, `sync`); `encode_payload` (ui/live_view.py) adds
`view_height`, `presenter` and `draw_ack` on the way out. `FRAME_KEYS` lists each key once with
its type, its wire encoding, whether a frame must carry it, the renderer's default when it may be
left out, who sets it and what it means. From it:

- `check_payload` (used by `encode_payload`) refuses a frame that misses a required key, carries
  a key the table does not list, or names an unknown status;
- the encoder picks each array's wire encoding (`FrameKey.wire`);
- static/live_view/frame_schema.js is generated (`python -m playground.live.frame_schema`): a
  JSDoc typedef of the frame and the defaults, nullable figures and statuses the renderer uses.
  tests/unit/test_frame_schema.py checks that the generated file is current, that FrameBuilder emits
  exactly the keys marked "frame", and that the JS reads no key the table does not list.

Wire encodings: "json" (a JSON value; numbers that are not finite travel as null), "f32" and
"u8" (little-endian float32 / uint8 arrays, sent as they are), "u8_signed" (float32 in [-1, 1]
sent as uint8 codes round((v + 1) * 127.5)), "u8_unit" (float32 in [0, 1] as round(p * 255)),
"u8_output" (u8_signed, or the class index itself when the problem is multiclass) and
"f32_columns" (a dict of float32 arrays, its fields listed in `FrameKey.fields`). Pure Python;
nothing here knows about Streamlit.
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "ARRAY_WIRES",
    "ENCODER_KEYS",
    "FLOW_CONTROL",
    "FRAME_KEYS",
    "HISTORY_KEYS",
    "OPTIONAL_KEYS",
    "PROBLEMS",
    "REQUIRED_KEYS",
    "STATUSES",
    "FrameKey",
    "check_payload",
    "render_js",
]

# `status` is one of these; "diverged" and "no_data" put `status_text` over the output plot.
STATUSES = ("playing", "paused", "diverged", "no_data")
PROBLEMS = ("binary", "multiclass", "regression")
# The loss history's columns, each float32 per kept epoch (downsampled to at most 400 epochs).
HISTORY_KEYS = ("epoch", "train_loss", "test_loss", "train_metric", "test_metric")
ARRAY_WIRES = ("f32", "u8", "u8_signed", "u8_unit", "u8_output")
# How the renderer asks for the next batch when a frame's `flow` is > 0 (static/live_view/flow.js;
# mirrored by the class benchmark's emulated students, playground_harness/student.py): the
# trigger's name; an unanswered ask is repeated after max(watchdog_min_s, watchdog_factor × flow);
# it asks once max(flow, latency_margin × the moving average (weight latency_weight) of the time
# from an ask to its batch) seconds of frames are left.
FLOW_CONTROL = {
    "event": "more",
    "watchdog_factor": 5.0,
    "watchdog_min_s": 3.0,
    "watchdog_latency": 3.0,
    "latency_weight": 0.3,
    "latency_margin": 1.5,
}


@dataclass(frozen=True)
class FrameKey:
    """One key of a frame.

    `js_type` is the type the renderer sees after decoding (a JSDoc type); `wire` how it travels;
    `source` who puts it in: "frame" (FrameBuilder.build), "loop" (the live loop in ui/live.py
    and the compare page) or "encoder" (encode_payload's options); `default` is what the renderer
    assumes when an optional key is missing; `fields` the keys of a dict value; `figure` marks a
    number that travels as null when it is not finite (the renderer reads NaN and shows "–").
    """

    name: str
    js_type: str
    wire: str
    required: bool
    source: str
    doc: str
    default: Any = None
    fields: tuple[str, ...] = ()
    figure: bool = False  # a number that travels as null when not finite; the JS reads NaN
    carried: bool = False  # only in a message's first frame; the decoder carries it to the rest


def _key(name: str, js_type: str, wire: str, source: str, doc: str, **kwargs: Any) -> FrameKey:
    return FrameKey(name, js_type, wire, True, source, doc, **kwargs)


def _optional(name: str, js_type: str, wire: str, source: str, default: Any, doc: str, **kw: Any):
    return FrameKey(name, js_type, wire, False, source, doc, default=default, **kw)


def _carried(name: str, js_type: str, wire: str, doc: str, **kwargs: Any) -> FrameKey:
    """A key only a message's first frame carries: it changes at most between runs, so the
    later frames leave it out and the decoder gives them the previous frame's."""
    return FrameKey(name, js_type, wire, False, "frame", doc, carried=True, **kwargs)


FRAME_KEYS: dict[str, FrameKey] = {
    key.name: key
    for key in (
        _key("frame", "number", "json", "frame", "frame number, counting up per view"),
        _key("epoch", "number", "json", "frame", "epochs trained so far"),
        _optional("step", "?number", "json", "frame", None, "mini-batch steps so far"),
        _key("status", "string", "json", "frame", f"one of {', '.join(STATUSES)}"),
        _optional(
            "status_text", "string", "json", "loop", "",
            "why the status is what it is (the trainer's words on a divergence)",
        ),
        _key("problem", "string", "json", "frame", f"one of {', '.join(PROBLEMS)}"),
        _key("n_classes", "number", "json", "frame", "classes of the data (regression: 0)"),
        _key("bounds", "number[]", "json", "frame", "[lo, hi]: the square plane shown"),
        _key("output_res", "number", "json", "frame", "side R of the output grid"),
        _key(
            "output", "Uint8Array", "u8_output", "frame",
            "R x R output over the plane, top row first: values in [-1, 1] (binary: 2p - 1), "
            "or the winning class index (multiclass)",
        ),
        _optional(
            "output_conf", "?Uint8Array", "u8_unit", "frame", None,
            "multiclass: R x R probability of the winning class",
        ),
        _carried("points", "Float32Array", "f32", "x, y of every point, train then test"),
        _carried("labels", "Float32Array", "f32", "label of every point"),
        _carried("is_test", "Uint8Array", "u8", "1 for a test point, 0 for a train point"),
        _optional("show_test", "boolean", "json", "frame", False, "draw the test points"),
        _optional(
            "discretize", "boolean", "json", "frame", False,
            "threshold the output instead of shading it",
        ),
        _key("layers", "number[]", "json", "frame", "nodes per column: inputs, hidden, outputs"),
        _optional(
            "skips", "number[]", "json", "frame", [],
            "per hidden layer, 1 where a skip connection adds the layer's input to its output",
        ),
        _key("feature_names", "string[]", "json", "frame", "label of every input node"),
        _key("neuron_res", "number", "json", "frame", "side r of every node's map"),
        _key(
            "neurons", "Uint8Array", "u8_signed", "frame",
            "every node's r x r map in [-1, 1], node by node in column order",
        ),
        _key(
            "weights", "Float32Array", "f32", "frame",
            "every layer's W (n_in x n_out, row-major), layer after layer",
        ),
        _key("biases", "Float32Array", "f32", "frame", "every layer's b, layer after layer"),
        _carried(
            "history", "Object<string, Float32Array>", "f32_columns",
            "the loss history, downsampled: one float32 array per field (a later frame of a "
            "message gets the previous frame's, extended by its own latest figures)",
            fields=HISTORY_KEYS,
        ),
        _key("metric_name", "string", "json", "frame", "'accuracy' or 'R²'"),
        _key("train_loss", "number", "json", "frame", "latest train loss", figure=True),
        _key("test_loss", "number", "json", "frame", "latest test loss", figure=True),
        _key("train_metric", "number", "json", "frame", "latest train metric", figure=True),
        _key("test_metric", "number", "json", "frame", "latest test metric", figure=True),
        _optional(
            "draw", "?{enabled: boolean, label: number}", "json", "loop", None,
            "draw mode: clicks on the output add or remove points (ui/widgets/live_view.py)",
            fields=("enabled", "label"),
        ),
        _optional(
            "replace", "boolean", "json", "loop", False,
            "drop the frames the browser still has queued (after a full run)",
        ),
        _optional(
            "flow", "number", "json", "loop", 0,
            "seconds of frames left to play at which the renderer asks for the next batch "
            "(its trigger \"more\"); 0: the server's own timer sends them",
        ),
        _optional(
            "sync", "?string", "json", "loop", None,
            "views with the same sync name show frame N at the same moment (compare page)",
        ),
        _optional(
            "network", "number", "json", "loop", 0,
            "which network the view shows: counts up when it is rebuilt or reset (a weight edit "
            "names the network it was made on)",
        ),
        _optional(
            "edit_limit", "?number", "json", "loop", None,
            "largest |value| a weight edit sets (playground/live/edits.py)",
        ),
        _optional(
            "view_height", "?number", "json", "encoder", None,
            "fixed height of the view in CSS px, or null to fit the content",
        ),
        _optional(
            "presenter", "boolean", "json", "encoder", False,
            "presenter mode: all text drawn larger (sent only when true)",
        ),
        _optional(
            "draw_ack", "?string[]", "json", "encoder", None,
            "ids of the draw events Python handled lately",
        ),
    )
}  # fmt: skip

REQUIRED_KEYS = tuple(name for name, key in FRAME_KEYS.items() if key.required)
CARRIED_KEYS = tuple(name for name, key in FRAME_KEYS.items() if key.carried)
# Keys a payload may leave out, and what the renderer assumes then (encoder options excluded).
OPTIONAL_KEYS = {
    name: key.default
    for name, key in FRAME_KEYS.items()
    if not key.required and key.source != "encoder"
}
ENCODER_KEYS = tuple(name for name, key in FRAME_KEYS.items() if key.source == "encoder")
_PAYLOAD_KEYS = frozenset(REQUIRED_KEYS) | frozenset(OPTIONAL_KEYS)
_BYTES = (bytes, bytearray, memoryview)


def check_payload(payload: Mapping[str, Any]) -> None:
    """Raise ValueError unless `payload` is a frame the schema allows.

    It must carry every required key and no key that the schema does not list (the encoder's own
    keys are set through `encode_payload`'s options, not in the payload); `status` must be one of
    STATUSES, arrays must be bytes and the history (when sent) a dict of the HISTORY_KEYS. Cheap:
    a few set operations per frame.
    """
    missing = [key for key in REQUIRED_KEYS if key not in payload]
    if missing:
        raise ValueError(f"live view payload is missing {', '.join(missing)}")
    unknown = sorted(set(payload) - _PAYLOAD_KEYS)
    if unknown:
        raise ValueError(
            f"live view payload has keys the frame schema does not list: {', '.join(unknown)} "
            "(add them to FRAME_KEYS in playground/live/frame_schema.py)"
        )
    if payload["status"] not in STATUSES:
        raise ValueError(f"live view status {payload['status']!r} is not one of {STATUSES}")
    for name, value in payload.items():
        key = FRAME_KEYS[name]
        if key.wire not in ARRAY_WIRES or isinstance(value, _BYTES):
            continue
        if value is not None or key.required:
            raise ValueError(f"live view payload key {name!r} must be bytes, not {type(value)}")
    history = payload.get("history")
    if history is None:
        return
    if not isinstance(history, Mapping) or set(history) != set(HISTORY_KEYS):
        raise ValueError(f"live view history must hold exactly {', '.join(HISTORY_KEYS)}")


# ------------------------------------------------------------------------------------------------
# The JS side: static/live_view/frame_schema.js, generated from the table above
# ------------------------------------------------------------------------------------------------

JS_PATH = Path("static") / "live_view" / "frame_schema.js"  # relative to the repository root


def render_js() -> str:
    """The text of static/live_view/frame_schema.js: a JSDoc typedef and the renderer's tables."""
    properties = []
    for key in FRAME_KEYS.values():
        name = key.name if key.required else f"[{key.name}]"
        where = f"{key.source}, {key.wire}" + (", null -> NaN" if key.figure else "")
        properties.append(f" * @property {{{key.js_type}}} {name} {key.doc} ({where})")
    defaults = {
        name: key.default for name, key in FRAME_KEYS.items() if not (key.required or key.carried)
    }
    figures = [name for name, key in FRAME_KEYS.items() if key.figure]
    lines = [
        "// The frame schema, GENERATED from playground/live/frame_schema.py: do not edit; run",
        "// `python -m playground.live.frame_schema` after changing the table there.",
        "",
        "/**",
        " * One frame as decodeFrame (wire.js) returns it; arrays are typed-array views.",
        " * @typedef {Object} Frame",
        *properties,
        " */",
        "",
        "/** Every key a frame may carry (the renderer reads no other). */",
        f"export const FRAME_KEYS = {_js(list(FRAME_KEYS))};",
        "/** Optional keys and what the renderer assumes when a frame leaves one out. */",
        f"export const FRAME_DEFAULTS = {_js(defaults)};",
        "/** Figures that travel as null when not finite; decodeFrame makes them NaN. */",
        f"export const NULLABLE_FIGURES = {_js(figures)};",
        "/** Keys only a message's first frame carries; decodeMessage carries them on. */",
        f"export const CARRIED_KEYS = {_js(list(CARRIED_KEYS))};",
        f"export const HISTORY_KEYS = {_js(list(HISTORY_KEYS))};",
        f"export const STATUSES = {_js(list(STATUSES))};",
        "/** Flow control: how the renderer asks for the next batch (flow.js). */",
        f"export const FLOW_CONTROL = {_js(FLOW_CONTROL)};",
        "",
    ]
    return "\n".join(_wrap_js(line) for line in lines)


def _js(value: Any) -> str:
    """A JSON value as JS source, one item per line when it does not fit on one."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else json.dumps(value, ensure_ascii=False, indent=2)


def _wrap_js(line: str, width: int = 100) -> str:
    """A JSDoc line wrapped to `width` columns (continuation lines indented under the text)."""
    if len(line) <= width or not line.startswith(" * @property"):
        return line
    return textwrap.fill(
        line[3:], width, initial_indent=" * ", subsequent_indent=" *   ", break_long_words=False
    )


def main(argv: list[str]) -> None:
    """Write the generated JS (to the path given, or static/live_view/frame_schema.js)."""
    root = Path(__file__).resolve().parents[2]
    target = Path(argv[0]) if argv else root / JS_PATH
    target.write_text(render_js(), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
