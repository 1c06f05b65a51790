"""A stateful property test of `Trainer`: any sequence of what a class does to a playground.

Hypothesis drives a trainer through random sequences of live setting changes (optimizer, learning
rate up to the maximum, schedule, penalty, batch size, early stopping, optimizer hyperparameters),
training by steps, epochs and time budget, grid evaluation, a save/load round trip, resuming and
new data (subsets, down to no points at all). After every rule: nothing raised; the weights are
finite; unless training diverged, every number the trainer reports for sets that have points is
finite; the history's epochs rise and end at the trainer's epoch; and when the trainer sits at an
epoch boundary with the data it was recorded on, the history's last record describes the weights
in the network.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from playground import PlaygroundConfig, Trainer
from playground.config import LR_SCHEDULES, OPTIMIZERS, REGULARIZATIONS
from playground.data import make_features
from playground.live.frame import grid_points
from playground.model_io import model_from_bytes, model_to_bytes, trainer_from_model

LEARNING_RATES = [1e-5, 0.001, 0.03, 0.3, 1.0, 3.0, 10.0]
SETUPS = st.fixed_dictionaries(
    {
        "dataset": st.sampled_from(["circle", "xor", "spiral", "blobs", "plane", "multi_gauss"]),
        "n_samples": st.sampled_from([40, 120]),
        "noise": st.sampled_from([0.0, 0.3]),
        "features": st.sampled_from([("x1", "x2"), ("x1", "x2", "x1^2", "x2^2", "x1x2")]),
        "hidden_layers": st.sampled_from([(), (3,), (4, 2), (5, 5, 5)]),
        "activation": st.sampled_from(["tanh", "relu", "sigmoid", "linear"]),
        "batch_norm": st.booleans(),
        "dropout": st.sampled_from([0.0, 0.3]),
        "weight_init": st.sampled_from(["glorot", "zeros", "uniform"]),
        "optimizer": st.sampled_from(OPTIMIZERS),
        "seed": st.integers(0, 3),
    }
)
METRICS = ("train_loss", "test_loss")


class TrainerMachine(RuleBasedStateMachine):
    """One playground's trainer under a random walk of settings changes and training."""

    @initialize(setup=SETUPS)
    def start(self, setup: dict) -> None:
        self.trainer = Trainer(PlaygroundConfig(**setup))
        self.readings = 0

    def change(self, **changes) -> None:
        self.trainer.apply_config(self.trainer.config.replace(**changes))

    # --- live setting changes -----------------------------------------------------------------
    @rule(name=st.sampled_from(OPTIMIZERS))
    def optimizer(self, name: str) -> None:
        self.change(optimizer=name)

    @rule(rate=st.sampled_from(LEARNING_RATES))
    def learning_rate(self, rate: float) -> None:
        self.change(learning_rate=rate)

    @rule(name=st.sampled_from(OPTIMIZERS), rate=st.sampled_from(LEARNING_RATES))
    def optimizer_and_learning_rate(self, name: str, rate: float) -> None:
        """Both in one rerun, as when a student changes them quickly while a run is busy."""
        self.change(optimizer=name, learning_rate=rate)

    @rule(
        schedule=st.sampled_from(LR_SCHEDULES),
        decay=st.sampled_from([0.1, 0.5, 1.0]),
        every=st.integers(1, 20),
    )
    def schedule(self, schedule: str, decay: float, every: int) -> None:
        self.change(lr_schedule=schedule, lr_decay=decay, lr_decay_epochs=every)

    @rule(name=st.sampled_from(REGULARIZATIONS), rate=st.sampled_from([0.0, 0.001, 0.3, 10.0]))
    def penalty(self, name: str, rate: float) -> None:
        self.change(regularization=name, regularization_rate=rate)

    @rule(size=st.sampled_from([1, 7, 10, 30, 1000]))
    def batch_size(self, size: int) -> None:
        self.change(batch_size=size)

    @rule(patience=st.sampled_from([0, 1, 3, 20]))
    def early_stopping(self, patience: int) -> None:
        self.change(early_stopping=patience)

    @rule(
        momentum=st.sampled_from([0.0, 0.5, 0.99]),
        nesterov=st.booleans(),
        beta_1=st.sampled_from([0.0, 0.9]),
        beta_2=st.sampled_from([0.5, 0.999]),
        rho=st.sampled_from([0.0, 0.9]),
        epsilon=st.sampled_from([1e-12, 1e-8, 1.0]),
    )
    def optimizer_settings(self, **values) -> None:
        self.change(**values)

    # --- training -----------------------------------------------------------------------------
    @rule(steps=st.integers(1, 40))
    def train_steps(self, steps: int) -> None:
        self.trainer.run_steps(steps)

    @rule(epochs=st.integers(1, 4))
    def train_epochs(self, epochs: int) -> None:
        self.trainer.run_epochs(epochs)

    @rule(ms=st.integers(1, 30))
    def train_for(self, ms: int) -> None:
        """A time budget on a fake clock that ticks 1 ms per reading: the same run every time."""
        self.trainer.clock = self.tick
        self.trainer.run_for(ms / 1000)

    def tick(self) -> float:
        self.readings += 1
        return self.readings / 1000

    @rule()
    def resume(self) -> None:
        self.trainer.resume()

    # --- looking and moving -------------------------------------------------------------------
    @rule(resolution=st.sampled_from([1, 7, 25]))
    def evaluate_grid(self, resolution: int) -> None:
        points = grid_points(self.trainer.data.bounds, resolution)
        maps = self.trainer.network.evaluate_grid(self.trainer.features(points), reuse=True)
        assert maps.output.shape[0] == resolution**2
        assert np.all(np.isfinite(maps.output))

    @rule()
    def save_and_load(self) -> None:
        model = model_from_bytes(*model_to_bytes(self.trainer))
        loaded = trainer_from_model(model, data=self.trainer.data)
        inputs = self.trainer.data.inputs_test
        np.testing.assert_array_equal(
            loaded.network.predict(inputs), self.trainer.network.predict(inputs)
        )
        self.trainer = loaded

    @rule(keep=st.sampled_from([0.0, 0.1, 0.5, 1.0]), seed=st.integers(0, 9))
    def new_points(self, keep: float, seed: int) -> None:
        """Train on a random share of the points from here on (0: the user cleared them all)."""
        data, rng = self.trainer.data, np.random.default_rng(seed)
        train = rng.random(len(data.x_train)) < keep
        test = rng.random(len(data.x_test)) < keep
        x_train, x_test = data.x_train[train], data.x_test[test]
        self.trainer.set_dataset(
            dataclasses.replace(
                data,
                x_train=x_train,
                y_train=data.y_train[train],
                x_test=x_test,
                y_test=data.y_test[test],
                inputs_train=make_features(x_train, data.feature_names),
                inputs_test=make_features(x_test, data.feature_names),
            )
        )

    # --- invariants ---------------------------------------------------------------------------
    @invariant()
    def weights_are_finite(self) -> None:
        assert np.all(np.isfinite(self.trainer.network.theta))

    @invariant()
    def reported_numbers_are_finite(self) -> None:
        trainer = self.trainer
        if trainer.diverged:
            return
        latest = trainer.latest()
        sizes = {"train": len(trainer.inputs_train), "test": len(trainer.inputs_test)}
        for name, value in latest.items():
            if name.split("_")[0] in sizes and sizes[name.split("_")[0]] == 0:
                continue  # no points: no number (shown as a dash)
            assert np.all(np.isfinite(value)), (name, value, latest)

    @invariant()
    def history_ends_at_the_trainers_epoch(self) -> None:
        history = self.trainer.history
        if len(history):
            epochs = history.column("epoch")
            assert np.all(np.diff(epochs) > 0)
            assert history.last_epoch == self.trainer.epoch
            if not (self.trainer._position or self.trainer._data_changed):
                assert history[-1]["step"] == self.trainer.step

    @invariant()
    def last_record_describes_the_weights(self) -> None:
        trainer = self.trainer
        if not len(trainer.history) or trainer._position or trainer._data_changed:
            return
        record, now = trainer.history[-1], trainer.evaluate()
        for name, value in now.items():
            if math.isfinite(value):
                assert math.isclose(record[name], value, rel_tol=1e-9, abs_tol=1e-12), name


TrainerMachine.TestCase.settings = settings(
    max_examples=400,
    stateful_step_count=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
test_trainer_under_any_sequence_of_changes = TrainerMachine.TestCase
