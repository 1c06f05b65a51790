"""The playground page in a real browser: it loads, learns live, keeps state apart per user.

A Streamlit server runs app.py on a free 127.0.0.1 port (tests/browser/conftest.py) and headless
Chromium drives the page the way a person would: it presses Play, reads the epoch counter and the
losses that the live view writes as text, picks a learning rate from the dropdown, and opens two
pages at once. Screenshots are saved to $PLAYGROUND_TEST_OUTPUT or the test's tmp_path.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
LOAD_MS = 60_000
DIGITS = re.compile(r"^\d[\d,]*$")


def open_page(page, url: str) -> None:
    page.goto(url)
    page.get_by_test_id("output-heatmap").wait_for(state="visible", timeout=LOAD_MS)
    page.get_by_role("button", name="Play").wait_for(timeout=LOAD_MS)
    # The view shows "–" from its mount until it draws its first frame.
    expect(page.get_by_test_id("epoch-counter")).to_have_text(DIGITS, timeout=LOAD_MS)


def number(page, test_id: str) -> float:
    text = page.get_by_test_id(test_id).first.text_content() or ""
    match = re.search(r"-?[\d,]*\.?\d+", text)
    return float(match.group().replace(",", "")) if match else float("nan")


def wait_for_epoch(page, at_least: int, timeout: float = 30.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        epoch = number(page, "epoch-counter")
        if epoch >= at_least:  # False for NaN (no frame drawn yet)
            return int(epoch)
        page.wait_for_timeout(100)
    raise AssertionError(f"epoch counter stayed below {at_least}")


def settled(page, read, timeout: float = 20.0):
    """What `read()` gives once two readings a second apart agree (frames sent before a Pause
    may still be arriving)."""
    deadline = time.monotonic() + timeout
    previous = read()
    while time.monotonic() < deadline:
        page.wait_for_timeout(1000)
        current = read()
        if current == previous:
            return current
        previous = current
    raise AssertionError(f"still changing after Pause: {previous}")


def settled_epoch(page) -> int:
    """The epoch counter once two readings a second apart agree."""
    return settled(page, lambda: int(number(page, "epoch-counter")))


def no_exception(page) -> None:
    assert page.get_by_test_id("stException").count() == 0


def test_page_loads_without_exceptions_and_explains_itself(streamlit_app, page, output_dir):
    open_page(page, streamlit_app(APP))
    no_exception(page)
    # Elements after the live view may still be arriving: wait for them rather than count them.
    for label in ("Learning rate", "Activation", "Regularization", "Noise", "Batch size"):
        expect(page.get_by_label(label, exact=False).first).to_be_attached(timeout=LOAD_MS)
    caption = page.get_by_text("Each square in the network is one neuron")
    expect(caption).to_be_visible(timeout=LOAD_MS)
    assert int(number(page, "epoch-counter")) == 0
    page.screenshot(path=output_dir / "playground-loaded.png", full_page=True)


def test_play_trains_live_and_the_test_loss_falls(streamlit_app, page, output_dir):
    open_page(page, streamlit_app(APP) + "/?dataset=gauss&noise=0.1")
    first_loss = number(page, "test-loss")
    page.get_by_role("button", name="Play").click()
    page.get_by_role("button", name="Pause").wait_for(timeout=LOAD_MS)
    epoch = wait_for_epoch(page, 30)
    assert epoch >= 30
    later = wait_for_epoch(page, epoch + 20)
    assert later > epoch
    assert number(page, "test-loss") < first_loss
    no_exception(page)
    page.screenshot(path=output_dir / "playground-playing.png", full_page=True)
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for(timeout=LOAD_MS)
    paused_at = settled_epoch(page)  # frames sent before the pause may still be arriving
    page.wait_for_timeout(2000)
    assert int(number(page, "epoch-counter")) == paused_at


def test_every_play_and_pause_click_acts_once_by_mouse_and_keyboard(streamlit_app, page):
    """Streamlit may replay a click that lands while the fragment reruns; each acts once."""
    open_page(page, streamlit_app(APP))
    for cycle in range(6):
        page.get_by_role("button", name="Play").click()
        page.get_by_role("button", name="Pause").wait_for(timeout=LOAD_MS)
        wait_for_epoch(page, int(number(page, "epoch-counter")) + 5)
        page.get_by_role("button", name="Pause").click()
        page.get_by_role("button", name="Play").wait_for(timeout=LOAD_MS)
        paused_at = settled_epoch(page)
        assert page.get_by_role("button", name="Play").is_visible(), f"cycle {cycle}"
        assert int(number(page, "epoch-counter")) == paused_at
    page.mouse.move(5, 5)  # a mouse user's focus is not forced onto the new button: no tooltip
    assert page.evaluate("document.activeElement === document.body")
    page.get_by_role("button", name="Play").focus()  # the keyboard alone: Enter, Enter, Enter
    for label in ("Pause", "Play", "Pause"):
        page.keyboard.press("Enter")
        page.get_by_role("button", name=label).wait_for(timeout=LOAD_MS)
        page.wait_for_function(  # the new button took the focus: the next Enter acts on it
            "label => document.activeElement?.tagName === 'BUTTON'"
            " && document.activeElement.textContent.endsWith(label)",
            arg=label,
            timeout=5_000,
        )
    no_exception(page)


def test_a_learning_rate_change_during_play_keeps_training(streamlit_app, page):
    open_page(page, streamlit_app(APP) + "/?dataset=spiral&hidden_layers=8,8")
    page.get_by_role("button", name="Play").click()
    before = wait_for_epoch(page, 20)
    page.get_by_test_id("stSelectbox").filter(has_text="Learning rate").locator("input").click()
    page.get_by_role("option", name="0.1", exact=True).click()
    page.wait_for_url(re.compile(r"learning_rate=0\.1"), timeout=LOAD_MS)
    after = wait_for_epoch(page, before + 10)
    assert after > before  # counted on: no reset to 0 on a learning-rate change
    assert page.get_by_role("button", name="Pause").is_visible()
    no_exception(page)


def test_two_pages_keep_separate_state(streamlit_app, browser_context):
    url = streamlit_app(APP)
    first, second = browser_context.new_page(), browser_context.new_page()
    open_page(first, url + "/?dataset=xor")
    open_page(second, url + "/?dataset=circle&hidden_layers=3")
    first.get_by_role("button", name="Play").click()
    wait_for_epoch(first, 20)
    assert int(number(second, "epoch-counter")) == 0
    assert second.get_by_role("button", name="Play").is_visible()
    assert "dataset=xor" in first.url and "hidden_layers=3" in second.url
    second.get_by_role("button", name="Play").click()
    wait_for_epoch(second, 5)
    assert first.get_by_role("button", name="Pause").is_visible()


def test_divergence_pauses_explains_and_resets(streamlit_app, page):
    url = streamlit_app(APP) + "/?activation=sigmoid&learning_rate=10.0"
    open_page(page, url)
    page.get_by_role("button", name="Play").click()
    message = page.get_by_test_id("stAlert").filter(has_text="Training diverged")
    message.wait_for(timeout=LOAD_MS)
    assert "try a smaller one" in message.inner_text()
    assert page.get_by_test_id("run-status").inner_text().lower() == "diverged"
    assert page.get_by_role("button", name="Play").is_visible()
    no_exception(page)
    view = page.get_by_test_id("live-view")
    view.evaluate("node => { node.dataset.mark = 'before-reset'; }")
    page.get_by_role("button", name="Reset and try again").click()
    message.wait_for(state="detached", timeout=LOAD_MS)
    expect(page.get_by_test_id("epoch-counter")).to_have_text("0", timeout=LOAD_MS)
    # The message leaving must not remount the view (that blanks every number until a new frame).
    assert view.get_attribute("data-mark") == "before-reset"


def test_a_bad_url_parameter_is_named_and_the_default_used(streamlit_app, page):
    open_page(page, streamlit_app(APP) + "/?noise=lots&dataset=spiral")
    assert page.get_by_text("noise=lots").is_visible()
    assert "dataset=spiral" in page.url and "noise" not in page.url
    no_exception(page)
