"""The live view's renderer alone in a browser page, without Streamlit: frames in, pixels out.

`StandaloneView(page)` serves static/ (static/live_view.js and its modules in static/live_view/)
under a made-up origin through Playwright's request routing, mounts the renderer inside a shadow
root as Streamlit does, and `show(payload)` sends one frame encoded by `encode_payload` and waits
until the view has drawn it. `$LIVE_VIEW_STATIC` names another static/ folder, to run a test
against another version of the renderer; `$LIVE_VIEW_JS` a single-file renderer served as the
entry (an older, one-file version). `StandaloneView(page, inline=True)` mounts the one-script
bundle that is sent inline when static serving is off, imported from a blob URL as Streamlit
imports inline component code (`mount=False`: only the page and its routes, for a test that
loads the renderer itself). Every `fillText` on any canvas is recorded (`canvas_texts()`:
text and font), so tests can read what the charts and the diagram wrote. A frame takes
milliseconds here, against seconds through a Streamlit server.
"""

from __future__ import annotations

import base64
import mimetypes
import os
from pathlib import Path
from typing import Any

from playground.live.frame_wire import encode_frames
from playground.ui.widgets.live_view import encode_payload
from playground.ui.widgets.live_view_assets import bundle_js

ROOT = Path(__file__).resolve().parents[2]
ORIGIN = "http://live-view.test"
PAGE = """<!doctype html><html><head><meta charset="utf-8"></head>
<body style="margin:0;font-family:sans-serif"><div id="host" style="width:%dpx;padding:8px"></div>
<script>
  window.canvasTexts = [];
  const fillText = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
    window.canvasTexts.push({ text: String(text), font: this.font });
    return fillText.call(this, text, ...rest);
  };
</script></body></html>"""
MOUNT = """async (inline) => {
  const url = inline === null ? "/static/live_view.js"
    : URL.createObjectURL(new Blob([inline], { type: "text/javascript" }));
  const module = await import(url);
  const host = document.getElementById("host");
  const parent = document.createElement("div");
  host.attachShadow({ mode: "open" }).append(parent);
  window.triggers = [];
  window.liveView = { module, parent };
}"""
SEND = """(b64) => {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  window.canvasTexts.length = 0;
  const { module, parent } = window.liveView;
  module.default({ data: bytes, parentElement: parent,
                   setTriggerValue: (name, value) => window.triggers.push([name, value]) });
}"""
DRAWN = """() => Number(document.getElementById("host").shadowRoot
  .querySelector("[data-testid=live-view]")?.dataset.framesDrawn ?? 0)"""


class StandaloneView:
    """One live view in `page`, fed frame by frame."""

    def __init__(self, page, width: int = 1100, inline: bool = False, mount: bool = True):
        self.page = page
        static = Path(os.environ.get("LIVE_VIEW_STATIC", ROOT / "static"))
        entry = os.environ.get("LIVE_VIEW_JS")
        html = PAGE % width

        def serve(route) -> None:
            path = route.request.url.removeprefix(ORIGIN).split("?")[0]
            if not path.startswith("/static/"):
                route.fulfill(body=html, content_type="text/html")
                return
            file = static / path.removeprefix("/static/")
            if entry and path == "/static/live_view.js":
                file = Path(entry)
            if not file.is_file():
                route.fulfill(status=404, body="not found")
                return
            content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            route.fulfill(body=file.read_bytes(), content_type=content_type)

        page.route(f"{ORIGIN}/**", serve)
        page.goto(f"{ORIGIN}/")
        if mount:
            page.evaluate(MOUNT, bundle_js() if inline else None)

    def show(self, payload: dict[str, Any], **options: Any) -> None:
        """Send one frame (`options` go to `encode_payload`) and wait until it is drawn."""
        drawn = self.page.evaluate(DRAWN)
        message = encode_payload(payload, **options)
        self.page.evaluate(SEND, base64.b64encode(message).decode())
        self.page.wait_for_function(f"() => ({DRAWN})() > {drawn}", timeout=10_000)
        self.page.wait_for_timeout(50)  # the frame's layout and styles settle

    def show_batch(self, payloads: list[dict[str, Any]], spacing: float = 0.01) -> None:
        """Send frames in one batch message, `spacing` seconds apart, as the live loop does,
        and wait until the last one is drawn."""
        message = encode_frames(payloads, spacing)  # later frames' maps as deltas
        self.page.evaluate(SEND, base64.b64encode(message).decode())
        last = payloads[-1]["frame"]
        self.page.wait_for_function(
            f"() => document.getElementById('host').shadowRoot"
            f".querySelector('[data-testid=live-view]')?.dataset.frame === '{last}'",
            timeout=10_000,
        )
        self.page.wait_for_timeout(50)

    def text(self, test_id: str) -> str:
        return self.page.get_by_test_id(test_id).text_content() or ""

    def canvas_texts(self) -> list[dict[str, str]]:
        """Every `fillText` since the last frame was sent: [{"text", "font"}]."""
        return self.page.evaluate("() => window.canvasTexts")

    def call(self, name: str, *args: Any) -> Any:
        """A named export of the renderer module, called with JSON arguments."""
        return self.page.evaluate(
            "([name, args]) => window.liveView.module[name](...args)", [name, list(args)]
        )

    def root(self):
        return self.page.get_by_test_id("live-view")
