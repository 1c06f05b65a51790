"""How alive is the live view? Frames and epochs per second, blank frames, server CPU and memory.

Run: `python benchmarks/bench_live.py [--seconds 10] [--soak-minutes 0]`. It starts the app,
opens it in headless Chromium for each config, presses Play and for the given time records:
- frames per second: frames Chromium's compositor presented (Display::DrawAndSwap in a trace of
  the "viz" category, with nothing else recording), frames a DevTools screencast captured, and
  payload frames the canvas received (its frame counter). The screencast is a lower bound: each
  captured frame is JPEG-encoded and acknowledged through this script before the next one is
  sent, which on 2 busy CPUs costs frames (a trivial animated canvas captures at 60 fps; this
  page's GPU process goes from ~18 % to ~47 % of a CPU while capturing);
- blank frames: painted frames whose output heatmap is more than 30 % white (docs/design.md);
- epochs per second, from the page's epoch counter;
- server CPU (percent of one core) and server memory (RSS) growth while playing;
- wire KB/s: bytes per second over the loopback interface while playing (the page's websocket,
  as compressed as the server sends it; nothing else talks over it then). The reference row plays
  the default config on a second server with websocket compression off, in the same run.
`--soak-minutes N` then keeps the default config playing for N minutes and prints the server's
RSS every minute (issue 3: growth ≤ 50 MB over 10 minutes). Targets: ≥ 30 fps (aim 50),
0 blank frames, ≥ 60 epochs/s on the default config.
"""

from __future__ import annotations

import argparse
import base64
import io
import tempfile
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import psutil
from playwright.sync_api import sync_playwright

from playground_harness import ROOT, StreamlitServer, launch_chromium

WIDTH, HEIGHT = 1400, 1000  # the browser window
# Painted frames are captured at half size: encoding full-size JPEGs for the capture took enough
# of the 2 CPUs to cost the page itself frames. Half size still shows a blank heatmap plainly.
SCREENCAST_SCALE = 0.5
CONFIGS = {
    "default [4,2] tanh, 500 points": {},
    "[8,8,8,8,8,8] tanh": {"hidden_layers": "8,8,8,8,8,8"},
}


@dataclass
class Measurement:
    presented_fps: float
    painted_fps: float
    payload_fps: float
    blank: int
    painted: int
    epochs_per_second: float
    server_cpu: float
    rss_growth_mb: float
    wire_kb_per_s: float


def loopback_bytes() -> int:
    return psutil.net_io_counters(pernic=True)["lo"].bytes_sent


def white_share(jpeg: bytes, box: tuple[int, int, int, int]) -> float:
    """Share of near-white pixels of the screencast frame inside `box` (x0, y0, x1, y1)."""
    import numpy as np
    from PIL import Image

    image = np.asarray(Image.open(io.BytesIO(jpeg)).convert("RGB").crop(box))
    return float(np.mean(np.all(image > 245, axis=2))) if image.size else 1.0


def read_int(page, test_id: str) -> int:
    text = page.get_by_test_id(test_id).first.inner_text().replace(",", "").strip()
    return int(text) if text.isdigit() else 0


def presented_fps(context, page, seconds: float) -> float:
    """Frames the compositor drew and swapped per second, from a trace of the "viz" category."""
    cdp = context.new_cdp_session(page)
    swaps: list[int] = []
    done: list[bool] = []

    def collect(event: dict) -> None:
        swaps.extend(e["ts"] for e in event["value"] if e.get("name") == "Display::DrawAndSwap")

    cdp.on("Tracing.dataCollected", collect)
    cdp.on("Tracing.tracingComplete", lambda _: done.append(True))
    cdp.send("Tracing.start", {"traceConfig": {"includedCategories": ["viz"]}})
    page.wait_for_timeout(seconds * 1000)
    cdp.send("Tracing.end")
    while not done:
        page.wait_for_timeout(50)
    cdp.detach()
    if len(swaps) < 2:
        return 0.0
    return (len(swaps) - 1) / ((max(swaps) - min(swaps)) / 1e6)


def measure(
    url: str, server: psutil.Process, seconds: float, profile: str, view: str | None = None
) -> Measurement:
    with sync_playwright() as playwright:
        context = launch_chromium(playwright, profile, width=WIDTH, height=HEIGHT)
        page = context.new_page()
        page.goto(url)
        page.get_by_test_id("output-heatmap").wait_for(timeout=60_000)
        page.get_by_role("button", name="Play").click()
        page.get_by_role("button", name="Pause").wait_for(timeout=30_000)
        if view:
            page.get_by_role("tab", name=view).click()
            figures = "[data-testid=stPlotlyChart], [data-testid=stImage]"  # simpler models: images
            page.get_by_role("tabpanel", name=view).locator(figures).first.wait_for(timeout=30_000)
        time.sleep(2.0)  # warm up
        presented = presented_fps(context, page, min(5.0, seconds))
        box = page.get_by_test_id("output-heatmap").bounding_box()
        crop = tuple(int(v * SCREENCAST_SCALE) for v in (
            box["x"], box["y"], box["x"] + box["width"], box["y"] + box["height"]))  # fmt: skip
        frames: list[bytes] = []
        cdp = context.new_cdp_session(page)

        def on_frame(event: dict) -> None:
            frames.append(base64.b64decode(event["data"]))
            cdp.send("Page.screencastFrameAck", {"sessionId": event["sessionId"]})

        cdp.on("Page.screencastFrame", on_frame)
        rss_start = server.memory_info().rss
        cpu_start, start, wire_start = server.cpu_times(), time.perf_counter(), loopback_bytes()
        epoch_start, frame_start = read_int(page, "epoch-counter"), read_int(page, "frame-counter")
        scale = SCREENCAST_SCALE
        size = {"maxWidth": int(WIDTH * scale), "maxHeight": int(HEIGHT * scale)}
        cdp.send(
            "Page.startScreencast", {"format": "jpeg", "quality": 70, "everyNthFrame": 1, **size}
        )
        page.wait_for_timeout(seconds * 1000)
        cdp.send("Page.stopScreencast")
        elapsed = time.perf_counter() - start
        cpu_end, wire = server.cpu_times(), loopback_bytes() - wire_start
        epochs = read_int(page, "epoch-counter") - epoch_start
        payload_frames = read_int(page, "frame-counter") - frame_start
        rss_growth = (server.memory_info().rss - rss_start) / 2**20
        page.get_by_role("button", name="Pause").click()
        context.close()
    blank = sum(white_share(frame, crop) > 0.30 for frame in frames)
    cpu = (cpu_end.user + cpu_end.system - cpu_start.user - cpu_start.system) / elapsed
    return Measurement(
        presented,
        len(frames) / elapsed,
        payload_frames / elapsed,
        blank,
        len(frames),
        epochs / elapsed,
        100 * cpu,
        rss_growth,
        wire / elapsed / 1024,
    )


def soak(url: str, server: psutil.Process, minutes: float, profile: str) -> None:
    with sync_playwright() as playwright:
        context = launch_chromium(playwright, profile)
        page = context.new_page()
        page.goto(url)
        page.get_by_test_id("output-heatmap").wait_for(timeout=60_000)
        page.get_by_role("button", name="Play").click()
        page.wait_for_timeout(30_000)
        base = server.memory_info().rss
        print(f"soak: RSS after 30 s warm-up {base / 2**20:.0f} MB")
        for minute in range(1, int(minutes) + 1):
            page.wait_for_timeout(60_000)
            rss = server.memory_info().rss
            print(
                f"soak: minute {minute:3d}  epoch {read_int(page, 'epoch-counter'):>9,}  "
                f"RSS {rss / 2**20:.0f} MB  growth {(rss - base) / 2**20:+.1f} MB",
                flush=True,
            )
        context.close()


def report(name: str, m: Measurement) -> None:
    print(
        f"{name:40} {m.presented_fps:9.1f} {m.painted_fps:8.1f} {m.payload_fps:7.1f} "
        f"{m.blank:>4}/{m.painted:<4} "
        f"{m.epochs_per_second:9.0f} {m.server_cpu:9.0f}% {m.rss_growth_mb:+9.1f}MB "
        f"{m.wire_kb_per_s:8.0f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--soak-minutes", type=float, default=0.0)
    parser.add_argument(
        "--views",
        action="store_true",
        help="also measure the default config with each look-inside view open",
    )
    args = parser.parse_args()
    with StreamlitServer(ROOT / "app.py") as app, tempfile.TemporaryDirectory() as profile:
        server = psutil.Process(app.process.pid)
        print(
            f"{'config':40} {'presented':>9} {'captured':>8} {'payload':>7} {'blank':>9} "
            f"{'epochs/s':>9} {'server CPU':>10} {'RSS growth':>10} {'wire KB/s':>9}"
        )
        for name, params in CONFIGS.items():
            url = f"{app.url}/?{urlencode(params)}" if params else app.url
            report(name, measure(url, server, args.seconds, profile))
        if args.views:
            from playground.ui.widgets.insights import TABS

            for title in list(TABS.values())[1:]:
                m = measure(app.url, server, args.seconds, profile, view=title)
                report(f"  default, '{title}' open", m)
        if args.soak_minutes:
            soak(app.url, server, args.soak_minutes, profile)
    uncompressed = ("--server.enableWebsocketCompression", "false")
    with StreamlitServer(ROOT / "app.py", *uncompressed) as app, tempfile.TemporaryDirectory() as p:
        m = measure(app.url, psutil.Process(app.process.pid), args.seconds, p)
        report("reference: default, uncompressed", m)


if __name__ == "__main__":
    main()
