"""Presenter mode (`?presenter=1`) in the real app: the live view's text grows, words stay whole.

Opens the playground at the projector sizes a lecture hall uses (1280×720 and 1920×1080), with and
without `presenter=1`, and reads the computed font size of the epoch figure (and the other figures
of the status line) and where each word of the view's text sits: a word whose characters land on
two lines was split. Screenshots go to $PLAYGROUND_TEST_OUTPUT or the test's tmp_path.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_live_view_render import SPLIT_WORDS
from test_playground import APP, open_page

FIGURES = ("epoch-counter", "train-loss", "test-loss", "train-metric", "test-metric")
FONT_SIZE = "e => parseFloat(getComputedStyle(e).fontSize)"


def figure_sizes(page) -> dict[str, float]:
    return {test_id: page.get_by_test_id(test_id).evaluate(FONT_SIZE) for test_id in FIGURES}


def screenshot(page, path: Path) -> None:
    """The viewport with the live view's status line just under Streamlit's header."""
    page.get_by_test_id("live-status").evaluate(
        """e => { e.scrollIntoView({ block: "start" });
                  document.querySelector("[data-testid=stMain]")?.scrollBy(0, -70); }"""
    )
    page.wait_for_timeout(300)
    page.screenshot(path=path)


@pytest.mark.parametrize("width, height", [(1280, 720), (1920, 1080)])
def test_presenter_mode_enlarges_the_live_views_figures(
    streamlit_app, page, output_dir: Path, width: int, height: int
) -> None:
    url = streamlit_app(APP)
    page.set_viewport_size({"width": width, "height": height})
    open_page(page, url)
    normal = figure_sizes(page)

    open_page(page, f"{url}/?presenter=1")
    large = figure_sizes(page)
    for test_id, size in normal.items():
        assert large[test_id] >= 1.45 * size, (test_id, size, large[test_id])
    view = page.get_by_test_id("live-view")
    assert view.evaluate(SPLIT_WORDS) == []  # no word of the view split over two lines
    status = page.get_by_test_id("live-status")
    assert status.evaluate(SPLIT_WORDS) == []
    badge = page.get_by_test_id("run-status").bounding_box()
    assert badge["height"] < 2 * large["epoch-counter"]  # "paused" on one line
    screenshot(page, output_dir / f"presenter-{width}x{height}.png")
