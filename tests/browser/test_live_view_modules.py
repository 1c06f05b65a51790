"""How the renderer's ES modules reach the browser, checked in a real browser without Streamlit.

The inline loader (playground/ui/widgets/live_view_assets.py) must load every module with the
renderer's version in its URL, and the one-script bundle sent when static serving is off must
draw exactly what the modules draw: the same pixels on every canvas and the same DOM.
"""

from __future__ import annotations

import base64

from standalone_view import ORIGIN, StandaloneView

from playground import PlaygroundConfig
from playground.live.session import new_state
from playground.ui.widgets.live_view import encode_payload
from playground.ui.widgets.live_view_assets import loader_js, module_paths, version

CANVASES = """() => [...document.getElementById("host").shadowRoot.querySelectorAll("canvas")]
  .map((canvas) => canvas.toDataURL())"""
DOM = """() => document.getElementById("host").shadowRoot
  .querySelector("[data-testid=live-view]").innerHTML"""


def frames() -> list[tuple[dict, dict]]:
    """Frames of a binary and a multiclass trainer, with the display options on."""
    found = []
    for cfg, options in (
        (PlaygroundConfig(dataset="spiral", hidden_layers=(8, 8)), {}),
        (PlaygroundConfig(dataset="blobs", n_classes=4), {"presenter": True}),
    ):
        state = new_state(cfg)
        state.trainer.run_epochs(3)
        payload = state.frames.build(state.trainer, 4, "paused", show_test=True, discretize=True)
        found.append((payload, options))
    return found


def test_the_inline_bundle_draws_what_the_modules_draw(browser_context) -> None:
    pages = [browser_context.new_page(), browser_context.new_page()]
    views = [StandaloneView(pages[0]), StandaloneView(pages[1], inline=True)]
    for payload, options in frames():
        drawn = []
        for page, view in zip(pages, views, strict=True):
            view.show(payload, **options)
            drawn.append((page.evaluate(CANVASES), page.evaluate(DOM)))
        (module_canvases, module_dom), (bundle_canvases, bundle_dom) = drawn
        assert len(module_canvases) == 7
        assert bundle_canvases == module_canvases, "the bundle drew other pixels"
        assert bundle_dom == module_dom


LOAD = """async (loader) => {
  const url = URL.createObjectURL(new Blob([loader], { type: "text/javascript" }));
  const module = await import(url);
  const host = document.getElementById("host");
  const parent = document.createElement("div");
  host.attachShadow({ mode: "open" }).append(parent);
  window.load = (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    return module.default({ data: bytes, parentElement: parent, setTriggerValue: () => {} });
  };
}"""
DRAWN = """() => Number(document.getElementById("host").shadowRoot
  .querySelector("[data-testid=live-view]")?.dataset.framesDrawn ?? 0) > 0"""


def test_the_loader_gives_every_module_the_renderer_version(page) -> None:
    StandaloneView(page, mount=False)  # the page and the routes that serve static/
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.evaluate(LOAD, loader_js(f"{ORIGIN}/static/"))
    payload, _ = frames()[0]
    page.evaluate("(b64) => window.load(b64)", base64.b64encode(encode_payload(payload)).decode())
    page.wait_for_function(DRAWN, timeout=10_000)
    loaded = {url.removeprefix(f"{ORIGIN}/static/") for url in requests if "/static/" in url}
    assert loaded == {f"{path}?v={version()}" for path in module_paths()}
