"""The overfitting monitor on synthetic loss histories: gap, early stopping, status."""

from __future__ import annotations

import math

import numpy as np
import pytest

from playground.analysis.overfitting import (
    best_epoch,
    early_stop_epoch,
    fitted_change,
    generalization_gap,
    is_flat,
    overfitting_report,
    overfitting_report_for_trainer,
    training_status,
)
from playground.config import PlaygroundConfig
from playground.core.history import History
from playground.trainer import Trainer

EPOCHS = np.arange(1, 301, dtype=float)


def make_history(train: np.ndarray, test: np.ndarray, epochs: np.ndarray = EPOCHS) -> History:
    names = ("epoch", "step", "train_loss", "test_loss", "train_accuracy", "test_accuracy", "lr")
    history = History(names, n_layers=2)
    for epoch, train_loss, test_loss in zip(epochs, train, test, strict=True):
        row = dict.fromkeys(names, 0.0) | {
            "epoch": epoch,
            "train_loss": train_loss,
            "test_loss": test_loss,
        }
        history.append(row, np.ones(2), np.ones(2))
    return history


def overfitting_curves() -> tuple[np.ndarray, np.ndarray]:
    """Training loss keeps falling; the test loss bottoms out at epoch 100, then rises."""
    train = 0.1 + 0.6 * np.exp(-EPOCHS / 60)
    test = 0.25 + 0.45 * np.exp(-EPOCHS / 40) + 1e-3 * np.maximum(EPOCHS - 100, 0)
    test[99] -= 0.02  # make epoch 100 the clear best
    return train, test


# --- early stopping -----------------------------------------------------------------------------
def test_early_stop_keeps_the_epoch_after_which_patience_epochs_bring_no_improvement():
    losses = [5.0, 4.0, 3.0, 3.5, 3.2, 3.1, 3.05]
    assert early_stop_epoch(losses, patience=3) == 3  # epochs 4, 5, 6 do not beat epoch 3
    assert early_stop_epoch(losses, patience=4) == 3
    assert early_stop_epoch(losses, patience=5) is None  # it would still be waiting


def test_early_stop_restarts_the_wait_after_each_improvement():
    losses = [3.0, 2.0, 2.5, 1.0, 1.5, 1.6, 1.7]
    assert early_stop_epoch(losses, patience=1) == 2  # epoch 3 does not beat epoch 2: stop
    assert early_stop_epoch(losses, patience=2) == 4  # epoch 4 improves before the wait ends


def test_early_stop_counts_epochs_not_rows_in_a_thinned_history():
    losses, epochs = [3.0, 2.0, 2.5, 2.6, 2.7], [2, 4, 6, 8, 10]
    assert early_stop_epoch(losses, patience=5, epochs=epochs) == 4  # at epoch 10, 6 ≥ 5
    assert early_stop_epoch(losses, patience=7, epochs=epochs) is None


def test_early_stop_min_delta_and_non_finite_losses():
    assert early_stop_epoch([1.0, 0.999, 0.998, 0.997], patience=3, min_delta=0.01) == 1
    assert early_stop_epoch([1.0, math.nan, math.inf, math.nan], patience=3) == 1
    assert early_stop_epoch([], patience=3) is None
    with pytest.raises(ValueError, match="patience"):
        early_stop_epoch([1.0], patience=0)


def test_gap_and_best_epoch():
    np.testing.assert_allclose(generalization_gap([0.5, 0.3], [0.6, 0.5]), [0.1, 0.2])
    assert best_epoch([1, 2, 3, 4], [0.5, 0.2, 0.2, 0.4]) == 2
    assert best_epoch([1, 2], [math.nan, math.nan]) is None


def test_fitted_change_measures_the_change_over_the_window():
    epochs = np.arange(10.0)
    change = fitted_change(epochs, 1.0 - 0.02 * epochs)
    assert change == pytest.approx((-0.18, -0.18))
    assert fitted_change(epochs + 5, 2.0 - 0.02 * epochs) == pytest.approx((-0.18, -0.09))
    assert fitted_change(epochs, np.full(10, 0.3)) == pytest.approx((0.0, 0.0))
    assert is_flat((-0.0005, -0.5))  # half of a tiny loss is still under the 0.001 floor
    assert not is_flat((-0.02, -0.05))


# --- status -------------------------------------------------------------------------------------
def test_overfitting_since_the_best_test_epoch():
    train, test = overfitting_curves()
    status = training_status(EPOCHS, train, test, window=50)
    assert status.kind == "overfitting"
    assert status.label == "overfitting since epoch 100"
    assert status.best_epoch == 100
    # Not yet overfitting while fewer than `window` epochs have passed since the best.
    early = training_status(EPOCHS[:140], train[:140], test[:140], window=50)
    assert early.kind == "still_learning"


def test_still_learning_while_both_losses_fall():
    train, test = 0.7 * np.exp(-EPOCHS / 200), 0.75 * np.exp(-EPOCHS / 220)
    status = training_status(EPOCHS, train, test, initial_loss=0.7)
    assert status.kind == "still_learning"
    assert "fell by about" in status.message


def test_converged_when_a_near_zero_loss_only_shrinks_by_tiny_amounts():
    train, test = 0.002 * np.exp(-EPOCHS / 300), 0.006 * np.exp(-EPOCHS / 300)
    assert training_status(EPOCHS, train, test, initial_loss=0.7).kind == "converged"


def test_converged_when_both_losses_are_flat_over_the_window():
    rng = np.random.default_rng(0)
    train = 0.2 + 0.5 * np.exp(-EPOCHS / 10) + 1e-4 * rng.normal(size=EPOCHS.size)
    test = 0.25 + 0.5 * np.exp(-EPOCHS / 10) + 1e-4 * rng.normal(size=EPOCHS.size)
    assert training_status(EPOCHS, train, test, initial_loss=0.7).kind == "converged"


def test_not_learning_yet_when_the_loss_stays_at_its_start():
    flat = np.full(EPOCHS.size, 0.693)
    status = training_status(EPOCHS, flat, flat, initial_loss=0.6932)
    assert status.kind == "not_learning" and status.label == "not learning yet"
    assert training_status([], [], []).kind == "not_learning"


def test_diverged_by_flag_or_by_a_non_finite_loss():
    train, test = overfitting_curves()
    assert training_status(EPOCHS, train, test, diverged=True).kind == "diverged"
    test[-1] = math.inf
    assert training_status(EPOCHS, train, test).label == "diverged"


def test_report_from_a_history():
    train, test = overfitting_curves()
    report = overfitting_report(make_history(train, test), patience=20)
    np.testing.assert_allclose(report.gap, test - train)
    assert report.best_epoch == 100
    assert report.best_test_loss == pytest.approx(test[99])
    assert report.early_stop == 100
    assert report.status.kind == "overfitting"


def test_report_for_a_diverged_trainer_uses_its_explanation():
    trainer = Trainer(PlaygroundConfig(learning_rate=10.0, hidden_layers=(8, 8)))
    trainer.run_epochs(200)
    assert trainer.diverged
    report = overfitting_report_for_trainer(trainer)
    assert report.status.kind == "diverged"
    assert report.status.message == trainer.divergence
