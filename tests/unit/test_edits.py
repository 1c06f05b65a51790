"""A weight or bias set in the live view's editor: checked, applied, and trained on from."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from playground import PlaygroundConfig, Trainer
from playground.live.edits import EDIT_LIMIT, apply_edit, parse_edit
from playground.ui.widgets.live_view import parse_draw_event

ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 70),
    st.integers(),
    st.just(10**400),
    st.floats(allow_nan=True),
    st.text(max_size=3),
)


def linear_trainer() -> Trainer:
    """No hidden layer: the output is sigmoid(w1·x1 + w2·x2 + b), easy to predict by hand."""
    return Trainer(PlaygroundConfig(dataset="gauss", hidden_layers=()))


@settings(max_examples=300, deadline=None)
@given(
    action=st.sampled_from(["weight", "bias", "add", "remove", "other", None]),
    fields=st.dictionaries(
        st.sampled_from(["layer", "source", "target", "value", "network", "x", "y", "label"]),
        ANYTHING,
    ),
)
def test_any_event_is_parsed_or_refused_and_applying_never_raises(action, fields) -> None:
    trainer = Trainer(PlaygroundConfig(hidden_layers=(3, 2)))
    before = trainer.network.theta.copy()
    event = parse_draw_event({"action": action, **fields, "id": "x-1"})  # never raises
    if action not in ("weight", "bias"):
        return
    if event is None:
        return
    assert set(event) <= {"action", "layer", "source", "target", "value", "network"}
    assert math.isfinite(event["value"])
    changed = apply_edit(trainer, event)
    moved = np.flatnonzero(trainer.network.theta != before)
    assert len(moved) <= 1 and (changed or len(moved) == 0)


def test_an_edited_weight_and_bias_change_the_prediction_as_they_imply() -> None:
    trainer = linear_trainer()
    trainer.run_epochs(2)
    for event in (
        {"action": "weight", "layer": 0, "source": 0, "target": 0, "value": 2.0},
        {"action": "weight", "layer": 0, "source": 1, "target": 0, "value": -1.5},
        {"action": "bias", "layer": 0, "target": 0, "value": 0.25},
    ):
        assert apply_edit(trainer, parse_edit(event))
    probe = np.array([[0.8, -0.4]])
    expected = 1 / (1 + math.exp(-(2.0 * 0.8 - 1.5 * -0.4 + 0.25)))
    assert trainer.network.predict(probe)[0, 0] == expected
    # The numbers beside the epoch counter are those of the edited network, not the last epoch's.
    assert trainer.latest()["train_loss"] == trainer.evaluate()["train_loss"]
    assert trainer.latest()["train_loss"] != trainer.history[-1]["train_loss"]


def test_training_goes_on_from_the_edited_weight() -> None:
    edited, plain = linear_trainer(), linear_trainer()
    for trainer in (edited, plain):
        trainer.run_epochs(1)
    apply_edit(edited, {"action": "weight", "layer": 0, "source": 0, "target": 0, "value": -3.0})
    edited.run_steps(1)
    plain.network.params[0]["W"][0, 0] = -3.0  # the same step from the same weights
    plain.run_steps(1)
    np.testing.assert_array_equal(edited.network.theta, plain.network.theta)


def test_indices_outside_the_network_are_refused_and_values_clipped() -> None:
    trainer = Trainer(PlaygroundConfig(hidden_layers=(3, 2)))  # dense layers 2→3, 3→2, 2→1
    before = trainer.network.theta.copy()
    for event in (
        {"action": "weight", "layer": 3, "source": 0, "target": 0, "value": 1.0},
        {"action": "weight", "layer": 1, "source": 3, "target": 0, "value": 1.0},
        {"action": "weight", "layer": 2, "source": 0, "target": 1, "value": 1.0},
        {"action": "bias", "layer": 0, "target": 3, "value": 1.0},
    ):
        assert not apply_edit(trainer, parse_edit(event)), event
    np.testing.assert_array_equal(trainer.network.theta, before)
    assert apply_edit(trainer, {"action": "bias", "layer": 2, "target": 0, "value": 1e9})
    assert trainer.network.params[2]["b"][0] == EDIT_LIMIT
    for bad in (float("nan"), float("inf"), True, "1", None):
        assert parse_edit({"action": "bias", "layer": 0, "target": 0, "value": bad}) is None
    assert parse_edit({"action": "weight", "layer": 0, "target": 0, "value": 1.0}) is None
    assert parse_edit({"action": "bias", "layer": -1, "target": 0, "value": 1.0}) is None


def test_an_edit_made_on_a_network_since_rebuilt_is_dropped_and_a_fresh_one_shows_at_once() -> None:
    from playground.live.session import new_state
    from playground.ui.widgets.live_loop import handle_view_event

    handle = handle_view_event.__wrapped__  # without the session lock: no Streamlit session here
    state = new_state(PlaygroundConfig(dataset="gauss", hidden_layers=()))
    made_on = state.network
    state.reset()  # a Reset: the same shape, a new network
    assert state.network == made_on + 1
    before = state.trainer.network.theta.copy()
    stale = {"action": "bias", "layer": 0, "target": 0, "value": 3.0, "network": made_on}
    handle(state, stale)  # a resend of an edit from before the Reset
    np.testing.assert_array_equal(state.trainer.network.theta, before)
    assert not state.replace_queue
    handle(state, {**stale, "network": state.network})
    assert state.trainer.network.params[0]["b"][0] == 3.0 and state.replace_queue
