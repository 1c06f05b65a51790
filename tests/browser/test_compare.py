"""The compare page in a real browser: both sides learn live, in step, from one Play button.

A Streamlit server runs app.py on a free 127.0.0.1 port (tests/browser/conftest.py) and headless
Chromium opens the compare page, presses Play and reads the two live views' epoch and frame
counters — both at the same instant, in one script evaluation — while they train, and watches
whether Streamlit marks either view's element stale (the grey it fades an element to). The page
is opened by its deep link (/compare?...), as a shared comparison would be. Nothing here asserts
how fast the machine is: the test waits for counts, never for a fixed time. Screenshots are saved
to $PLAYGROUND_TEST_OUTPUT or the test's tmp_path.
"""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import expect
from test_playground import no_exception, settled

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
LOAD_MS = 60_000
# Both views' counters (they live in the components' shadow roots), read in one go.
READ_COUNTERS = """() => {
  const roots = [document, ...[...document.querySelectorAll("*")].flatMap((e) =>
    e.shadowRoot ? [e.shadowRoot] : [])];
  const find = (id) => roots.flatMap((root) => [...root.querySelectorAll(`[data-testid="${id}"]`)])
    .map((e) => parseInt((e.textContent || "0").replace(/,/g, ""), 10) || 0);
  return { epochs: find("epoch-counter"), frames: find("frame-counter") };
}"""


def open_compare(page, url: str, query: str = "") -> None:
    page.goto(f"{url}/compare{query}")
    page.get_by_text("Compare two settings").wait_for(timeout=LOAD_MS)
    page.get_by_test_id("output-heatmap").nth(1).wait_for(state="visible", timeout=LOAD_MS)
    page.get_by_role("button", name="Play").wait_for(timeout=LOAD_MS)


def counters(page) -> tuple[list[int], list[int]]:
    found = page.evaluate(READ_COUNTERS)
    assert len(found["epochs"]) == len(found["frames"]) == 2, found
    return found["epochs"], found["frames"]


# Every time Streamlit marks a view's element stale (it greys it 0.5 s later), the side's name.
WATCH_STALE = """() => {
  window.staleViews = [];
  for (const side of ["a", "b"]) {
    const view = document.querySelector(`.st-key-compare-${side}-view`)
      .closest('[data-testid="stElementContainer"]');
    new MutationObserver(() => {
      if (view.getAttribute("data-stale") === "true") window.staleViews.push(side);
    }).observe(view, { attributes: true, attributeFilter: ["data-stale"] });
  }
}"""


def wait_until(page, condition, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting for {what}")
        page.wait_for_timeout(100)


def wait_for_counters(page, epochs: list[int], timeout: float = 30.0) -> None:
    """Until both views show these epochs (a view may be re-drawing when we first look)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = page.evaluate(READ_COUNTERS)
        if found["epochs"] == epochs:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"the views show epochs {found['epochs']}, not {epochs}")


def test_both_sides_train_in_step_from_one_play_button(streamlit_app, page, output_dir):
    page.set_viewport_size({"width": 1400, "height": 2300})
    open_compare(page, streamlit_app(APP))
    no_exception(page)
    wait_for_counters(page, [0, 0])
    assert page.get_by_text("A · No dropout").is_visible()
    assert page.get_by_text("B · Dropout 0.3").is_visible()
    paused_frame = max(counters(page)[1])
    page.get_by_role("button", name="Play").click()
    page.get_by_role("button", name="Pause").wait_for(timeout=LOAD_MS)
    # Frames from a run of the playing fragment: the full run of the click (which marks every
    # element stale until it sends it again) is over.
    wait_until(page, lambda: min(counters(page)[1]) > paused_frame + 1, "the first frames")
    page.evaluate(WATCH_STALE)
    samples: list[tuple[list[int], list[int]]] = [counters(page)]
    while len(samples) < 40 or min(samples[-1][0]) < max(samples[0][0]) + 20:
        assert len(samples) < 1000, f"the epochs do not rise: {samples[-5:]}"
        page.wait_for_timeout(100)
        samples.append(counters(page))
    # Each view is its own fragment: the runs of the training fragment never mark it stale (B's
    # view, sent last, was marked stale by every run and often stayed so over several: greyed).
    assert page.evaluate("() => window.staleViews") == []
    same_frame = [epochs for epochs, frames in samples if frames[0] == frames[1]]
    assert same_frame, samples
    for epochs in same_frame:  # frame N of A and frame N of B: one epoch
        assert epochs[0] == epochs[1], samples
    no_exception(page)
    page.mouse.move(5, 5)  # no tooltip in the picture
    # The sentence and the overlaid chart refresh once a second.
    sentence = page.get_by_text("Both reach test loss").or_(page.get_by_text("never does"))
    expect(sentence.first).to_be_visible(timeout=LOAD_MS)
    page.screenshot(path=output_dir / "compare-playing.png")
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for(timeout=LOAD_MS)
    epochs, frames = settled(page, lambda: counters(page))
    assert epochs[0] == epochs[1] and frames[0] == frames[1]
    page.wait_for_timeout(1000)
    assert counters(page)[0] == epochs  # paused: nothing moves
    no_exception(page)


def test_a_shared_link_opens_its_comparison_and_names_bad_parameters(streamlit_app, page):
    query = "?dataset=spiral&hidden_layers=8,8&a.learning_rate=0.1&b.optimizer=adam&a.wings=2"
    open_compare(page, streamlit_app(APP), query)
    no_exception(page)
    assert page.get_by_text("a.wings=2").is_visible()
    assert "a.learning_rate=0.1" in page.url and "b.optimizer=adam" in page.url
    assert "wings" not in page.url
    assert page.locator("strong", has_text="learning rate 0.1").is_visible()
    assert page.locator("strong", has_text="Adam").is_visible()


def test_divergence_of_one_side_pauses_both_and_offers_a_reset(streamlit_app, page):
    query = "?dataset=plane&hidden_layers=8,8&b.learning_rate=10.0&speed=fast"
    open_compare(page, streamlit_app(APP), query)
    page.get_by_role("button", name="Play").click()
    message = page.get_by_test_id("stAlert").filter(has_text="B diverged")
    message.wait_for(timeout=LOAD_MS)
    assert "both sides are paused" in message.inner_text()
    assert page.get_by_role("button", name="Play").is_visible()
    no_exception(page)
    page.get_by_role("button", name="Reset both and try again").click()
    message.wait_for(state="detached", timeout=LOAD_MS)
    wait_for_counters(page, [0, 0])
    no_exception(page)
