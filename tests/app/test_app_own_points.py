"""The user's own points at the worst moments: cleared, edited after a rebuild, played empty.

Regression tests for what a class found: "Clear all points" after a feature change reached the
page as a ValueError; Play on an empty drawing showed PLAYING and the old 100 %; removing a point
after an upload or a rebuild removed a different one (the browser's indices follow the trainer's
split, the removal indexed another copy of the points).
"""

from __future__ import annotations

import numpy as np
from apptest_helpers import button, live_views
from test_app_data_io import good_csv

from playground import PlaygroundConfig
from playground.live.pacing import NO_DATA, frame_payload
from playground.live.session import new_state
from playground.ui.widgets.data_io import apply_csv, handle_draw
from playground.ui.widgets.live_view import decode_payload

STATE = "live:main"


def draw_mode(playground_app):
    at = playground_app()
    at.toggle(key="main:drawing").set_value(True).run()
    assert not at.exception
    return at, at.session_state[STATE]


def test_clearing_points_after_a_feature_change_keeps_the_page_working(playground_app) -> None:
    at, state = draw_mode(playground_app)
    at.checkbox(key="main:feature_x1^2").check().run()  # a structural change: a new network
    assert not at.exception and "x1^2" in state.trainer.data.feature_names
    at.button(key="main:clear_points").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(state.trainer.inputs_train) == 0
    assert state.trainer.inputs_train.shape[1] == state.trainer.network.spec.n_inputs


def test_play_on_no_points_says_so_and_does_not_play(playground_app) -> None:
    at, state = draw_mode(playground_app)
    at.button(key="main:clear_points").click().run()
    button(at, "main:play").click().run()
    assert not at.exception and not state.playing
    assert any(NO_DATA in info.value for info in at.info)
    payload = decode_payload(live_views(at)[0].proto.bytes)
    assert payload["status"] == "no_data" and payload["status_text"] == NO_DATA
    # No old 100 %: with no points there is no loss and no accuracy to show.
    assert payload["train_loss"] is None and payload["train_metric"] is None
    handle_draw(state, {"action": "add", "x": 1.0, "y": 1.0, "label": 1.0})
    button(at, "main:play").click().run()
    assert state.playing and frame_payload(state)["status"] == "playing"


def all_points(data) -> np.ndarray:
    return np.vstack([data.x_train, data.x_test])


def test_removing_a_point_after_an_upload_and_a_rebuild_removes_the_one_shown() -> None:
    state = new_state(PlaygroundConfig())
    assert apply_csv(state, "mine.csv", good_csv())[0] == "success"
    state.rebuild(state.config.replace(train_ratio=0.7))  # a new split of the same points
    for index in (0, len(state.trainer.data.x_train) + 2):  # a training and a test point
        shown = all_points(state.trainer.data)  # what the browser has, in its order
        handle_draw(state, {"action": "remove", "index": index})
        left = all_points(state.trainer.data)
        assert len(left) == len(shown) - 1
        assert not any(np.allclose(point, shown[index]) for point in left)
