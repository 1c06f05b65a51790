"""Draw mode and PNG export of the live view, in a real browser.

Starts benchmarks/demo_live_view.py and reads back the draw events its `on_draw` callback received:
the demo prints them as "draw events received: N" followed by the newest as JSON lines. Most tests
open the demo already in draw mode on an empty plane (URL parameters `draw=1&points=0`) with its
25 ms fragment playing, so the events have to get through while frames stream in, and no widget
is clicked meanwhile (a full rerun racing the fragment's reruns can make Streamlit drop elements
outside the fragment, streamlit/streamlit#9188). Positions come from the heatmap's bounding box
and the demo's bounds [-6, 6].
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect
from test_live_view_demo import DEMO, LOAD_TIMEOUT_MS, STATIC_SERVING, open_demo

from playground import PlaygroundConfig
from playground.live.session import new_state
from playground.ui.widgets.live_view import decode_payload, encode_payload, parse_draw_event

BOUNDS = (-6.0, 6.0)
TOLERANCE = 0.2  # data units
EVENT_TIMEOUT_MS = 10_000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# ------------------------------------------------------------------------------------------------
# The Python half of the contract (no browser)
# ------------------------------------------------------------------------------------------------


def test_draw_events_are_checked_and_reduced_to_the_contract() -> None:
    add = {"action": "add", "x": 1, "y": -2.5, "label": 1.0, "id": "abc-1"}
    assert parse_draw_event(add) == {"action": "add", "x": 1.0, "y": -2.5, "label": 1.0}
    remove = {"action": "remove", "index": 3, "id": "abc-2"}
    assert parse_draw_event(remove) == {"action": "remove", "index": 3}
    for bad in [
        None,
        "add",
        {"action": "add", "x": 1.0, "y": 2.0},  # no label
        {"action": "add", "x": float("nan"), "y": 2.0, "label": 0.0},
        {"action": "add", "x": True, "y": 2.0, "label": 0.0},
        {"action": "remove", "index": -1},
        {"action": "remove", "index": 1.5},
        {"action": "move", "index": 1},
    ]:
        assert parse_draw_event(bad) is None, bad


def test_draw_settings_and_acknowledgements_travel_in_the_header() -> None:
    state = new_state(PlaygroundConfig(dataset="circle"))
    payload = state.frames.build(state.trainer, frame=1, status="paused")
    payload["draw"] = {"enabled": True, "label": np.float32(1.0)}
    header = decode_payload(encode_payload(payload, draw_ack=["abc-1", "abc-2"]))
    assert header["draw"] == {"enabled": True, "label": 1.0}
    assert header["draw_ack"] == ["abc-1", "abc-2"]
    assert "draw_ack" not in decode_payload(encode_payload(payload))


# ------------------------------------------------------------------------------------------------
# In the browser
# ------------------------------------------------------------------------------------------------


def draw_log(page) -> tuple[int, list[dict]]:
    """(number of events received, the newest events) from the demo's event log."""
    texts = [t for t in page.get_by_test_id("stText").all_text_contents() if "draw events" in t]
    if not texts:
        return 0, []
    first, *lines = texts[-1].strip().splitlines()
    count = int(re.search(r"draw events received: (\d+)", first).group(1))
    return count, [json.loads(line) for line in lines if line.strip()]


def wait_for_count(page, count: int, timeout_ms: int = EVENT_TIMEOUT_MS) -> list[dict]:
    """Wait until the page has received `count` events in all; returns the newest events."""
    deadline_steps = timeout_ms // 100
    for _ in range(deadline_steps):
        received, events = draw_log(page)
        if received >= count:
            return events
        page.wait_for_timeout(100)
    received, _ = draw_log(page)
    pytest.fail(f"expected {count} draw events in all, the page received {received}")


def wait_for_frames(page, count: int = 3, start: int | None = None) -> None:
    """Wait until the view has drawn `count` more frames than `start` (default: now)."""
    if start is None:
        start = int(page.get_by_test_id("live-view").get_attribute("data-frames-drawn"))
    page.wait_for_function(
        "([start, count]) => Number(document"
        ".querySelector('[data-testid=stBidiComponentIsolated]')?.shadowRoot"
        "?.querySelector('[data-testid=live-view]')?.dataset.framesDrawn) >= start + count",
        arg=[start, count],
        timeout=EVENT_TIMEOUT_MS,
    )


def open_drawing(streamlit_app, page, query: str = "draw=1&points=0") -> None:
    """Open the demo with URL parameters and wait until the view has drawn its first frame."""
    page.goto(f"{streamlit_app(DEMO, *STATIC_SERVING)}/?{query}")
    page.get_by_test_id("output-heatmap").wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)
    wait_for_frames(page, 1, start=0)
    if "draw=1" in query:
        page.get_by_test_id("draw-caption").wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)


def heatmap(page):
    heat = page.get_by_test_id("output-heatmap")
    box = heat.bounding_box()
    assert box is not None
    return heat, box


def position(box: dict, x: float, y: float) -> dict:
    """Pixel position inside the heatmap (relative to its box) of data coordinates (x, y)."""
    lo, hi = BOUNDS
    return {
        "x": (x - lo) / (hi - lo) * box["width"],
        "y": (hi - y) / (hi - lo) * box["height"],
    }


def assert_add(event: dict, x: float, y: float, label: float = 1.0) -> None:
    assert event["action"] == "add", event
    assert abs(event["x"] - x) < TOLERANCE, event
    assert abs(event["y"] - y) < TOLERANCE, event
    assert event["label"] == label, event


def test_click_in_draw_mode_adds_a_point_at_its_data_coordinates(streamlit_app, page) -> None:
    # Paused, so that widgets can be clicked safely; the events then rerun the paused fragment.
    open_drawing(streamlit_app, page, "play=0")
    heat, box = heatmap(page)
    heat.click(position=position(box, 2.0, 2.0))  # draw mode off: nothing may be sent
    assert heat.evaluate("e => getComputedStyle(e).cursor") != "crosshair"

    page.get_by_text("Draw mode").click()
    page.get_by_test_id("draw-caption").wait_for(state="visible", timeout=EVENT_TIMEOUT_MS)
    assert draw_log(page)[0] == 0, "a click outside draw mode was sent"
    heat, box = heatmap(page)
    assert heat.evaluate("e => getComputedStyle(e).cursor") == "crosshair"

    # A known pixel: a quarter in from the left, a quarter up from the bottom -> (-3, -3).
    page.mouse.click(box["x"] + 0.25 * box["width"], box["y"] + 0.75 * box["height"])
    assert_add(wait_for_count(page, 1)[-1], -3.0, -3.0)
    assert draw_log(page)[0] == 1
    heat.click(position=position(box, 3.6, 4.8))
    assert_add(wait_for_count(page, 2)[-1], 3.6, 4.8)
    # Class 0 chosen in the page: the next point carries label 0.
    radio = page.get_by_test_id("stRadio").filter(has_text="Class to draw")
    radio.get_by_text("0", exact=True).click()
    expect(page.get_by_test_id("draw-caption")).to_contain_text("class 0 point")
    heat, box = heatmap(page)
    heat.click(position=position(box, -4.5, 1.5))
    assert_add(wait_for_count(page, 3)[-1], -4.5, 1.5, label=0.0)
    assert page.get_by_test_id("stException").count() == 0


def test_shift_click_and_right_click_remove_the_nearest_point(streamlit_app, page) -> None:
    open_drawing(streamlit_app, page)
    heat, box = heatmap(page)
    heat.click(position=position(box, -3.0, 3.0))  # point 0
    wait_for_count(page, 1)
    heat.click(position=position(box, 3.0, -3.0))  # point 1
    wait_for_count(page, 2)
    wait_for_frames(page)  # the view shows both points now

    near_second = position(box, 3.0, -3.0)
    near_second = {"x": near_second["x"] + 4, "y": near_second["y"] - 3}  # 5 px away
    heat.click(position=near_second, modifiers=["Shift"])
    assert wait_for_count(page, 3)[-1] == {"action": "remove", "index": 1}
    wait_for_frames(page)

    near_first = position(box, -3.0, 3.0)
    near_first = {"x": near_first["x"] - 3, "y": near_first["y"] + 3}
    heat.click(position=near_first, button="right")
    assert wait_for_count(page, 4)[-1] == {"action": "remove", "index": 0}
    wait_for_frames(page)

    # No point within reach: nothing is sent.
    heat.click(position=position(box, 0.0, 0.0), modifiers=["Shift"])
    page.wait_for_timeout(1000)
    assert draw_log(page)[0] == 4


def test_keyboard_moves_the_cursor_and_enter_adds_a_point(streamlit_app, page) -> None:
    open_drawing(streamlit_app, page)
    heat, _ = heatmap(page)
    assert heat.get_attribute("tabindex") == "0"
    assert "Enter adds" in page.get_by_test_id("draw-caption").text_content()
    heat.focus()
    for key in ["ArrowRight"] * 4 + ["ArrowUp"] * 2:  # steps of 12 / 48 = 0.25
        page.keyboard.press(key)
    assert page.get_by_test_id("draw-cursor").is_visible()
    page.keyboard.press("Enter")
    assert_add(wait_for_count(page, 1)[-1], 1.0, 0.5)
    wait_for_frames(page)
    page.keyboard.press("Delete")  # the point under the cursor
    assert wait_for_count(page, 2)[-1] == {"action": "remove", "index": 0}


def test_rapid_clicks_each_arrive_exactly_once_in_order(streamlit_app, page) -> None:
    open_drawing(streamlit_app, page)
    _, box = heatmap(page)
    xs = [-4.0 + k for k in range(8)]
    for x in xs:  # no pause between clicks
        at = position(box, x, 1.0)
        page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
    wait_for_count(page, len(xs))
    page.wait_for_timeout(1500)  # time for any repeated or re-sent delivery to show up
    received, events = draw_log(page)
    assert received == len(xs), events
    for event, x in zip(events[-len(xs) :], xs, strict=True):
        assert_add(event, x, 1.0)


@pytest.mark.parametrize("what", ["output", "network"])
def test_download_png_saves_the_canvas(streamlit_app, page, tmp_path: Path, what: str) -> None:
    open_demo(streamlit_app, page)
    button = page.get_by_role("button", name=f"Download PNG of the {what}")
    assert button.get_attribute("data-testid") == f"download-{what}"
    button.focus()  # keyboard-reachable: a real <button>, activated with Enter
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert re.fullmatch(rf"playground-{what}-epoch-\d+\.png", download.suggested_filename)
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    data = path.read_bytes()
    assert len(data) > 0 and data.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == "PNG"
    source = page.get_by_test_id("output-heatmap" if what == "output" else "network-diagram")
    box = source.bounding_box()
    # Exported at 2x at least; the output with room for a title, ticks and legend, the network
    # cropped to its titles and nodes.
    assert image.width >= 2 * box["width"]
    assert image.height > (2 * box["height"] if what == "output" else 200)
    # Not a blank image: most of it is drawn (the heatmap, or the nodes and links).
    pixels = np.asarray(image.convert("RGB"))
    white = (pixels.min(axis=2) > 245).mean()
    assert white < (0.6 if what == "output" else 0.97), white
