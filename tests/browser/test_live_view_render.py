"""What the live view draws for a given frame, checked in a real browser without Streamlit.

Each test builds a frame from a real `Trainer` (or edits one), sends it to the renderer mounted
alone in a page (tests/browser/standalone_view.py) and reads the DOM text, the canvases' pixels or
the text the canvases were given. Covers: weights of exactly zero, the status banner and badge
(divergence, no data), numbers that are not finite, axis ticks, the keyboard-only focus ring and
presenter mode.
"""

from __future__ import annotations

import io
import math

import numpy as np
import pytest
from PIL import Image
from standalone_view import StandaloneView

from playground import PlaygroundConfig
from playground.live.session import new_state

# Link-canvas pixels by colour: blue (positive), orange (negative), grey (neither: a zero link).
LINK_COLOURS = """(root) => {
  const canvas = root.querySelector("canvas.lv-links");
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let positive = 0, negative = 0, grey = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] < 60) continue;
    const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
    if (b > r + 60) positive += 1;
    else if (r > b + 60) negative += 1;
    else if (Math.max(r, g, b) - Math.min(r, g, b) < 30) grey += 1;
  }
  return { positive, negative, grey };
}"""
# Opaque near-black pixels of the node canvas: text, and a box drawn around a node.
DARK_PIXELS = """(root) => {
  const canvas = root.querySelector("[data-testid=network-diagram]");
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let dark = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 200 && Math.max(data[i], data[i + 1], data[i + 2]) < 90) dark += 1;
  }
  return dark;
}"""
# Words of the view's visible text that the layout split over two lines.
SPLIT_WORDS = """(root) => {
  const split = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0)
        .map((r) => Math.round(r.bottom)));
      if (lines.size > 1) split.push(match[0]);
    }
  }
  return split;
}"""
DIVERGED_TEXT = (
    "Training diverged at step 812 (epoch 33): the training loss exploded to 3.1e+38. "
    "The weights of the last good epoch (32) were kept; lower the learning rate and reset."
)
NO_DATA_TEXT = "There are no training points: click the output to draw some."
EN_DASH = "–"


def frame(status: str = "paused", epochs: int = 0, **config) -> dict:
    """A real frame of a small trainer (circle, [4, 2] unless `config` says otherwise)."""
    state = new_state(PlaygroundConfig(dataset="circle", **config))
    state.trainer.run_epochs(epochs)
    return state.frames.build(state.trainer, frame=1, status=status)


@pytest.fixture
def view(page) -> StandaloneView:
    page.set_viewport_size({"width": 1200, "height": 900})
    return StandaloneView(page)


def find_node(page) -> dict:
    """Page coordinates of a point over a node: where hovering shows the node card."""
    box = page.get_by_test_id("network-diagram").bounding_box()
    for fx in (0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65):
        for fy in (0.5, 0.4, 0.6, 0.45, 0.55, 0.35, 0.65):
            x, y = box["x"] + box["width"] * fx, box["y"] + box["height"] * fy
            page.mouse.move(x, y)
            page.wait_for_timeout(40)
            if page.get_by_test_id("node-detail").is_visible():
                return {"x": x, "y": y}
    pytest.fail("no node card appeared when hovering the diagram")


def font_px(font: str) -> float:
    """The size in px of a canvas font string such as "600 18px sans-serif"."""
    return float(next(part for part in font.split() if part.endswith("px"))[:-2])


# ------------------------------------------------------------------------------------------------
# Weights of exactly zero
# ------------------------------------------------------------------------------------------------


def test_zero_weights_are_drawn_grey_and_dashed_never_as_positive(view, page) -> None:
    view.show(frame(weight_init="zeros"))  # every weight is exactly 0
    colours = view.root().evaluate(LINK_COLOURS)
    assert colours["positive"] == 0 and colours["negative"] == 0, colours
    assert colours["grey"] > 100, colours  # the links are there, as neutral grey
    assert "zero" in view.text("live-view").split("Link width")[1][:120]  # the caption says so
    # The node card lists the zero weights without a sign.
    page.mouse.move(*find_node(page).values())
    rows = page.get_by_test_id("node-detail").locator("li").all_text_contents()
    assert rows and all(row.endswith("0.000") and "+" not in row for row in rows), rows


def test_zero_weights_beside_signed_ones_and_in_the_png_export(view, page, tmp_path) -> None:
    payload = frame()
    weights = np.frombuffer(payload["weights"], "<f4").copy()
    weights[::2] = 0.0
    weights[1::4] = 1e-6  # below the view's epsilon: zero too
    payload["weights"] = weights.tobytes()
    view.show(payload)
    colours = view.root().evaluate(LINK_COLOURS)
    assert colours["grey"] > 100 and colours["positive"] + colours["negative"] > 100, colours

    only_zero = frame(weight_init="zeros")
    maps = np.frombuffer(only_zero["neurons"], "<f4")
    only_zero["neurons"] = np.zeros_like(maps).tobytes()  # every node grey: colour is a link
    view.show(only_zero)
    with page.expect_download() as download:
        page.get_by_test_id("download-network").click()
    path = tmp_path / "network.png"
    download.value.save_as(path)
    pixels = np.asarray(Image.open(io.BytesIO(path.read_bytes())).convert("RGB")).astype(int)
    r, b = pixels[..., 0], pixels[..., 2]
    assert ((b > r + 60) | (r > b + 60)).sum() < 50


# ------------------------------------------------------------------------------------------------
# Status: divergence, no data, numbers that are not finite
# ------------------------------------------------------------------------------------------------


def test_divergence_banner_shows_the_trainers_explanation(view, page) -> None:
    payload = frame("diverged", epochs=2)
    payload.update(status_text=DIVERGED_TEXT, train_loss=math.nan, test_loss=math.inf)
    payload.update(train_metric=math.nan, test_metric=None)
    view.show(payload)
    banner = page.get_by_test_id("status-banner")
    assert banner.is_visible()
    assert banner.text_content() == DIVERGED_TEXT
    assert view.text("run-status") == "diverged"
    for test_id in ("train-loss", "test-loss", "train-metric", "test-metric"):
        assert view.text(test_id) == EN_DASH, test_id
    for test_id in ("chart-train-loss", "chart-test-loss", "chart-train-metric"):
        assert view.text(test_id) == EN_DASH, test_id

    # Without the trainer's words: a neutral sentence that claims nothing about the loss.
    payload.update(status_text="", train_loss=0.61, test_loss=0.64)
    view.show(payload)
    text = banner.text_content()
    assert banner.is_visible() and "diverged" in text.lower()
    assert "number" not in text and "NaN" not in text, text
    assert view.text("train-loss") == "0.610"


def test_no_data_has_its_own_badge_and_explanation(view, page) -> None:
    payload = frame("no_data")
    payload.update(status_text=NO_DATA_TEXT, train_loss=None, test_loss=None)
    payload.update(train_metric=None, test_metric=None)
    view.show(payload)
    badge = page.get_by_test_id("run-status")
    assert badge.text_content() == "no data"
    assert badge.get_attribute("data-status") == "no_data"
    assert page.get_by_test_id("status-banner").text_content() == NO_DATA_TEXT
    assert view.text("train-loss") == EN_DASH and view.text("test-metric") == EN_DASH

    view.show(frame("paused"))  # points again: no banner
    assert not page.get_by_test_id("status-banner").is_visible()
    assert badge.text_content() == "paused"


# ------------------------------------------------------------------------------------------------
# Axis ticks, focus ring
# ------------------------------------------------------------------------------------------------


def test_ticks_never_use_exponent_notation(view) -> None:
    payload = frame(epochs=1)
    epochs = np.arange(0, 1001, 5, dtype="<f4")
    curve = (0.7 * np.exp(-epochs / 300) + 0.05).astype("<f4").tobytes()
    payload["history"] = {
        "epoch": epochs.tobytes(),
        "train_loss": curve,
        "test_loss": curve,
        "train_metric": np.full(len(epochs), 0.9, "<f4").tobytes(),
        "test_metric": np.full(len(epochs), 0.85, "<f4").tobytes(),
    }
    payload["epoch"] = 1000
    view.show(payload)
    texts = [t["text"] for t in view.canvas_texts()]
    assert "epoch 1,000" in texts, texts
    assert not [t for t in texts if "e+" in t or "e-" in t], texts

    for value, text in [(1000, "1,000"), (12000, "12,000"), (2500, "2,500"), (-1000, "−1,000")]:
        assert view.call("formatTick", value) == text
    assert view.call("formatTick", 0.5) == "0.5" and view.call("formatTick", 250) == "250"


def test_focus_ring_shows_for_the_keyboard_only(view, page) -> None:
    view.show(frame(epochs=1))
    diagram = page.get_by_test_id("network-diagram")
    root = view.root()
    plain = root.evaluate(DARK_PIXELS)  # the labels' text
    node = find_node(page)
    page.mouse.click(node["x"], node["y"])  # pins the node
    page.wait_for_timeout(100)
    assert page.get_by_test_id("node-detail").is_visible()
    assert diagram.evaluate("e => e.matches(':focus') && !e.matches(':focus-visible')")
    assert diagram.evaluate("e => getComputedStyle(e).boxShadow") == "none"
    assert diagram.evaluate("e => getComputedStyle(e).outlineStyle") == "none"
    assert root.evaluate(DARK_PIXELS) <= plain + 20, "a box is drawn around the clicked node"

    page.mouse.move(1, 1)
    page.keyboard.press("ArrowDown")  # keyboard: the ring and the node's box appear
    page.wait_for_timeout(100)
    assert diagram.evaluate("e => e.matches(':focus-visible')")
    assert diagram.evaluate("e => getComputedStyle(e).boxShadow") != "none"
    assert root.evaluate(DARK_PIXELS) > plain + 40, "no box around the keyboard's node"


# ------------------------------------------------------------------------------------------------
# Presenter mode
# ------------------------------------------------------------------------------------------------


def text_sizes(view, page) -> dict[str, float]:
    """Font sizes (px) of what students read: DOM text and the canvases' labels."""
    css = """(e) => parseFloat(getComputedStyle(e).fontSize)"""
    sizes = {
        name: page.get_by_test_id(test_id).evaluate(css)
        for name, test_id in [
            ("epoch", "epoch-counter"),
            ("loss", "train-loss"),
            ("metric", "test-metric"),
            ("badge", "run-status"),
            ("chart value", "chart-train-loss"),
        ]
    }
    root = view.root()
    sizes["tick"] = root.locator(".lv-tick").first.evaluate(css)
    sizes["axis"] = root.locator(".lv-axis").first.evaluate(css)
    sizes["legend"] = root.locator(".lv-legend").evaluate(css)
    sizes["panel title"] = root.locator(".lv-title").first.evaluate(css)
    fonts = {t["text"]: font_px(t["font"]) for t in view.canvas_texts()}
    sizes["column title"] = fonts["Input"]
    sizes["input label"] = fonts["x₁"]
    sizes["chart tick"] = fonts["0.5"]
    return sizes


def test_presenter_mode_enlarges_every_text_students_read(view, page) -> None:
    payload = frame(epochs=2)
    view.show(payload)
    normal = text_sizes(view, page)
    view.show(payload, presenter=True)
    large = text_sizes(view, page)
    for name, size in normal.items():
        assert large[name] >= 1.45 * size, (name, size, large[name])
    assert large["epoch"] >= 30 and large["tick"] >= 15 and large["column title"] >= 17
    assert view.root().evaluate(SPLIT_WORDS) == []
