"""The trainer: determinism, learning, history, time budgets, settings changes and divergence."""

from __future__ import annotations

import gc
import math
import threading
import weakref

import numpy as np
import pytest

from playground import PlaygroundConfig, Trainer
from playground.core.history import History
from playground.live.frame import grid_points


def histories_equal(a: Trainer, b: Trainer) -> None:
    for name in a.history.scalar_names:
        np.testing.assert_array_equal(a.history.column(name), b.history.column(name))
    np.testing.assert_array_equal(a.history.column("grad_norms"), b.history.column("grad_norms"))


@pytest.mark.parametrize(
    "settings",
    [
        dict(dataset="spiral", noise=0.1, hidden_layers=(8, 8), optimizer="adam"),
        dict(dataset="blobs", n_classes=4, dropout=0.3, batch_norm=True, optimizer="rmsprop"),
        dict(
            dataset="multi_gauss",
            hidden_layers=(6,),
            regularization="l1",
            regularization_rate=0.001,
            optimizer="momentum",
            nesterov=True,
        ),
    ],
)
def test_same_config_and_seed_give_the_same_run_to_the_bit(settings: dict) -> None:
    cfg = PlaygroundConfig(seed=11, **settings)
    first, second = Trainer(cfg), Trainer(cfg)
    np.testing.assert_array_equal(first.data.x_train, second.data.x_train)
    np.testing.assert_array_equal(first.network.theta, second.network.theta)
    first.run_epochs(15)
    second.run_epochs(15)
    np.testing.assert_array_equal(first.network.theta, second.network.theta)
    histories_equal(first, second)


def test_steps_and_epochs_add_up_however_they_are_split() -> None:
    cfg = PlaygroundConfig(dataset="xor", batch_size=7)
    whole, pieces = Trainer(cfg), Trainer(cfg)
    whole.run_epochs(4)
    steps_per_epoch = math.ceil(len(whole.inputs_train) / 7)
    for chunk in (5, 13, steps_per_epoch * 4 - 18):
        pieces.run_steps(chunk)
    assert whole.step == pieces.step == steps_per_epoch * 4
    assert whole.epoch == pieces.epoch == 4
    np.testing.assert_array_equal(whole.network.theta, pieces.network.theta)


def test_a_different_seed_gives_different_data_and_weights() -> None:
    a, b = Trainer(PlaygroundConfig(seed=1)), Trainer(PlaygroundConfig(seed=2))
    assert not np.array_equal(a.data.x_train, b.data.x_train)
    assert not np.array_equal(a.network.theta, b.network.theta)


@pytest.mark.parametrize(
    ("dataset", "layers", "epochs"), [("gauss", (4, 2), 50), ("xor", (8,), 150)]
)
def test_learns_gauss_and_xor_to_95_percent(dataset: str, layers: tuple, epochs: int) -> None:
    # A fixed number of epochs keeps the test deterministic; at ~1,000 epochs/s this is well
    # under a second of training (bench_core.py measures the speed).
    trainer = Trainer(PlaygroundConfig(dataset=dataset, hidden_layers=layers))
    trainer.run_epochs(epochs)
    assert trainer.history[-1]["test_accuracy"] >= 0.95


def test_regression_learns_the_plane() -> None:
    trainer = Trainer(PlaygroundConfig(dataset="plane", hidden_layers=(4,)))
    trainer.run_epochs(40)
    assert trainer.history[-1]["test_r2"] > 0.95


def test_history_records_every_epoch_with_its_fields() -> None:
    trainer = Trainer(PlaygroundConfig(dataset="circle", hidden_layers=(4, 3)))
    trainer.run_epochs(5)
    assert len(trainer.history) == 5
    record = trainer.history[-1]
    assert record["epoch"] == 5 and record["step"] == trainer.step
    assert set(record) >= {
        "train_loss",
        "test_loss",
        "train_accuracy",
        "test_accuracy",
        "learning_rate",
        "grad_norms",
        "weight_norms",
    }
    assert len(record["grad_norms"]) == len(record["weight_norms"]) == 3
    assert record["weight_norms"][0] == pytest.approx(
        np.linalg.norm(trainer.network.params[0]["W"])
    )
    assert trainer.history.column("train_loss")[-1] == pytest.approx(
        trainer.network.evaluate(trainer.inputs_train, trainer.y_train)
    )


def test_history_thins_itself_but_keeps_the_newest_epoch() -> None:
    history = History(("epoch", "step"), n_layers=1, capacity=100)
    for epoch in range(1, 1001):
        history.append({"epoch": epoch, "step": epoch * 3}, np.zeros(1), np.zeros(1))
    assert len(history) <= 101
    assert history[-1]["epoch"] == 1000
    epochs = history.column("epoch")
    assert np.all(np.diff(epochs) > 0)
    assert history.stride == 16 and np.all(epochs[:-1] % 16 == 0)


def test_run_for_respects_its_time_budget() -> None:
    """Time is counted on an injected clock (1 ms per reading), so a busy machine cannot fail it."""
    trainer = Trainer(PlaygroundConfig(dataset="spiral", hidden_layers=(8, 8)))
    readings = iter(range(10**6))
    trainer.clock = lambda: next(readings) / 1000.0
    steps = trainer.run_for(0.2)
    # One reading sets the deadline, then about one per step: it stops once 200 ms have passed.
    assert 150 <= steps <= 200
    assert next(readings) <= 1 + steps + steps // 25 + 2  # a step or two past the deadline at most


def test_changing_the_learning_rate_keeps_the_weights_and_the_epoch() -> None:
    cfg = PlaygroundConfig(dataset="gauss")
    trainer = Trainer(cfg)
    trainer.run_epochs(3)
    theta = trainer.network.theta.copy()
    trainer.apply_config(
        cfg.replace(
            learning_rate=0.3,
            regularization="l2",
            regularization_rate=0.01,
            optimizer="adam",
            batch_size=25,
        )
    )
    np.testing.assert_array_equal(trainer.network.theta, theta)
    assert trainer.epoch == 3
    assert trainer.settings.learning_rate == 0.3 and trainer.network.regularization_rate == 0.01
    trainer.run_epochs(1)
    assert trainer.history[-1]["learning_rate"] == 0.3
    with pytest.raises(ValueError, match="new Trainer"):
        trainer.apply_config(cfg.replace(hidden_layers=(3,)))


def test_l1_drives_some_weights_to_exactly_zero() -> None:
    cfg = PlaygroundConfig(
        dataset="gauss", hidden_layers=(8, 8), regularization="l1", regularization_rate=0.01
    )
    trainer = Trainer(cfg)
    trainer.run_epochs(100)
    weights = np.concatenate([p["W"].ravel() for p in trainer.network.params])
    assert (weights == 0.0).sum() >= 10
    l2 = Trainer(cfg.replace(regularization="l2"))
    l2.run_epochs(100)
    assert not np.any(np.concatenate([p["W"].ravel() for p in l2.network.params]) == 0.0)


def test_divergence_stops_keeps_the_last_good_weights_and_says_why() -> None:
    trainer = Trainer(PlaygroundConfig(dataset="plane", hidden_layers=(8, 8), learning_rate=10.0))
    trainer.run_epochs(50)
    assert trainer.diverged
    assert "diverged at step" in trainer.divergence and "learning rate (10)" in trainer.divergence
    assert np.all(np.isfinite(trainer.network.theta))
    assert trainer.epoch == len(trainer.history)  # only good epochs are recorded
    assert all(np.isfinite(trainer.history.column("train_loss")))
    assert trainer.run_epochs(5) == 0  # stays stopped until reset
    predictions = trainer.predict_points(trainer.data.x_test)
    assert np.all(np.isfinite(predictions))


def test_predictions_are_probabilities_for_each_output_kind() -> None:
    binary = Trainer(PlaygroundConfig(dataset="circle"))
    p = binary.predict_points(binary.data.x_test)
    assert p.shape == (len(binary.data.x_test), 1) and np.all((p >= 0) & (p <= 1))
    multi = Trainer(PlaygroundConfig(dataset="blobs", n_classes=5))
    q = multi.predict_points(multi.data.x_test)
    assert q.shape == (len(multi.data.x_test), 5)
    np.testing.assert_allclose(q.sum(axis=1), 1.0)


def test_grid_evaluation_matches_predict_and_returns_every_neuron() -> None:
    trainer = Trainer(
        PlaygroundConfig(
            dataset="circle",
            hidden_layers=(5, 3),
            batch_norm=True,
            features=("x1", "x2", "x1^2", "sin_x2"),
        )
    )
    trainer.run_epochs(3)
    points = np.random.default_rng(0).uniform(-6, 6, size=(400, 2))
    inputs = trainer.features(points)
    maps = trainer.network.evaluate_grid(inputs.astype(np.float32))
    assert maps.output.dtype == np.float32 and maps.output.shape == (400, 1)
    np.testing.assert_allclose(maps.output, trainer.network.predict(inputs), atol=1e-5)
    assert [h.shape for h in maps.hidden] == [(5, 400), (3, 400)]
    assert all(h.dtype == np.float32 for h in maps.hidden)
    assert np.all(np.abs(maps.hidden[0]) <= 1.0)  # tanh


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "leaky_relu"])  # ufunc or not
def test_grid_evaluation_into_kept_buffers_matches_a_fresh_one(activation: str) -> None:
    config = PlaygroundConfig(hidden_layers=(6, 4), activation=activation, batch_norm=True)
    trainer = Trainer(config)
    inputs = trainer.features(grid_points((-6.0, 6.0), 20)).astype(np.float32)
    first = trainer.network.evaluate_grid(inputs, reuse=True)
    trainer.run_epochs(2)  # new weights: the kept buffers must hold the new maps
    again = trainer.network.evaluate_grid(inputs, reuse=True)
    fresh = trainer.network.evaluate_grid(inputs)
    assert all(a is b for a, b in zip(first.hidden, again.hidden, strict=True))  # no new memory
    np.testing.assert_array_equal(again.output, fresh.output)
    for kept, new in zip(again.hidden, fresh.hidden, strict=True):
        np.testing.assert_array_equal(kept, new)


def test_kept_grid_maps_belong_to_the_thread_and_go_with_it() -> None:
    """A session's run builds its frames in a thread of its own: the maps kept for reuse must
    not stay with the network (a closed tab waits minutes to expire), nor cross threads."""
    trainer = Trainer(PlaygroundConfig(hidden_layers=(6, 4)))
    inputs = trainer.features(grid_points((-6.0, 6.0), 20)).astype(np.float32)
    maps = []

    def run() -> None:
        maps.append(trainer.network.evaluate_grid(inputs, reuse=True))
        maps.append(trainer.network.evaluate_grid(inputs, reuse=True))

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    assert maps[0].hidden[0] is maps[1].hidden[0]  # reused inside the thread
    kept = weakref.ref(maps[0].hidden[0])
    maps.clear()
    gc.collect()
    assert kept() is None  # nothing outside the ended thread held on to them


def test_two_networks_of_one_shape_in_one_thread_take_turns_with_the_kept_maps() -> None:
    """They share the thread's arrays (by design): each call's maps are right until the next."""
    left, right = Trainer(PlaygroundConfig(seed=1)), Trainer(PlaygroundConfig(seed=2))
    inputs = left.features(grid_points((-6.0, 6.0), 20)).astype(np.float32)
    for trainer in (left, right, left):
        kept = trainer.network.evaluate_grid(inputs, reuse=True).output.copy()
        np.testing.assert_array_equal(kept, trainer.network.evaluate_grid(inputs).output)


def test_a_loss_that_rises_instead_of_falling_counts_as_divergence() -> None:
    # Learning rate 10 with sigmoid neurons: no NaN, but the steps overshoot and the loss
    # oscillates above where it started.
    trainer = Trainer(PlaygroundConfig(dataset="circle", activation="sigmoid", learning_rate=10))
    trainer.run_epochs(300)
    assert trainer.diverged and "rose instead of falling" in trainer.divergence


@pytest.mark.parametrize(
    "settings",
    [
        dict(dataset="spiral", noise=0.5, hidden_layers=(8, 8), learning_rate=0.3),
        dict(dataset="circle", noise=0.5),
        dict(dataset="xor", noise=0.5, hidden_layers=(4,), learning_rate=1.0),
        dict(dataset="blobs", noise=0.5, learning_rate=3.0),
    ],
)
def test_healthy_noisy_runs_never_count_as_diverged(settings: dict) -> None:
    trainer = Trainer(PlaygroundConfig(**settings))
    trainer.run_epochs(300)
    assert not trainer.diverged, trainer.divergence


# Few noisy points and a big network overfit quickly (the overfitting lesson's setting).
OVERFITTING = PlaygroundConfig(
    dataset="xor",
    noise=0.5,
    train_ratio=0.1,
    hidden_layers=(16, 16, 16),
    optimizer="adam",
    learning_rate=0.03,
)


def test_early_stopping_restores_the_best_epoch_and_stops() -> None:
    cfg = OVERFITTING.replace(early_stopping=20)
    trainer = Trainer(cfg)
    trainer.run_epochs(400)
    assert trainer.stopped_early and "Stopped early" in trainer.stop_message
    test_losses = trainer.history.column("test_loss")
    best = int(np.argmin(test_losses))
    # Everything goes back to the best epoch: the weights, the counter and the history's end.
    assert best == len(test_losses) - 1 and trainer.epoch == trainer.history[-1]["epoch"]
    assert f"Stopped early at epoch {trainer.epoch + 20}" in trainer.stop_message
    assert trainer.evaluate() == pytest.approx(
        {k: v for k, v in trainer.history[-1].items() if k in trainer.evaluate()}
    )
    assert trainer.run_epochs(5) == 0
    trainer.apply_config(cfg.replace(early_stopping=0))  # turning it off lets training go on
    assert not trainer.stopped_early and trainer.run_epochs(2) > 0


def test_without_early_stopping_the_same_run_goes_on() -> None:
    trainer = Trainer(OVERFITTING)
    trainer.run_epochs(200)
    assert trainer.epoch == 200 and not trainer.stopped_early


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_no_points_give_a_nan_loss_quietly() -> None:
    """A drawn dataset can be cleared to nothing: the loss is NaN, and NumPy does not warn."""
    network = Trainer(PlaygroundConfig()).network
    assert math.isnan(network.evaluate(np.empty((0, 2)), np.empty(0)))
