"""The sweep and digits pages in a real browser: a tiny sweep runs to its heatmap, digits learn.

A Streamlit server runs app.py (tests/browser/conftest.py). The root page is opened first: until
some session has run app.py, Streamlit serves a deep link like /sweep in its old pages-directory
mode. Screenshots are saved to $PLAYGROUND_TEST_OUTPUT or the test's tmp_path.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from test_playground import no_exception

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
LOAD_MS = 60_000
VIEWPORT = {"width": 1400, "height": 2200}  # tall: the main area scrolls inside the page


def open_page(page, url: str, path: str, ready: str) -> None:
    """Open the app's root once (so the navigation is set up), then the page at `path`."""
    page.set_viewport_size(VIEWPORT)
    page.goto(url)
    page.get_by_role("button", name="Play").first.wait_for(timeout=LOAD_MS)
    page.goto(f"{url}/{path}")
    page.get_by_role("button", name=ready).wait_for(timeout=LOAD_MS)


def type_into(page, label: str, text: str) -> None:
    field = page.get_by_label(label, exact=True).and_(page.locator("input"))
    field.fill(text)
    field.press("Enter")


def percent(page, label: str) -> float:
    metric = page.get_by_test_id("stMetric").filter(has_text=label)
    text = metric.get_by_test_id("stMetricValue").inner_text()
    return float(re.search(r"[\d.]+", text).group())


def test_a_tiny_sweep_runs_to_a_heatmap_and_a_cell_can_be_chosen(streamlit_app, page, output_dir):
    open_page(page, streamlit_app(APP), "sweep", "Run the sweep")
    no_exception(page)
    type_into(page, "Learning rate: values", "0.03, 0.3")
    type_into(page, "Batch size: values", "5, 25")
    type_into(page, "Epochs per cell", "5")
    page.get_by_text("4 cells × 5 epochs").wait_for(timeout=LOAD_MS)
    page.get_by_role("button", name="Run the sweep").click()  # its speed: benchmarks/bench_sweep
    page.get_by_text("Done: 4 cells × 5 epochs").wait_for(timeout=LOAD_MS)
    heatmap = page.get_by_test_id("stPlotlyChart").first
    heatmap.locator(".hm").first.wait_for(timeout=LOAD_MS)  # Plotly's heatmap layer
    assert "Final test loss after 5 epochs" in heatmap.inner_text()
    no_exception(page)
    chosen = page.get_by_test_id("stMultiSelect").filter(has_text="Cells to compare")
    assert chosen.inner_text().count("learning rate") == 1  # the best cell
    plot_area = heatmap.locator(".nsewdrag").first.bounding_box()
    # The bottom-left cell: learning rate 0.03 across, batch size 5 up.
    page.mouse.click(
        plot_area["x"] + plot_area["width"] * 0.25, plot_area["y"] + plot_area["height"] * 0.75
    )
    to_open = page.get_by_label("Cell to open", exact=True).and_(page.locator("input"))
    deadline = time.monotonic() + 20
    while "learning rate 0.03 · batch size 5 " not in to_open.input_value() + " ":
        assert time.monotonic() < deadline, to_open.input_value()
        page.wait_for_timeout(200)
    assert "learning rate 0.03 · batch size 5" in chosen.inner_text()
    page.wait_for_timeout(500)
    page.screenshot(path=output_dir / "sweep-done.png")
    no_exception(page)


def test_play_on_digits_raises_the_accuracy(streamlit_app, page, output_dir):
    open_page(page, streamlit_app(APP), "digits", "Play")
    no_exception(page)
    page.get_by_text("Misclassified test images").wait_for(timeout=LOAD_MS)
    first = percent(page, "Test accuracy")
    page.get_by_role("button", name="Play").click()
    page.get_by_role("button", name="Pause").wait_for(timeout=LOAD_MS)
    deadline = time.monotonic() + 30
    while percent(page, "Test accuracy") < max(first + 30, 85) and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    assert percent(page, "Test accuracy") >= max(first + 30, 85)
    broken = page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=\"stHtml\"] img')]"
        ".filter(i => !(i.complete && i.naturalWidth > 0)).length"
    )
    assert broken == 0
    assert page.get_by_test_id("stVegaLiteChart").count() == 1
    page.screenshot(path=output_dir / "digits-playing.png")
    no_exception(page)
