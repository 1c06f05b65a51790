"""Is the network still learning, or has it started to memorize? Read from the loss history.

The training loss says how well the network fits the points it learns from; the test loss, how
well it does on points it has never seen. While both fall, the network is learning something
that generalizes. When the test loss turns up while the training loss keeps falling, the network
has begun to fit the noise of its training points — it is overfitting — and the gap between the
two curves (test − train, the generalization gap) widens. Early stopping keeps the weights of the
epoch with the lowest test loss and stops once `patience` epochs pass without a new best. This
module computes the gap, that epoch, and a status in plain words: "still learning", "overfitting
since epoch N", "diverged", "not learning yet" or "converged" (each defined in `training_status`).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from playground.core.history import History

if TYPE_CHECKING:
    from playground.core.training import TrainingLoop

Array = np.ndarray
PATIENCE = 50  # epochs: the early-stopping patience and the window the status looks back over
RISE_TOLERANCE = 0.05  # the test loss must be 5 % above its best to count as risen ...
RISE_FLOOR = 1e-3  # ... and at least this much above it (tiny losses jitter by large ratios)
FLAT_TOLERANCE = 0.01  # a loss whose fitted trend changes < 1 % over the window is flat ...
FLAT_FLOOR = 1e-3  # ... or by less than this (a loss near zero can keep shrinking by ratios)
LEARNING_THRESHOLD = 0.01  # a training loss 1 % below its start has begun to learn


@dataclass(frozen=True)
class TrainingStatus:
    """kind: 'still_learning', 'overfitting', 'diverged', 'not_learning' or 'converged';
    label: the status in a few plain words; message: one or two sentences of explanation."""

    kind: str
    label: str
    message: str
    best_epoch: int | None = None


@dataclass(frozen=True)
class OverfittingReport:
    """The loss curves, their gap, the best test epoch, early stopping and the status.

    epochs, train_loss, test_loss, gap: (T,) per recorded epoch; gap = test_loss − train_loss.
    early_stop: the epoch whose weights early stopping with `patience` would keep, or None if
    it would not have stopped yet (it stops `patience` epochs after that one).
    """

    epochs: Array
    train_loss: Array
    test_loss: Array
    gap: Array
    best_epoch: int | None
    best_test_loss: float
    early_stop: int | None
    patience: int
    status: TrainingStatus


def generalization_gap(train_loss: Array, test_loss: Array) -> Array:
    """(T,) test − train loss per epoch: how much worse the network does on unseen points."""
    return np.asarray(test_loss, dtype=np.float64) - np.asarray(train_loss, dtype=np.float64)


def best_epoch(epochs: Array, test_losses: Array) -> int | None:
    """The (first) epoch with the lowest finite test loss, or None if there is none."""
    losses = np.asarray(test_losses, dtype=np.float64)
    finite = np.isfinite(losses)
    if not finite.any():
        return None
    return int(np.asarray(epochs)[np.flatnonzero(finite)[np.argmin(losses[finite])]])


def early_stop_epoch(
    test_losses: Array, patience: int, epochs: Array | None = None, min_delta: float = 0.0
) -> int | None:
    """The epoch whose weights early stopping would keep, or None if it would not stop yet.

    Early stopping watches the test loss; an epoch improves on the best so far when its loss is
    lower by more than `min_delta`. It stops at the first moment `patience` epochs have passed
    since the last improvement, and keeps that epoch's weights: this returns that epoch, the
    first epoch after which `patience` epochs pass without improvement.

    Parameters
    ----------
    test_losses : (T,) test loss per recorded epoch (non-finite values never improve).
    patience : epochs to wait for an improvement, >= 1.
    epochs : (T,) epoch numbers of the losses (the history may skip epochs when it thins
        itself); default 1, 2, …, T.
    min_delta : the smallest decrease that counts as an improvement.
    """
    if patience < 1:
        raise ValueError(f"patience must be at least 1 epoch, got {patience}")
    losses = np.asarray(test_losses, dtype=np.float64)
    epoch_numbers = np.arange(1, losses.size + 1) if epochs is None else np.asarray(epochs)
    best, best_at = math.inf, None
    for epoch, loss in zip(epoch_numbers.tolist(), losses.tolist(), strict=True):
        if loss < best - min_delta:
            best, best_at = loss, int(epoch)
        elif best_at is not None and epoch - best_at >= patience:
            return best_at
    return None


def fitted_change(epochs: Array, values: Array) -> tuple[float, float]:
    """How much the least-squares line through (epochs, values) changes across its span.

    Returns
    -------
    (absolute change, change relative to the line's starting value): (−0.02, −0.2) means the
    loss fell by about 0.02, 20 % of where it was at the start of these epochs.
    """
    epochs, values = np.asarray(epochs, dtype=np.float64), np.asarray(values, dtype=np.float64)
    if epochs.size < 2 or epochs[-1] == epochs[0]:
        return 0.0, 0.0
    slope, intercept = np.polyfit(epochs, values, 1)
    change = float(slope * (epochs[-1] - epochs[0]))
    start = abs(float(slope * epochs[0] + intercept))
    return change, change / max(start, 1e-12)


def is_flat(change: tuple[float, float]) -> bool:
    """A fitted change below 1 % of the loss, or below 0.001 in absolute terms, is flat."""
    absolute, relative = change
    return abs(relative) < FLAT_TOLERANCE or abs(absolute) < FLAT_FLOOR


def training_status(
    epochs: Array,
    train_loss: Array,
    test_loss: Array,
    window: int = PATIENCE,
    diverged: bool = False,
    initial_loss: float | None = None,
) -> TrainingStatus:
    """The state of training in plain words, decided in this order:

    - diverged: `diverged` is set (the trainer stopped) or the last loss is not finite.
    - not learning yet: no epoch yet, or the training loss is not 1 % below where it started
      (`initial_loss`, the loss before training, else the first recorded epoch's).
    - overfitting since epoch N: N is the epoch of the lowest test loss; at least `window`
      epochs have passed since N, the test loss is now more than 5 % (and 0.001) above that
      best, and the training loss is lower than it was at N.
    - converged: `window` epochs recorded and the trends of both losses over the last `window`
      epochs (least-squares lines) change them by less than 1 % or less than 0.001.
    - still learning: anything else.

    Parameters
    ----------
    epochs, train_loss, test_loss : (T,) per recorded epoch.
    """
    epochs = np.asarray(epochs, dtype=np.float64)
    train_loss = np.asarray(train_loss, dtype=np.float64)
    test_loss = np.asarray(test_loss, dtype=np.float64)
    if diverged or (epochs.size and not np.isfinite([train_loss[-1], test_loss[-1]]).all()):
        return TrainingStatus(
            "diverged",
            "diverged",
            "Diverged: the loss blew up, so training stopped. Lower the learning rate and reset.",
        )
    start = initial_loss if initial_loss is not None else (train_loss[0] if epochs.size else 0)
    if not epochs.size or train_loss[-1] > (1.0 - LEARNING_THRESHOLD) * start:
        now = f"{train_loss[-1]:.3g}" if epochs.size else "—"
        return TrainingStatus(
            "not_learning",
            "not learning yet",
            f"Not learning yet: the training loss ({now}) is still where it started "
            f"({start:.3g}). Give it time, or try a larger learning rate.",
        )
    best = best_epoch(epochs, test_loss)
    overfitting = _overfitting_status(epochs, train_loss, test_loss, best, window)
    return overfitting or _trend_status(epochs, train_loss, test_loss, best, window)


def _overfitting_status(
    epochs: Array, train_loss: Array, test_loss: Array, best: int | None, window: int
) -> TrainingStatus | None:
    """Overfitting since the best epoch `best`, or None (see `training_status`)."""
    if best is None:
        return None
    best_row = int(np.flatnonzero(epochs == best)[0])
    best_loss, now_test = test_loss[best_row], test_loss[-1]
    risen = now_test > best_loss + max(RISE_TOLERANCE * best_loss, RISE_FLOOR)
    fell = train_loss[-1] < train_loss[best_row]
    if not (epochs[-1] - best >= window and risen and fell):
        return None
    return TrainingStatus(
        "overfitting",
        f"overfitting since epoch {best}",
        f"Overfitting since epoch {best}: the test loss rose from its best {best_loss:.3g} "
        f"to {now_test:.3g} while the training loss kept falling "
        f"({train_loss[best_row]:.3g} → {train_loss[-1]:.3g}). "
        f"The weights of epoch {best} did best on unseen points.",
        best_epoch=best,
    )


def _trend_status(
    epochs: Array, train_loss: Array, test_loss: Array, best: int | None, window: int
) -> TrainingStatus:
    """Converged or still learning, from the trends of the last `window` epochs."""
    last, now_test = epochs[-1], test_loss[-1]
    recent = epochs > last - window
    train_change = fitted_change(epochs[recent], train_loss[recent])
    if (
        last >= window
        and is_flat(train_change)
        and is_flat(fitted_change(epochs[recent], test_loss[recent]))
    ):
        return TrainingStatus(
            "converged",
            "converged",
            f"Converged: over the last {window} epochs neither loss changed by more than "
            f"{100 * FLAT_TOLERANCE:.0f} % or {FLAT_FLOOR:g} "
            f"(training {train_loss[-1]:.3g}, test {now_test:.3g}).",
            best_epoch=best,
        )
    direction = "fell" if train_change[0] <= 0 else "rose"
    percent = min(abs(100 * train_change[1]), 100.0)
    return TrainingStatus(
        "still_learning",
        "still learning",
        f"Still learning: over the last {window} epochs the training loss {direction} by about "
        f"{percent:.0f} % (now {train_loss[-1]:.3g}; test {now_test:.3g}).",
        best_epoch=best,
    )


def overfitting_report(
    history: History,
    patience: int = PATIENCE,
    diverged: bool = False,
    initial_loss: float | None = None,
) -> OverfittingReport:
    """Gap, best epoch, early-stopping epoch and status from a training history."""
    epochs = history.column("epoch")
    train_loss, test_loss = history.column("train_loss"), history.column("test_loss")
    best = best_epoch(epochs, test_loss)
    best_loss = float(test_loss[epochs == best][0]) if best is not None else math.nan
    return OverfittingReport(
        epochs=epochs,
        train_loss=train_loss,
        test_loss=test_loss,
        gap=generalization_gap(train_loss, test_loss),
        best_epoch=best,
        best_test_loss=best_loss,
        early_stop=early_stop_epoch(test_loss, patience, epochs),
        patience=patience,
        status=training_status(
            epochs, train_loss, test_loss, patience, diverged=diverged, initial_loss=initial_loss
        ),
    )


def overfitting_report_for_trainer(
    trainer: TrainingLoop, patience: int = PATIENCE
) -> OverfittingReport:
    """`overfitting_report` of a trainer's history, with its divergence and starting loss."""
    report = overfitting_report(
        trainer.history, patience, diverged=trainer.diverged, initial_loss=trainer.initial_loss
    )
    if trainer.diverged and trainer.divergence:
        status = TrainingStatus("diverged", "diverged", trainer.divergence, report.best_epoch)
        report = dataclasses.replace(report, status=status)
    return report
