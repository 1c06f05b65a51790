"""How good are the predictions? Accuracy and the confusion matrix, or RMSE and R².

The loss is what the network minimizes, but people judge a classifier by how often it is right
(accuracy) and by which classes it mixes up: the confusion matrix counts, for every true class
(rows) and every predicted class (columns), how many points fall in that cell, so the diagonal
holds the correct answers and everything off it a particular kind of mistake. Normalized by rows,
each row shows what share of a class ends up where (the diagonal is then each class's recall).
A regression is judged by its typical error, the root mean squared error (RMSE, in the units of
the target), and by R², the share of the target's variance the predictions explain (1 is perfect,
0 is no better than always predicting the mean). Predictions are made in evaluation mode.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from playground.analysis.activity import hidden_values
from playground.core.network import Network

if TYPE_CHECKING:
    from playground.core.training import TrainingLoop

Array = np.ndarray


@dataclass(frozen=True)
class ClassificationMetrics:
    """counts: (k, k) int, rows = true class, columns = predicted class; normalized: counts
    divided by their row sums (0 for an empty row); precision, recall: (k,) per class."""

    accuracy: float
    counts: Array
    normalized: Array
    precision: Array
    recall: Array
    n_points: int


@dataclass(frozen=True)
class RegressionMetrics:
    """actual, predicted: (n,) targets and predictions, for a predicted-vs-actual plot."""

    rmse: float
    r2: float
    actual: Array
    predicted: Array


def predicted_classes(outputs: Array) -> Array:
    """(n,) class indices from network outputs: p ≥ 0.5 for (n, 1), argmax for (n, k)."""
    outputs = np.asarray(outputs)
    if outputs.ndim == 2 and outputs.shape[1] > 1:
        return outputs.argmax(axis=1)
    return (outputs.reshape(-1) >= 0.5).astype(np.int64)


def accuracy(labels: Array, predicted: Array) -> float:
    """Share of points whose predicted class equals their label (NaN for no points)."""
    labels, predicted = np.asarray(labels), np.asarray(predicted)
    return float(np.mean(labels == predicted)) if labels.size else float("nan")


def confusion_matrix(labels: Array, predicted: Array, n_classes: int) -> Array:
    """(n_classes, n_classes) int64 counts; entry [i, j] = points of class i predicted as j."""
    labels = np.asarray(labels, dtype=np.int64)
    predicted = np.asarray(predicted, dtype=np.int64)
    flat = np.bincount(labels * n_classes + predicted, minlength=n_classes * n_classes)
    return flat.reshape(n_classes, n_classes)


def normalize_rows(counts: Array) -> Array:
    """Each row divided by its sum (an empty row stays 0): the share of each true class."""
    counts = np.asarray(counts, dtype=np.float64)
    totals = counts.sum(axis=1, keepdims=True)
    return np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)


def precision_recall(counts: Array) -> tuple[Array, Array]:
    """(precision (k,), recall (k,)) from a confusion matrix; 0 where undefined.

    Precision of class j: of the points predicted j, the share that are j (column-wise);
    recall of class i: of the points of class i, the share predicted i (row-wise).
    """
    counts = np.asarray(counts, dtype=np.float64)
    correct = np.diag(counts)
    predicted, actual = counts.sum(axis=0), counts.sum(axis=1)
    precision = np.divide(correct, predicted, out=np.zeros_like(correct), where=predicted > 0)
    recall = np.divide(correct, actual, out=np.zeros_like(correct), where=actual > 0)
    return precision, recall


def classification_metrics(
    labels: Array, predicted: Array, n_classes: int
) -> ClassificationMetrics:
    """Accuracy, confusion matrix (counts and row-normalized), precision and recall."""
    counts = confusion_matrix(labels, predicted, n_classes)
    precision, recall = precision_recall(counts)
    return ClassificationMetrics(
        accuracy=accuracy(labels, predicted),
        counts=counts,
        normalized=normalize_rows(counts),
        precision=precision,
        recall=recall,
        n_points=int(np.asarray(labels).size),
    )


def rmse(actual: Array, predicted: Array) -> float:
    """Root mean squared error √(mean((predicted − actual)²))."""
    residual = np.asarray(predicted, dtype=np.float64) - np.asarray(actual, dtype=np.float64)
    return float(np.sqrt(np.mean(residual**2))) if residual.size else float("nan")


def r2_score(actual: Array, predicted: Array) -> float:
    """1 − Σ(actual − predicted)² / Σ(actual − mean)²; 0 when the targets do not vary (as in
    the trainer's history)."""
    actual = np.asarray(actual, dtype=np.float64)
    predicted = np.asarray(predicted, dtype=np.float64)
    total = np.sum((actual - actual.mean()) ** 2) if actual.size else 0.0
    return float(1.0 - np.sum((actual - predicted) ** 2) / total) if total > 0 else 0.0


def regression_metrics(actual: Array, predicted: Array) -> RegressionMetrics:
    """RMSE and R² of (n,) predictions, keeping both arrays for the scatter plot."""
    actual = np.asarray(actual, dtype=np.float64).reshape(-1)
    predicted = np.asarray(predicted, dtype=np.float64).reshape(-1)
    return RegressionMetrics(
        rmse(actual, predicted), r2_score(actual, predicted), actual, predicted
    )


def network_metrics(
    network: Network, inputs: Array, labels: Array
) -> ClassificationMetrics | RegressionMetrics:
    """The metrics of `network` (evaluation mode) on inputs (n, n_inputs) with labels (n,)."""
    _, z = hidden_values(network, inputs)  # reads the parameters, touches no layer state
    outputs = network.head.output(z)
    kind = network.spec.output_kind
    if kind == "regression":
        return regression_metrics(labels, outputs[:, 0])
    n_classes = network.spec.n_outputs if kind == "multiclass" else 2
    return classification_metrics(labels, predicted_classes(outputs), n_classes)


def trainer_metrics(
    trainer: TrainingLoop, split: str = "test"
) -> ClassificationMetrics | RegressionMetrics:
    """`network_metrics` on a trainer's 'train' or 'test' set."""
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    inputs = trainer.inputs_train if split == "train" else trainer.inputs_test
    labels = trainer.y_train if split == "train" else trainer.y_test
    return network_metrics(trainer.network, inputs, labels)
