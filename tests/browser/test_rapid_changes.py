"""A student clicking about once a second while the playground trains at full speed.

The pattern that once drove the page into Streamlit's red error box within a few clicks: Fast
speed, Play, then toggle "Discretize output" and "Show test data" and change the learning rate
about once a second. Each full rerun then started while the live fragment was still training,
and the export panel read the history half-way through an append. For 20 seconds here no error
element may appear, and the epoch counter must keep rising.
"""

from __future__ import annotations

import itertools
import time

from playwright.sync_api import expect
from test_playground import APP, DIGITS, no_exception, number, open_page, wait_for_epoch

SECONDS = 20.0
LEARNING_RATES = ("0.1", "0.03", "0.3", "0.01")


def toggle(page, label: str) -> None:
    page.get_by_test_id("stSidebar").get_by_text(label, exact=True).click()


def pick_learning_rate(page, value: str) -> None:
    page.get_by_test_id("stSelectbox").filter(has_text="Learning rate").locator("input").click()
    page.get_by_role("option", name=value, exact=True).click()


def test_toggling_while_playing_fast_never_shows_an_error(streamlit_app, page):
    open_page(page, streamlit_app(APP) + "/?speed=fast&dataset=spiral&hidden_layers=8,8")
    page.get_by_role("button", name="Play").click()
    epochs = [wait_for_epoch(page, 5)]
    actions = [
        lambda: toggle(page, "Discretize output"),
        lambda: toggle(page, "Show test data"),
        *(lambda value=value: pick_learning_rate(page, value) for value in LEARNING_RATES),
    ]
    deadline, turn = time.monotonic() + SECONDS, 0
    while time.monotonic() < deadline:
        actions[turn % len(actions)]()
        turn += 1
        page.wait_for_timeout(700)
        no_exception(page)
        # Rarely the counter is read between two drawn frames of a remount ("–"): wait for it.
        expect(page.get_by_test_id("epoch-counter")).to_have_text(DIGITS, timeout=5_000)
        epochs.append(int(number(page, "epoch-counter")))
    assert turn >= 15
    assert epochs[-1] > epochs[0] + 100, epochs  # it kept training throughout
    assert sum(b > a for a, b in itertools.pairwise(epochs)) >= len(epochs) // 2, epochs
    no_exception(page)
