"""Editing a weight by clicking it, in a real browser against the real app.

The network has no hidden layer, so the output is sigmoid(w1·x1 + w2·x2 + b): with w1 = 4 and
w2 = b = 0 the right half of the plane is class 1 (blue) and the left half class 0 (orange), and
w1 = −4 swaps them. The first weight is edited by clicking its link, the others through the pinned
node card, the last with the keyboard only; each change must reach the server (the card shows
the value the server's next frame carries) and the output must follow it.
"""

from __future__ import annotations

import json

from playwright.sync_api import expect
from test_playground import APP, open_page

# The colour of the output heatmap at a point (fractions of its width and height): [r, g, b].
PIXEL = """([fx, fy]) => {
  const find = (root) => root.querySelector("canvas[data-testid=output-heatmap]")
    ?? [...root.querySelectorAll("*")].map((e) => e.shadowRoot && find(e.shadowRoot))
         .find(Boolean);
  const canvas = find(document);
  const ctx = canvas.getContext("2d");
  const x = Math.floor(canvas.width * fx), y = Math.floor(canvas.height * fy);
  return Array.from(ctx.getImageData(x, y, 1, 1).data.slice(0, 3));
}"""


def side_is(page, fx: float, colour: str) -> None:
    """Wait until the heatmap at (fx, 0.5) is blue (class 1) or orange (class 0)."""
    test = "b > r + 40" if colour == "blue" else "r > b + 40"
    page.wait_for_function(
        f"([fx]) => {{ const [r, g, b] = ({PIXEL})([fx, 0.5]); return {test}; }}",
        arg=[fx],
        timeout=15_000,
    )


def link_midpoint(page, source: int, target: int) -> tuple[float, float]:
    """Page coordinates of the middle of the link between two nodes of the diagram."""
    diagram = page.get_by_test_id("network-diagram")
    nodes = json.loads(diagram.get_attribute("data-nodes"))
    (ax, ay, asize), (cx, cy, csize) = nodes[source], nodes[target]
    box = diagram.bounding_box()
    x = ((ax + asize) + cx) / 2  # the curve's middle is the middle of its two ends
    y = ((ay + asize / 2) + (cy + csize / 2)) / 2
    return box["x"] + x, box["y"] + y


def set_value(page, value: str) -> None:
    box = page.get_by_test_id("weight-input")
    expect(box).to_be_focused()
    box.fill(value)
    box.press("Enter")


def test_click_a_link_type_a_weight_and_the_output_follows(streamlit_app, page) -> None:
    base = streamlit_app(APP)
    page.set_viewport_size({"width": 1280, "height": 900})
    open_page(page, f"{base}/?dataset=gauss&hidden_layers=")
    card = page.get_by_test_id("node-detail")
    editor = page.get_by_test_id("weight-editor")
    expect(editor).to_be_hidden()

    page.mouse.click(*link_midpoint(page, 0, 2))  # x1 → output
    expect(editor).to_be_visible()
    expect(editor).to_contain_text("Weight x₁ → output")
    set_value(page, "4")
    expect(card).to_contain_text("+4.000")  # the server's frame carries the new weight

    card.get_by_role("button", name="Edit the weight x₂ → output").click()
    expect(editor).to_contain_text("Weight x₂ → output")
    set_value(page, "0")
    card.get_by_role("button", name="Edit the bias").click()
    expect(editor).to_contain_text("Bias of output")
    set_value(page, "0")
    side_is(page, 0.8, "blue")
    side_is(page, 0.2, "orange")

    # Keyboard only: Escape closes the editor; the pinned card's first row opens it again.
    page.keyboard.press("Escape")
    expect(editor).to_be_hidden()
    row = card.get_by_role("button", name="Edit the weight x₁ → output")
    row.focus()
    page.keyboard.press("Enter")
    set_value(page, "-4")
    side_is(page, 0.8, "orange")
    side_is(page, 0.2, "blue")
    expect(card).to_contain_text("−4.000")
    # A value beyond the limit is set to the limit, and the editor says so.
    set_value(page, "500")
    expect(editor).to_contain_text("Set to 100: weights stay within ±100.")
    expect(card).to_contain_text("+100.000")
    assert page.get_by_test_id("stException").count() == 0
    assert "?" not in page.url.split("hidden_layers=")[1]  # the weights never reach the URL
    assert "weight" not in page.url
