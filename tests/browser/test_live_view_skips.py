"""Skip connections in the network diagram: a dashed arc per node that the skip joins, the
column title saying "+ in", and the node card naming the input the neuron adds."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from standalone_view import StandaloneView

from playground import PlaygroundConfig
from playground.live.session import new_state

# Dark pixels on the diagram canvas (not the link canvas): the node frames, the titles, the arcs.
DARK_PIXELS = """() => {
  const canvas = document.getElementById("host").shadowRoot
    .querySelector("canvas[data-testid=network-diagram]");
  const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
  let dark = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 100 && data[i - 1] < 120) dark += 1;
  return dark;
}"""


def frame(skip_connections: bool) -> dict:
    config = PlaygroundConfig(hidden_layers=(4, 4, 3), skip_connections=skip_connections)
    state = new_state(config)
    state.trainer.run_epochs(2)
    return state.frames.build(state.trainer, frame=1, status="paused")


@pytest.fixture
def view(page) -> StandaloneView:
    page.set_viewport_size({"width": 1200, "height": 900})
    return StandaloneView(page)


def test_the_diagram_draws_the_skips_and_says_which_layers_have_them(view, page) -> None:
    assert frame(False)["skips"] == [0, 0, 0]
    skipped = frame(True)
    assert skipped["skips"] == [0, 1, 0]  # only the second layer is as wide as the one before
    view.show(skipped)
    texts = [t["text"] for t in view.canvas_texts()]
    with_arcs = view.root().evaluate(DARK_PIXELS)
    assert "4 units + in" in texts and "3 units" in texts, texts
    # The same frame told it has no skips: the same maps, without the four dashed arcs.
    view.show({**skipped, "skips": [0, 0, 0], "frame": 2})
    texts = [t["text"] for t in view.canvas_texts()]
    assert not [t for t in texts if "+ in" in t], texts
    assert with_arcs > view.root().evaluate(DARK_PIXELS) + 40


def test_the_node_card_names_the_input_a_skipped_neuron_adds(view, page) -> None:
    view.show(frame(True))
    diagram = page.get_by_test_id("network-diagram")
    diagram.focus()
    card = page.get_by_test_id("node-detail")
    page.keyboard.press("ArrowRight")  # hidden 1, neuron 1: no skip
    expect(card).to_contain_text("Hidden 1 · neuron 1")
    expect(card).not_to_contain_text("(skip)")
    page.keyboard.press("ArrowRight")  # hidden 2, neuron 1: adds hidden 1's neuron 1
    expect(card).to_contain_text("Hidden 2 · neuron 1 + h1.1 (skip)")
