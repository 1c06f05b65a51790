"""What a teacher sees: every label on the playground page reads in full, at the normal size and
in presenter mode, at 1280×720 and 1920×1080.

One server for the module; each test sets the window size, opens the page and asks the browser
where every word of the page's text was laid out: a word whose characters sit on two lines was
broken mid-word ("La / yer"), and an element narrower than its text clips it ("Checker…").
Screenshots go to $PLAYGROUND_TEST_OUTPUT or the test's tmp_path.
"""

from __future__ import annotations

import pytest
from test_playground import APP, LOAD_MS, no_exception, open_page

from playground.data import FEATURE_LABELS
from playground.ui.widgets.insights import TABS
from playground_harness import StreamlitServer

SIZES = [(1280, 720), (1920, 1080)]
TEN_LAYERS = "hidden_layers=" + ",".join(["4"] * 10)

# Words (a break after a hyphen or a slash is allowed) laid out on more than one line, and
# elements that hide part of their own text, inside the elements `roots` selects.
READ_TEXT = """(roots) => {
  const shown = (el) =>
    el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const where = (el) => el.closest("[data-testid]")?.getAttribute("data-testid") || el.tagName;
  const broken = [], clipped = [];
  for (const scope of document.querySelectorAll(roots)) {
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode()); ) {
      const el = node.parentElement;
      if (!node.textContent.trim() || !shown(el)) continue;
      const words = /[^\\s\\-–—\\/]+[\\-–—\\/]?/g;
      for (let m; (m = words.exec(node.textContent)); ) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const boxes = [...range.getClientRects()].filter((r) => r.width > 0);
        if (new Set(boxes.map((r) => Math.round(r.top))).size > 1) {
          broken.push(`${m[0]} in ${where(el)}`);
        }
      }
    }
    for (const el of scope.querySelectorAll("*")) {
      if (!shown(el) || el.children.length > 1 || !el.textContent.trim()) continue;
      const style = getComputedStyle(el);
      const hides = style.textOverflow === "ellipsis" || style.overflowX === "hidden";
      // (1 px wide: a skip link or live region, visually hidden on purpose)
      if (hides && el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1) {
        const text = el.textContent.trim().slice(0, 40);
        clipped.push(`${text} in ${where(el)} (${el.clientWidth} of ${el.scrollWidth} px)`);
      }
    }
  }
  return {broken, clipped};
}"""


@pytest.fixture(scope="module")
def app_url(tmp_path_factory) -> str:
    log = tmp_path_factory.mktemp("lecture-hall") / "streamlit.log"
    with StreamlitServer(APP, log=log) as server:
        yield server.url


def open_at(page, url: str, size: tuple[int, int]) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_page(page, url)
    page.wait_for_timeout(500)  # elements after the live view arrive a moment later


PAGE = '[data-testid="stSidebar"], [data-testid="stMain"]'


def assert_reads_in_full(page, roots: str = PAGE) -> None:
    text = page.evaluate(READ_TEXT, roots)
    assert text == {"broken": [], "clipped": []}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_feature_labels_read_in_full(app_url, page, output_dir, size):
    open_at(page, app_url, size)
    features = page.locator('[class*="-features"]').first
    features.get_by_test_id("stCheckbox").nth(len(FEATURE_LABELS) - 1).wait_for(timeout=LOAD_MS)
    labels = features.evaluate(
        """(box) => [...box.querySelectorAll('[data-testid="stCheckbox"]')].map((checkbox) => {
          const text = checkbox.querySelector('[data-testid="stMarkdownContainer"]');
          return {text: text.innerText, width: text.getBoundingClientRect().width,
                  scroll: text.scrollWidth, client: text.clientWidth};
        })"""
    )
    assert sorted(label["text"] for label in labels) == sorted(FEATURE_LABELS.values())
    for label in labels:
        assert label["width"] > 9, label  # 2 px before: only the checkbox and the ⓘ showed
        assert label["scroll"] <= label["client"] + 1, label
    features.screenshot(path=output_dir / f"features-{size[0]}x{size[1]}.png")


def test_ten_hidden_layers_label_their_inputs_without_breaking_words(app_url, page, output_dir):
    open_at(page, f"{app_url}/?{TEN_LAYERS}", SIZES[0])
    layers = page.locator('[class*="-hidden_layers"]').first
    expect_units = layers.get_by_test_id("stNumberInput")
    expect_units.nth(10).wait_for(timeout=LOAD_MS)  # "Hidden layers" and L1 … L10
    assert_reads_in_full(page, '[class*="-hidden_layers"]')
    layers.screenshot(path=output_dir / "ten-layers.png")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_presenter_mode_breaks_no_word_and_clips_no_label(app_url, page, output_dir, size):
    # A wrong parameter puts a warning on the page too.
    open_at(page, f"{app_url}/?presenter=1&learning_rate=oops&{TEN_LAYERS}", size)
    page.get_by_text("learning_rate=oops").wait_for(timeout=LOAD_MS)
    name = f"presenter-{size[0]}x{size[1]}"
    page.screenshot(path=output_dir / f"{name}.png")
    assert_reads_in_full(page)
    tab_list = page.get_by_role("tablist").first
    assert tab_list.evaluate("(list) => list.scrollWidth <= list.clientWidth + 1")
    for key, title in TABS.items():
        page.get_by_role("tab", name=title).click()
        panel = page.get_by_role("tabpanel", name=title)
        text = "stMarkdown" if key == "guide" else "stCaptionContainer"
        panel.get_by_test_id(text).first.wait_for(timeout=LOAD_MS)
        no_exception(page)
        assert_reads_in_full(page, '[data-testid="stTabs"]')
    page.screenshot(path=output_dir / f"{name}-tabs.png", full_page=True)
    page.get_by_role("button", name="Play").click()  # "Pause" is wider than "Play"
    page.get_by_role("button", name="Pause").wait_for(timeout=LOAD_MS)
    assert_reads_in_full(page, '[class*="st-key-main-training_bar"]')
