"""The live view's renderer alone in a browser page, without Streamlit: frames in, pixels out.

`StandaloneView(page)` serves static/live_view.js (or the file named by $LIVE_VIEW_JS, to run a
test against another version of the renderer) under a made-up origin through Playwright's request
routing, mounts it inside a shadow root as Streamlit does, and `show(payload)` sends one frame
encoded by `encode_payload` and waits until the view has drawn it. Every `fillText` on any canvas
is recorded (`canvas_texts()`: text and font), so tests can read what the charts and the diagram
wrote. A frame takes milliseconds here, against seconds through a Streamlit server.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Any

from playground.ui.live_view import encode_payload

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
MOUNT = """async () => {
  const module = await import("/live_view.js");
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

    def __init__(self, page, width: int = 1100):
        self.page = page
        script = Path(os.environ.get("LIVE_VIEW_JS", ROOT / "static" / "live_view.js"))
        html = PAGE % width

        def serve(route) -> None:
            if route.request.url.split("?")[0].endswith("/live_view.js"):
                route.fulfill(body=script.read_text(), content_type="text/javascript")
            else:
                route.fulfill(body=html, content_type="text/html")

        page.route(f"{ORIGIN}/**", serve)
        page.goto(f"{ORIGIN}/")
        page.evaluate(MOUNT)

    def show(self, payload: dict[str, Any], **options: Any) -> None:
        """Send one frame (`options` go to `encode_payload`) and wait until it is drawn."""
        drawn = self.page.evaluate(DRAWN)
        message = encode_payload(payload, **options)
        self.page.evaluate(SEND, base64.b64encode(message).decode())
        self.page.wait_for_function(f"() => ({DRAWN})() > {drawn}", timeout=10_000)
        self.page.wait_for_timeout(50)  # the frame's layout and styles settle

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
