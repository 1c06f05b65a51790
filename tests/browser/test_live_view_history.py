"""Only a run's first frame carries the loss history; the renderer extends it with each later
frame's latest values, and the charts come out exactly as if every frame had carried it.

Checked in a real browser without Streamlit (tests/browser/standalone_view.py), by comparing the
chart canvases' pixels: [a frame with the history, a later frame without] against [the later
frame with its own full history].
"""

from __future__ import annotations

import pytest
from standalone_view import StandaloneView

from playground import PlaygroundConfig
from playground.live.pacing import frame_payload, train_frames
from playground.live.session import new_state

CHARTS = """(root) => ["loss-chart", "metric-chart"].map((id) =>
  root.querySelector(`canvas[data-testid=${id}]`).toDataURL())"""


@pytest.fixture
def view(page) -> StandaloneView:
    page.set_viewport_size({"width": 1200, "height": 900})
    return StandaloneView(page)


def charts(view: StandaloneView) -> list[str]:
    return view.root().evaluate(CHARTS)


def test_a_frame_without_history_adds_a_point_only_for_a_new_epoch(view) -> None:
    state = new_state(PlaygroundConfig(dataset="spiral"))
    state.trainer.run_epochs(30)
    view.show(frame_payload(state))
    before = charts(view)
    view.show(frame_payload(state, history=False))  # the same epoch: nothing to add
    assert charts(view) == before
    state.trainer.run_epochs(1)
    view.show(frame_payload(state, history=False))
    assert charts(view) != before  # the curves grew by the new epoch


def test_one_epoch_later_without_history_draws_what_the_full_history_draws(view) -> None:
    state = new_state(PlaygroundConfig(dataset="spiral"))
    state.trainer.run_epochs(30)
    first = frame_payload(state)
    state.trainer.run_epochs(1)
    later = frame_payload(state, history=False)
    full = {**frame_payload(state), "frame": later["frame"] + 1}
    view.show(first)
    view.show(later)
    extended = charts(view)
    view.show(full)
    assert charts(view) == extended


def test_only_the_first_frame_of_a_run_carries_the_history() -> None:
    state = new_state(PlaygroundConfig())
    state.playing = True
    state.tick()
    state.last_tick -= 0.2
    frames, _ = train_frames(state)
    assert len(frames) > 1
    assert "history" in frames[0]
    assert all("history" not in frame for frame in frames[1:])
