"""The "Loss landscape" tab under AppTest: it draws, follows training, keeps its slice.

The directions of the slice must stay fixed while the network trains (the map would jump
otherwise), change on Reset (a new network) and on "New directions"; the path grows as epochs
pass. AppTest never fires the refresh timer: each `.run()` is one tick.
"""

from __future__ import annotations

import base64
import json
import time

import pytest
from apptest_helpers import button

TAB = "Loss landscape"
CACHE = "main:landscape_directions"


def open_landscape(at) -> None:
    at.session_state["main:insight_tab"] = TAB
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def landscape_chart(at) -> dict:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def path_length(at) -> int:
    traces = landscape_chart(at)["data"]
    assert traces[0]["type"] == "contour"
    path = [trace for trace in traces if str(trace.get("name", "")).startswith("path")]
    if not path:
        return 0
    xs = path[0]["x"]  # float32 arrays arrive base64-encoded
    return len(base64.b64decode(xs["bdata"])) // 4 if isinstance(xs, dict) else len(xs)


def directions(at):
    return at.session_state[CACHE].get(at.session_state["live:main"].trainer.network, 0)


def test_the_landscape_opens_and_follows_training(playground_app) -> None:
    at = playground_app()
    open_landscape(at)
    spec = landscape_chart(at)
    assert spec["data"][0]["type"] == "contour"
    assert "epoch 0" in spec["layout"]["title"]["text"]
    assert any("valley" in caption.value for caption in at.caption)
    first = at.session_state[CACHE]._directions
    button(at, "main:play").click().run()
    state = at.session_state["live:main"]
    for _ in range(4):
        time.sleep(0.05)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    assert state.playing and state.trainer.epoch > 0
    assert f"epoch {state.trainer.epoch}" in landscape_chart(at)["layout"]["title"]["text"]
    assert path_length(at) > 2  # the initial weights, epochs since, and now
    assert at.session_state[CACHE]._directions is first  # the slice stays put while training


def test_reset_and_new_directions_change_the_slice(playground_app) -> None:
    at = playground_app({"hidden_layers": "3"})
    open_landscape(at)
    before = at.session_state[CACHE]._directions
    button(at, "main:reset").click().run()
    assert not at.exception
    after_reset = at.session_state[CACHE]._directions
    assert after_reset is not before
    button(at, "main:landscape_new").click().run()
    assert not at.exception
    assert at.session_state["main:landscape_seed"] == 1
    assert at.session_state[CACHE]._directions is not after_reset


def test_the_controls_change_the_map(playground_app) -> None:
    at = playground_app({"regularization": "l2", "regularization_rate": "0.1"})
    open_landscape(at)
    at.select_slider(key="main:landscape_span").set_value(0.25).run()
    at.select_slider(key="main:landscape_resolution").set_value(15).run()
    at.toggle(key="main:landscape_log").set_value(True).run()
    at.toggle(key="main:landscape_penalty").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    spec = landscape_chart(at)
    assert spec["layout"]["xaxis"]["range"] == [-0.25, 0.25]
    assert spec["data"][0]["colorbar"]["title"]["text"] == "log₁₀ loss"
    assert "loss + penalty" in spec["layout"]["title"]["text"]


def test_a_network_it_cannot_evaluate_gets_a_note_not_an_error(playground_app, monkeypatch) -> None:
    from playground.analysis import landscape_grid
    from playground.core.layers import Activation

    monkeypatch.delitem(landscape_grid.LAYER_STEPS, Activation)
    at = playground_app()
    open_landscape(at)
    assert not at.get("plotly_chart")
    assert any("cannot evaluate a Activation layer" in info.value for info in at.info)


def test_all_zero_weights_say_why_there_is_no_slice(playground_app) -> None:
    at = playground_app({"weight_init": "zeros"})
    open_landscape(at)
    assert not at.get("plotly_chart")
    assert any("All weights are zero" in info.value for info in at.info)


def test_the_slice_along_the_path_shows_the_path_and_needs_one_first(playground_app) -> None:
    at = playground_app()
    open_landscape(at)
    at.segmented_control(key="main:landscape_slice").set_value("Along the path").run()
    assert any("few epochs" in info.value for info in at.info)  # nothing trained yet
    for _ in range(5):
        button(at, "main:step").click().run()
    titles = landscape_chart(at)["layout"]["xaxis"]["title"]["text"]
    assert "the path's main direction" in titles and not at.exception
    with pytest.raises(LookupError):
        button(at, "main:landscape_new")  # new random directions: not for this slice
