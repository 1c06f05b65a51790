"""Only a batch's first frame carries the points and the loss history; the renderer gives each
later frame the previous frame's, the history extended by the frame's own latest figures, and
draws exactly what it draws when every frame carries them.

Checked in a real browser without Streamlit (tests/browser/standalone_view.py) by comparing the
chart canvases' pixels and the output heatmap (where the points are drawn): a batch of
[a frame with everything, a later frame without] against the later frame sent whole.
"""

from __future__ import annotations

import pytest
from standalone_view import StandaloneView

from playground import PlaygroundConfig
from playground.live.frame_schema import CARRIED_KEYS
from playground.live.pacing import frame_payload, train_frames
from playground.live.session import new_state

CANVASES = """(root) => ["loss-chart", "metric-chart", "output-heatmap"].map((id) =>
  root.querySelector(`canvas[data-testid=${id}]`).toDataURL())"""


@pytest.fixture
def view(page) -> StandaloneView:
    page.set_viewport_size({"width": 1200, "height": 900})
    return StandaloneView(page)


def canvases(view: StandaloneView) -> list[str]:
    return view.root().evaluate(CANVASES)


def trained(epochs: int = 30):
    state = new_state(PlaygroundConfig(dataset="spiral"))
    state.view.show_test = True
    state.trainer.run_epochs(epochs)
    return state


@pytest.mark.parametrize("epochs_between", [0, 1])
def test_a_later_frame_draws_what_it_draws_when_sent_whole(view, epochs_between) -> None:
    state = trained()
    first = frame_payload(state)
    state.trainer.run_epochs(epochs_between)
    later = frame_payload(state, first=False)
    assert not set(CARRIED_KEYS) & set(later)
    view.show_batch([first, later])
    carried = canvases(view)
    view.show({**frame_payload(state), "frame": later["frame"] + 1})  # the same, sent whole
    assert canvases(view) == carried
    view.show({**first, "frame": later["frame"] + 2})
    assert (canvases(view)[:2] != carried[:2]) == bool(epochs_between)  # the curves grew


def test_only_the_first_frame_of_a_run_carries_the_points_and_history() -> None:
    state = new_state(PlaygroundConfig())
    state.playing = True
    state.tick()
    state.last_tick -= 0.2
    frames, _ = train_frames(state)
    assert len(frames) > 1
    assert set(CARRIED_KEYS) <= set(frames[0])
    assert all(not set(CARRIED_KEYS) & set(frame) for frame in frames[1:])
