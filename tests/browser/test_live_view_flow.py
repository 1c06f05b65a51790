"""Flow control: a playing view asks for its next batch ("more") when few frames are left to
play, once per batch, again if no batch comes, never while paused, hidden or timer-driven.

Checked in a real browser without Streamlit (tests/browser/standalone_view.py): the renderer's
trigger calls are recorded in `window.triggers`.
"""

from __future__ import annotations

import base64

import pytest
from standalone_view import SEND, StandaloneView

from playground import PlaygroundConfig
from playground.live.frame_schema import FLOW_CONTROL
from playground.live.frame_wire import encode_frames
from playground.live.pacing import frame_payload
from playground.live.session import new_state

ASKS = "() => window.triggers.filter(([name]) => name === 'more').length"
HIDE = """(hidden) => {
  Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
  document.dispatchEvent(new Event("visibilitychange"));
}"""


@pytest.fixture
def view(page) -> StandaloneView:
    page.set_viewport_size({"width": 1200, "height": 900})
    return StandaloneView(page)


def batch(state, count: int, flow: float, status: str = "playing") -> list[dict]:
    frames = [frame_payload(state, first=index == 0) for index in range(count)]
    return [{**frame, "status": status, "flow": flow} for frame in frames]


def send(view: StandaloneView, frames: list[dict], spacing: float) -> None:
    """Hand the renderer one message without waiting for it to be drawn."""
    message = base64.b64encode(encode_frames(frames, spacing)).decode()
    view.page.evaluate(SEND, message)


def asks(view: StandaloneView) -> int:
    return view.page.evaluate(ASKS)


def test_a_playing_view_asks_once_when_its_frames_run_low_and_again_if_nothing_comes(
    view,
) -> None:
    state = new_state(PlaygroundConfig())
    send(view, batch(state, 6, flow=0.1), spacing=0.1)  # 0.5 s of frames left to play
    view.page.wait_for_timeout(200)
    assert asks(view) == 0  # still 0.3 s left: more than the 0.1 s it asks ahead
    view.page.wait_for_function(f"() => ({ASKS})() === 1", timeout=2_000)
    watchdog_ms = 1000 * FLOW_CONTROL["watchdog_min_s"]
    view.page.wait_for_timeout(watchdog_ms - 500)
    # One ask per batch, and no second one while a slow server may still be answering: an ask
    # again starts a new run, and Streamlit drops the unsent frames of the run before.
    assert asks(view) == 1
    view.page.wait_for_function(f"() => ({ASKS})() === 2", timeout=2_000)  # the watchdog
    send(view, batch(state, 1, flow=0.1), spacing=0.0)  # a batch came: nothing left, ask now
    view.page.wait_for_function(f"() => ({ASKS})() === 3", timeout=1_000)


@pytest.mark.parametrize(("flow", "status"), [(0.0, "playing"), (0.1, "paused"), (0.1, "diverged")])
def test_a_timer_driven_paused_or_stopped_view_never_asks(view, flow, status) -> None:
    state = new_state(PlaygroundConfig())
    send(view, batch(state, 2, flow=flow, status=status), spacing=0.05)
    view.page.wait_for_timeout(1_500)
    assert asks(view) == 0


def test_a_hidden_tab_asks_for_nothing_until_it_is_shown(view) -> None:
    state = new_state(PlaygroundConfig())
    view.page.evaluate(HIDE, True)
    send(view, batch(state, 2, flow=0.1), spacing=0.05)
    view.page.wait_for_timeout(1_500)  # past the frames and the watchdog
    assert asks(view) == 0
    view.page.evaluate(HIDE, False)
    view.page.wait_for_function(f"() => ({ASKS})() === 1", timeout=1_000)
