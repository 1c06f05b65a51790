"""Accuracy, confusion matrices, RMSE and R²: by hand, against scikit-learn, against the trainer."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn import metrics as sk

from playground.analysis.metrics import (
    ClassificationMetrics,
    RegressionMetrics,
    accuracy,
    classification_metrics,
    confusion_matrix,
    normalize_rows,
    predicted_classes,
    r2_score,
    regression_metrics,
    rmse,
    trainer_metrics,
)
from playground.config import PlaygroundConfig
from playground.trainer import Trainer


def test_binary_confusion_matrix_by_hand():
    labels, predicted = np.array([0, 0, 1, 1, 1]), np.array([0, 1, 1, 1, 0])
    result = classification_metrics(labels, predicted, n_classes=2)
    np.testing.assert_array_equal(result.counts, [[1, 1], [1, 2]])
    np.testing.assert_allclose(result.normalized, [[0.5, 0.5], [1 / 3, 2 / 3]])
    np.testing.assert_allclose(result.precision, [0.5, 2 / 3])
    np.testing.assert_allclose(result.recall, [0.5, 2 / 3])
    assert result.accuracy == pytest.approx(0.6)
    assert result.n_points == 5


def test_multiclass_confusion_matrix_matches_scikit_learn():
    rng = np.random.default_rng(0)
    labels, predicted = rng.integers(0, 4, 200), rng.integers(0, 4, 200)
    counts = confusion_matrix(labels, predicted, 4)
    np.testing.assert_array_equal(counts, sk.confusion_matrix(labels, predicted, labels=range(4)))
    normalized = sk.confusion_matrix(labels, predicted, labels=range(4), normalize="true")
    np.testing.assert_allclose(normalize_rows(counts), normalized)
    result = classification_metrics(labels, predicted, 4)
    np.testing.assert_allclose(
        result.precision, sk.precision_score(labels, predicted, average=None)
    )
    np.testing.assert_allclose(result.recall, sk.recall_score(labels, predicted, average=None))


def test_a_class_without_points_gives_a_zero_row_not_nan():
    counts = confusion_matrix(np.array([0, 0, 2]), np.array([0, 2, 2]), 3)
    np.testing.assert_array_equal(counts, [[1, 0, 1], [0, 0, 0], [0, 0, 1]])
    np.testing.assert_array_equal(normalize_rows(counts)[1], [0, 0, 0])


def test_predicted_classes_threshold_and_argmax():
    np.testing.assert_array_equal(predicted_classes(np.array([[0.49], [0.5], [0.9]])), [0, 1, 1])
    np.testing.assert_array_equal(
        predicted_classes(np.array([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3]])), [1, 0]
    )
    assert math.isnan(accuracy(np.array([]), np.array([])))


def test_regression_metrics_by_hand_and_against_scikit_learn():
    actual, predicted = np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.5, 2.0, 2.0, 4.5])
    assert rmse(actual, predicted) == pytest.approx(np.sqrt((0.25 + 0 + 1 + 0.25) / 4))
    assert r2_score(actual, predicted) == pytest.approx(1 - 1.5 / 5)
    assert r2_score(actual, predicted) == pytest.approx(sk.r2_score(actual, predicted))
    assert r2_score(np.ones(3), np.zeros(3)) == 0.0  # constant targets: defined as 0
    result = regression_metrics(actual, predicted[:, None])
    np.testing.assert_array_equal(result.predicted, predicted)


@pytest.mark.parametrize(
    "config",
    [
        PlaygroundConfig(dataset="xor"),
        PlaygroundConfig(dataset="blobs", n_classes=4),
        PlaygroundConfig(dataset="plane"),
    ],
)
def test_trainer_metrics_agree_with_the_trainers_history(config):
    trainer = Trainer(config)
    trainer.run_epochs(5)
    last = trainer.history[-1]
    for split in ("train", "test"):
        result = trainer_metrics(trainer, split)
        if isinstance(result, RegressionMetrics):
            assert result.r2 == pytest.approx(last[f"{split}_r2"], rel=1e-9)
        else:
            assert isinstance(result, ClassificationMetrics)
            assert result.accuracy == pytest.approx(last[f"{split}_accuracy"])
            assert result.counts.sum() == len(getattr(trainer, f"y_{split}"))
            assert result.counts.shape == (trainer.data.n_classes,) * 2
    with pytest.raises(ValueError, match="split"):
        trainer_metrics(trainer, "validation")
