"""Settings changed while training runs: each takes effect at once and never breaks the trainer.

Regression tests for what a class found by clicking: an optimizer switched just before a step
diverged (the last good snapshot held the old optimizer's state), a learning rate that waited for
the next epoch, an early stop whose numbers described a later epoch, and custom points whose class
count did not suit the loss.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from playground import PlaygroundConfig, Trainer
from playground.config import ConfigError
from playground.data import load_csv, make_csv_dataset

# Squared features and linear units: SGD at rate 10 blows up within the epoch after the switch.
STEEP = PlaygroundConfig(
    dataset="plane",
    features=("x1", "x2", "x1^2", "x2^2", "x1x2"),
    hidden_layers=(8, 8),
    activation="linear",
    learning_rate=0.01,
)


@pytest.mark.parametrize(
    ("first", "second"), [("adam", "sgd"), ("rmsprop", "momentum"), ("adam", "momentum")]
)
def test_switching_optimizer_then_diverging_mid_epoch_does_not_raise(first, second) -> None:
    trainer = Trainer(STEEP.replace(optimizer=first))
    trainer.run_epochs(3)
    trainer.run_steps(5)  # mid-epoch: the last good snapshot is the end of epoch 3
    trainer.apply_config(STEEP.replace(optimizer=second, learning_rate=10.0))
    trainer.run_epochs(1)
    assert trainer.diverged and "last good epoch (3)" in trainer.divergence
    assert np.all(np.isfinite(trainer.network.theta))
    assert trainer.epoch == trainer.history[-1]["epoch"] == 3


def test_a_learning_rate_change_mid_epoch_applies_from_the_next_step() -> None:
    """Two runs that are equal up to a mid-epoch step, then take one SGD step with rates 0.3 and
    0.06: the same gradient, so their steps differ by the ratio of the rates."""
    config = PlaygroundConfig(learning_rate=0.03)
    fast, slow = Trainer(config), Trainer(config)
    for trainer in (fast, slow):
        trainer.run_steps(3)
    before = fast.network.theta.copy()
    fast.apply_config(config.replace(learning_rate=0.3))
    slow.apply_config(config.replace(learning_rate=0.06))
    fast.run_steps(1)
    slow.run_steps(1)
    np.testing.assert_allclose(fast.network.theta - before, 5 * (slow.network.theta - before))
    fast.run_epochs(1)
    assert fast.history[-1]["learning_rate"] == 0.3


def test_early_stopping_puts_back_counter_history_and_optimizer_of_the_best_epoch() -> None:
    config = PlaygroundConfig(
        dataset="xor", noise=0.5, train_ratio=0.1, hidden_layers=(16, 16, 16),
        optimizer="adam", learning_rate=0.03, early_stopping=20,
    )  # fmt: skip
    trainer = Trainer(config)
    trainer.run_epochs(400)
    assert trainer.stopped_early
    last = trainer.history[-1]
    assert last["epoch"] == trainer.epoch and last["step"] == trainer.step
    assert trainer.evaluate()["test_loss"] == pytest.approx(last["test_loss"])
    assert last["test_loss"] == min(trainer.history.column("test_loss"))
    assert trainer.optimizer.iterations == trainer.step


def test_points_with_three_classes_refuse_squared_error_by_name() -> None:
    rows = "\n".join(f"{x},{y},{(x + y) % 3}" for x in range(-3, 4) for y in range(-3, 4))
    data = make_csv_dataset(load_csv(rows), 0.5, 0, ("x1", "x2"))
    config = PlaygroundConfig(dataset="custom", problem="classification", loss="squared_error")
    with pytest.raises(ConfigError, match=r"3 classes.*cross_entropy") as error:
        Trainer(config, data=data)
    assert error.value.field == "loss"
    assert Trainer(config.replace(loss="cross_entropy"), data=data).network.spec.n_outputs == 3


def test_new_points_restart_early_stopping_so_no_old_record_comes_back() -> None:
    """Found by the state machine: the best epoch was measured on the old points, so stopping
    "early" against it put back a record of other data."""
    trainer = Trainer(PlaygroundConfig(n_samples=40, hidden_layers=(), early_stopping=1))
    trainer.run_epochs(1)
    data, rng = trainer.data, np.random.default_rng(0)
    train, test = rng.random(len(data.x_train)) < 0.1, rng.random(len(data.x_test)) < 0.1
    trainer.set_dataset(
        dataclasses.replace(
            data, x_train=data.x_train[train], y_train=data.y_train[train],
            inputs_train=data.inputs_train[train], x_test=data.x_test[test],
            y_test=data.y_test[test], inputs_test=data.inputs_test[test],
        )
    )  # fmt: skip
    trainer.run_epochs(1)
    assert trainer.epoch == 2 and not trainer.stopped_early
    assert trainer.history[-1]["train_loss"] == pytest.approx(trainer.evaluate()["train_loss"])
