"""The playground page under AppTest: a setting that keeps the model's structure keeps its
training state; a structural one rebuilds the network and keeps playing.

Helpers and conventions: tests/app/playground_page.py.
"""

from __future__ import annotations

import numpy as np
import pytest
from playground_page import CLICK, act, expected, play, run_until, state, widget

# --- structural vs non-structural changes ----------------------------------------------------
NON_STRUCTURAL = [
    ("learning_rate", 0.1),
    ("optimizer", "adam"),
    ("regularization_rate", 0.01),
    ("regularization", "l2"),
    ("lr_schedule", "cosine"),
    ("batch_size", 30),
]
STRUCTURAL = [
    ("pick_spiral", CLICK),
    ("noise", 10),
    ("n_layers", 3),
    ("units_0", 6),
    ("activation", "relu"),
    ("feature_x1^2", True),
    ("batch_norm", True),
    ("weight_init", "he"),
    ("seed", 7),
]


@pytest.mark.parametrize(("name", "value"), NON_STRUCTURAL, ids=[n for n, _ in NON_STRUCTURAL])
def test_non_structural_change_keeps_training_state(playground_app, name, value):
    at = play(playground_app())
    act(at, "main:play")  # pause, so the weights stand still
    s = state(at)
    assert not s.playing
    trainer, epoch, step = s.trainer, s.trainer.epoch, s.trainer.step
    theta = trainer.network.theta.copy()
    act(at, f"main:{name}", value)
    s = state(at)
    assert s.trainer is trainer
    assert (s.trainer.epoch, s.trainer.step) == (epoch, step)
    np.testing.assert_array_equal(s.trainer.network.theta, theta)
    assert s.trainer.config == s.config
    assert getattr(s.trainer.settings, name) == expected(value)
    act(at, "main:play")  # and training goes on from there
    run_until(at, lambda s: s.trainer.epoch > epoch)
    assert state(at).trainer is trainer


def test_learning_rate_change_while_playing_keeps_playing_and_epochs(playground_app):
    at = play(playground_app())
    trainer, epoch = state(at).trainer, state(at).trainer.epoch
    act(at, "main:learning_rate", 0.1)
    s = state(at)
    assert s.playing
    assert s.trainer is trainer
    assert s.trainer.epoch >= epoch
    assert s.trainer.learning_rate == 0.1


@pytest.mark.parametrize(("name", "value"), STRUCTURAL, ids=[n for n, _ in STRUCTURAL])
def test_structural_change_rebuilds_and_keeps_playing(playground_app, name, value):
    at = play(playground_app())
    old = state(at).trainer
    assert old.epoch > 0
    act(at, f"main:{name}", value)
    s = state(at)
    assert s.trainer is not old
    assert s.trainer.epoch == 0
    assert s.trainer.config == s.config != old.config
    assert s.playing
    assert widget(at, "main:play").label == "Pause"
    run_until(at, lambda s: s.trainer.epoch > 0)  # the new network trains on its own
