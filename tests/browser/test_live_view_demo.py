"""The live view demo in a real browser: it draws, keeps drawing, and never shows a blank frame.

Starts benchmarks/demo_live_view.py (synthetic payloads from a 25 ms fragment) with static
serving on, so the renderer is loaded from /app/static/ as in the real app, then reads the
component's DOM text (test ids documented in static/live_view/layout.js) and records what Chromium
actually paints with a CDP screencast. Screenshots go to the test's tmp_path, or to
$PLAYGROUND_TEST_OUTPUT when that is set.
"""

from __future__ import annotations

import base64
import io
import os
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "benchmarks" / "demo_live_view.py"
STATIC_SERVING = ("--server.enableStaticServing", "true")
LOAD_TIMEOUT_MS = 30_000
WHITE_LEVEL = 245  # a channel above this counts as white
BLANK_FRACTION = 0.30  # a painted frame whose heatmap is more than this white is blank


# Pixels of the link canvas in the positive (blue) and negative (orange) link colours.
LINK_COLOURS = """(root) => {
  const canvas = root.querySelector("canvas.lv-links");
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let positive = 0, negative = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] < 128) continue;
    if (data[i + 2] > data[i] + 60) positive += 1;
    else if (data[i] > data[i + 2] + 60) negative += 1;
  }
  return { positive, negative };
}"""


def open_demo(streamlit_app, page) -> list[str]:
    """Open the demo, wait for the first drawn frame; returns the URLs of renderer requests."""
    url = streamlit_app(DEMO, *STATIC_SERVING)
    renderer_requests: list[str] = []
    page.on(
        "request",
        lambda request: (
            renderer_requests.append(request.url) if "/app/static/" in request.url else None
        ),
    )
    page.goto(url)
    page.get_by_test_id("output-heatmap").wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)
    page.wait_for_function(
        "() => Number(document.querySelector('[data-testid=stBidiComponentIsolated]')"
        "?.shadowRoot?.querySelector('[data-testid=live-view]')?.dataset.framesDrawn) > 0",
        timeout=LOAD_TIMEOUT_MS,
    )
    return renderer_requests


def frame_number(page) -> int:
    return int(page.get_by_test_id("frame-counter").text_content())


def frames_drawn(page) -> int:
    return int(page.get_by_test_id("live-view").get_attribute("data-frames-drawn"))


def test_demo_draws_and_advances(streamlit_app, page, output_dir: Path) -> None:
    renderer_requests = open_demo(streamlit_app, page)

    first = frame_number(page)
    page.wait_for_timeout(1500)
    second = frame_number(page)
    assert second > first, "the frame counter did not advance"
    assert page.get_by_test_id("stException").count() == 0
    assert int(page.get_by_test_id("epoch-counter").text_content()) > 0
    float(page.get_by_test_id("train-loss").text_content())
    float(page.get_by_test_id("test-loss").text_content())
    status = page.get_by_test_id("live-status")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    assert any("/app/static/live_view.js?v=" in url for url in renderer_requests), (
        "the renderer was not loaded from static serving"
    )
    # Every module comes with the version of the whole renderer (the loader's import map), so a
    # browser never mixes a cached old module with new ones.
    modules = [url for url in renderer_requests if "/app/static/live_view/" in url]
    assert len({url.split("?")[0] for url in modules}) >= 15, renderer_requests
    versions = {url.partition("?v=")[2] for url in renderer_requests}
    assert len(versions) == 1 and "" not in versions, renderer_requests

    # Hovering a node shows its card with the incoming weights.
    diagram = page.get_by_test_id("network-diagram")
    box = diagram.bounding_box()
    assert box is not None
    found = False
    for fx in (0.5, 0.45, 0.55, 0.4, 0.6):
        for fy in (0.5, 0.4, 0.6, 0.45, 0.55, 0.35, 0.65):
            page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
            page.wait_for_timeout(60)
            if page.get_by_test_id("node-detail").is_visible():
                found = True
                break
        if found:
            break
    assert found, "no node card appeared when hovering the diagram"
    page.screenshot(path=output_dir / "live_view_demo_hover.png")
    # The links have their own canvas under the nodes: it holds links of both signs.
    colours = page.get_by_test_id("live-view").evaluate(LINK_COLOURS)
    assert colours["positive"] > 200 and colours["negative"] > 200, colours
    page.mouse.move(1, 1)
    page.wait_for_timeout(200)
    page.screenshot(path=output_dir / "live_view_demo.png", full_page=True)


def test_demo_frame_rate_without_blank_frames(streamlit_app, page, output_dir: Path) -> None:
    """Paint rate from the renderer's own counter; blank frames from a CDP screencast."""
    open_demo(streamlit_app, page)
    seconds = float(os.environ.get("LIVE_VIEW_MEASURE_SECONDS", "5"))
    heat = page.get_by_test_id("output-heatmap").bounding_box()
    assert heat is not None

    painted: list[bytes] = []
    cdp = page.context.new_cdp_session(page)

    def on_frame(event: dict) -> None:
        painted.append(base64.b64decode(event["data"]))
        cdp.send("Page.screencastFrameAck", {"sessionId": event["sessionId"]})

    cdp.on("Page.screencastFrame", on_frame)
    start_drawn, start_frame = frames_drawn(page), frame_number(page)
    start = time.monotonic()
    # Half-size frames: enough to see a blank heatmap, and cheap enough not to slow the page.
    viewport = page.viewport_size
    cdp.send(
        "Page.startScreencast",
        {
            "format": "jpeg",
            "quality": 60,
            "maxWidth": viewport["width"] // 2,
            "maxHeight": viewport["height"] // 2,
            "everyNthFrame": 1,
        },
    )
    page.wait_for_timeout(seconds * 1000)
    cdp.send("Page.stopScreencast")
    elapsed = time.monotonic() - start
    drawn_fps = (frames_drawn(page) - start_drawn) / elapsed
    received_fps = (frame_number(page) - start_frame) / elapsed

    blank = 0
    for jpeg in painted:
        image = Image.open(io.BytesIO(jpeg)).convert("RGB")
        scale = image.width / viewport["width"]
        box = [round(v * scale) for v in (heat["x"], heat["y"], heat["x"] + heat["width"])]
        box.append(round((heat["y"] + heat["height"]) * scale))
        crop = np.asarray(image.crop(tuple(box)))
        if (crop.min(axis=2) > WHITE_LEVEL).mean() > BLANK_FRACTION:
            blank += 1
    report = (
        f"live view demo over {elapsed:.1f} s: {drawn_fps:.1f} frames drawn/s, "
        f"{received_fps:.1f} payload frames/s, screencast {len(painted)} painted frames, "
        f"{blank} blank"
    )
    print(report)
    (output_dir / "live_view_fps.txt").write_text(report + "\n")
    assert page.get_by_test_id("stException").count() == 0
    assert painted, "the screencast recorded no frames"
    assert blank == 0, report
    # Speed targets live in benchmarks/bench_live.py; here the view only has to keep drawing.
    assert drawn_fps > 0 and received_fps > 0, report
