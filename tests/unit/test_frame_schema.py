"""The frame schema is the one list of a frame's keys: the builder, the encoder and the JS agree.

playground/live/frame_schema.py lists every key; these tests fail when FrameBuilder emits a key
the schema does not list or misses a required one, when the encoder lets a frame through that
the schema does not allow, when static/live_view/frame_schema.js is not the one generated from
the table, and when the renderer's JS reads a key the schema does not list.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from playground import PlaygroundConfig
from playground.live.frame_schema import (
    FRAME_KEYS,
    HISTORY_KEYS,
    JS_PATH,
    OPTIONAL_KEYS,
    REQUIRED_KEYS,
    check_payload,
    render_js,
)
from playground.live.frame_wire import decode_payload, encode_payload
from playground.live.pacing import frame_payload
from playground.live.session import new_state
from playground.ui.widgets import live_view

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = {
    "binary": PlaygroundConfig(dataset="circle", hidden_layers=(4, 2)),
    "multiclass": PlaygroundConfig(dataset="blobs", n_classes=4),
    "regression": PlaygroundConfig(dataset="plane", learning_rate=0.3),
}


def built(cfg: PlaygroundConfig):
    state = new_state(cfg)
    state.trainer.run_epochs(2)
    return state, state.frames.build(state.trainer, frame=3, status="playing")


@pytest.mark.parametrize("problem", CONFIGS)
def test_the_frame_builder_emits_exactly_the_keys_the_schema_gives_it(problem: str) -> None:
    _, payload = built(CONFIGS[problem])
    assert payload["problem"] == problem
    expected = {name for name, key in FRAME_KEYS.items() if key.source == "frame"}
    if problem != "multiclass":
        expected.discard("output_conf")  # the confidence of the winning class: multiclass only
    assert set(payload) == expected, "add the key to FRAME_KEYS, or stop emitting it"
    assert set(REQUIRED_KEYS) <= set(payload)
    assert set(payload["history"]) == set(HISTORY_KEYS)
    check_payload(payload)


def test_the_live_loop_adds_only_keys_the_schema_lists() -> None:
    state = new_state(PlaygroundConfig())
    payload = frame_payload(state)
    assert set(payload) <= set(REQUIRED_KEYS) | set(OPTIONAL_KEYS)
    assert {"draw", "status_text"} <= set(payload)
    check_payload(payload)


def test_the_encoder_refuses_a_frame_the_schema_does_not_allow() -> None:
    _, payload = built(CONFIGS["binary"])
    encode_payload(payload)
    with pytest.raises(ValueError, match="missing epoch"):
        encode_payload({k: v for k, v in payload.items() if k != "epoch"})
    with pytest.raises(ValueError, match="does not list: colour_map"):
        encode_payload({**payload, "colour_map": "viridis"})
    with pytest.raises(ValueError, match="does not list: presenter"):
        encode_payload({**payload, "presenter": True})  # an encoder option, not a payload key
    with pytest.raises(ValueError, match="status 'running'"):
        encode_payload({**payload, "status": "running"})
    with pytest.raises(ValueError, match="'weights' must be bytes"):
        encode_payload({**payload, "weights": [0.1, 0.2]})
    with pytest.raises(ValueError, match="history must hold"):
        encode_payload({**payload, "history": {"epoch": b""}})


def test_every_array_travels_with_the_encoding_the_schema_gives_it() -> None:
    _, payload = built(CONFIGS["multiclass"])
    header = decode_payload(encode_payload(payload))
    for name, key in FRAME_KEYS.items():
        if name not in payload or key.wire == "json":
            continue
        if key.wire == "f32_columns":
            assert all(header[name][k].dtype == np.float32 for k in key.fields), name
        elif key.wire == "f32":
            assert header[name].dtype == np.float32 and len(header[name]) * 4 == len(payload[name])
        else:  # "u8" as it is, or a float32 map quantized to one byte per value
            count = len(payload[name]) if key.wire == "u8" else len(payload[name]) // 4
            assert header[name].dtype == np.uint8 and len(header[name]) == count, name


def test_the_ui_module_takes_its_key_lists_from_the_schema() -> None:
    assert live_view.REQUIRED_KEYS is REQUIRED_KEYS and live_view.OPTIONAL_KEYS is OPTIONAL_KEYS
    assert OPTIONAL_KEYS["show_test"] is False and OPTIONAL_KEYS["status_text"] == ""


def test_the_js_schema_is_the_one_generated_from_the_python_table() -> None:
    assert (ROOT / JS_PATH).read_text(encoding="utf-8") == render_js(), (
        "static/live_view/frame_schema.js is stale: run `python -m playground.live.frame_schema`"
    )


# How the renderer names a frame (see static/live_view/wire.js): `f`, `frame` or `…Frame`.
FRAME = r"(?:f|frame|[a-z][\w$]*Frame)"
FRAME_READ = re.compile(rf"(?<![\w$]){FRAME}\??\.([A-Za-z_$][\w$]*)")
HISTORY_READ = re.compile(r"(?<![\w$.])history\??\.([A-Za-z_$][\w$]*)")
DESTRUCTURED = re.compile(rf"(?:const|let|var)\s*[{{[][^=]*=\s*(?:this\.)?{FRAME}\s*[;,)]")
ALIASED = re.compile(rf"(?:const|let|var)\s+([\w$]+)\s*=\s*(?:this\.)?{FRAME}\s*;")
COMMENT = re.compile(r"/\*.*?\*/|(?<![:\"'`\\])//[^\n]*", re.S)


def renderer_sources() -> dict[str, str]:
    """The renderer's JS (without comments), by file, the generated schema left out."""
    files = sorted((ROOT / "static").rglob("*.js"))
    return {
        str(path.relative_to(ROOT)): COMMENT.sub("", path.read_text(encoding="utf-8"))
        for path in files
        if path != ROOT / JS_PATH
    }


def test_the_renderer_reads_no_frame_key_the_schema_does_not_list() -> None:
    read, history_read = {}, {}
    for path, source in renderer_sources().items():
        for name in FRAME_READ.findall(source):
            read.setdefault(name, set()).add(path)
        for name in HISTORY_READ.findall(source):
            history_read.setdefault(name, set()).add(path)
        assert not DESTRUCTURED.search(source), f"{path} destructures a frame: read f.key"
        for alias in ALIASED.findall(source):
            assert re.fullmatch(FRAME, alias), f"{path}: a frame named {alias!r}"
    unknown = {name: sorted(paths) for name, paths in read.items() if name not in FRAME_KEYS}
    assert not unknown, f"the JS reads keys the frame schema does not list: {unknown}"
    assert set(history_read) <= set(HISTORY_KEYS), history_read
    assert len(read) >= 25, f"the scan found too few frame reads to be trusted: {sorted(read)}"
