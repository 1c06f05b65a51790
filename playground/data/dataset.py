"""A dataset ready for training: points split into a training and a test set, with inputs.

``make_dataset`` turns a dataset name and the controls of the data panel (number of points,
noise, train ratio, seed, input features) into a frozen ``Dataset``. Like TensorFlow Playground
it generates the points, shuffles them once and puts the first part in the training set and the
rest in the test set. The same arguments always give identical arrays, because all randomness
comes from one generator seeded with the config's seed. ``split_dataset`` does the shuffling and
splitting for points from anywhere (``make_csv_dataset`` uses it for a CSV upload);
``with_features`` changes only the inputs.
The arrays of a ``Dataset`` are read-only, so a cached dataset cannot be changed by accident.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Literal

import numpy as np

from playground.data.csv_loader import CsvData
from playground.data.features import check_feature_names, make_features
from playground.data.generators import (
    DATASET_PROBLEM,
    VIEW_HALF_WIDTH,
    dataset_n_classes,
    generate,
)

Problem = Literal["classification", "regression"]
VIEW_BOUNDS: tuple[float, float] = (-VIEW_HALF_WIDTH, VIEW_HALF_WIDTH)
MIN_TRAIN_RATIO, MAX_TRAIN_RATIO = 0.1, 0.9


@dataclasses.dataclass(frozen=True, eq=False)
class Dataset:
    """Training and test data of one run.

    Attributes:
        x_train: (n_train, 2) float64 raw points (x1, x2) of the training set.
        y_train: (n_train,) labels: int64 class indices 0..k-1, or float64 regression values.
        x_test: (n_test, 2) float64 raw points of the test set.
        y_test: (n_test,) labels, same dtype as ``y_train``.
        inputs_train: (n_train, n_features) float64, ``make_features(x_train, feature_names)``.
        inputs_test: (n_test, n_features) float64, ``make_features(x_test, feature_names)``.
        problem: "classification" or "regression".
        n_classes: 2 for binary, k for multi-class, 0 for regression.
        feature_names: names of the input features (keys of ``FEATURES``), in input order.
        bounds: (lo, hi) of the square view that contains the points, (-6.0, 6.0) here.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    inputs_train: np.ndarray
    inputs_test: np.ndarray
    problem: Problem
    n_classes: int
    feature_names: tuple[str, ...]
    bounds: tuple[float, float] = VIEW_BOUNDS

    @property
    def n_features(self) -> int:
        """Number of network inputs."""
        return len(self.feature_names)

    @property
    def n_outputs(self) -> int:
        """Number of network outputs: k for multi-class, otherwise 1."""
        return self.n_classes if self.n_classes > 2 else 1


def _read_only(array: np.ndarray) -> np.ndarray:
    """Return ``array`` with writing switched off (it is a fresh array owned by the dataset)."""
    array.setflags(write=False)
    return array


def _check_train_ratio(train_ratio: float) -> None:
    if not MIN_TRAIN_RATIO <= train_ratio <= MAX_TRAIN_RATIO:
        raise ValueError(
            f"train_ratio must be between {MIN_TRAIN_RATIO} and {MAX_TRAIN_RATIO}, "
            f"got {train_ratio}."
        )


def train_size(n_samples: int, train_ratio: float) -> int:
    """Number of training points: round(n * train_ratio), keeping at least one point per side."""
    return min(max(round(n_samples * train_ratio), 1), n_samples - 1)


def _label_dtype(problem: Problem) -> type:
    return np.int64 if problem == "classification" else np.float64


def split_dataset(
    points: np.ndarray,
    labels: np.ndarray,
    problem: Problem,
    n_classes: int,
    train_ratio: float,
    rng: np.random.Generator,
    features: Sequence[str],
    bounds: tuple[float, float] = VIEW_BOUNDS,
) -> Dataset:
    """Shuffle the points once and split them into training and test sets.

    Args:
        points: (n, 2) raw coordinates, n >= 2.
        labels: (n,) class indices 0..k-1 or regression values.
        problem: "classification" or "regression".
        n_classes: 2 for binary, k for multi-class, 0 for regression.
        train_ratio: fraction of the points used for training, 0.1 to 0.9.
        rng: source of the shuffle.
        features: input feature names.
        bounds: (lo, hi) of the square view.

    Returns:
        A ``Dataset`` whose first ``round(n * train_ratio)`` shuffled points are for training.
    """
    _check_train_ratio(train_ratio)
    if problem not in ("classification", "regression"):
        raise ValueError(f"problem must be 'classification' or 'regression', got {problem!r}.")
    feature_names = check_feature_names(features)
    points = np.asarray(points, dtype=np.float64)
    labels = np.asarray(labels, dtype=_label_dtype(problem))
    if points.ndim != 2 or points.shape[1] != 2 or labels.shape != (len(points),):
        raise ValueError(
            f"Expected points (n, 2) and labels (n,), got {points.shape}, {labels.shape}."
        )
    if len(points) < 2:
        raise ValueError("At least two points are needed to make a training and a test set.")
    order = rng.permutation(len(points))
    n_train = train_size(len(points), train_ratio)
    train, test = order[:n_train], order[n_train:]
    return Dataset(
        x_train=_read_only(points[train]),
        y_train=_read_only(labels[train]),
        x_test=_read_only(points[test]),
        y_test=_read_only(labels[test]),
        inputs_train=_read_only(make_features(points[train], feature_names)),
        inputs_test=_read_only(make_features(points[test], feature_names)),
        problem=problem,
        n_classes=int(n_classes),
        feature_names=feature_names,
        bounds=(float(bounds[0]), float(bounds[1])),
    )


def make_dataset(
    name: str,
    n_samples: int,
    noise: float,
    train_ratio: float,
    seed: int,
    features: Sequence[str],
    n_classes: int = 3,
) -> Dataset:
    """Generate the dataset ``name`` and split it, deterministically from ``seed``.

    Args:
        name: a key of ``DATASET_PROBLEM`` ("circle", "xor", ..., "plane", "multi_gauss").
        n_samples: number of points (500 for classification and 1,200 for regression in TF
            Playground, see ``DEFAULT_SAMPLES``).
        noise: fraction 0 to 0.5.
        train_ratio: fraction for training, 0.1 to 0.9.
        seed: non-negative integer; the generator is ``np.random.default_rng([seed, 0])``.
        features: input feature names.
        n_classes: number of classes for "blobs" (3 to 5); ignored otherwise.

    Returns:
        The ``Dataset``; calling again with the same arguments gives identical arrays.
    """
    _check_train_ratio(train_ratio)
    check_feature_names(features)
    rng = np.random.default_rng([seed, 0])
    points, labels = generate(name, n_samples, noise, rng, n_classes)
    return split_dataset(
        points,
        labels,
        problem=DATASET_PROBLEM[name],
        n_classes=dataset_n_classes(name, n_classes),
        train_ratio=train_ratio,
        rng=rng,
        features=features,
    )


def with_features(dataset: Dataset, features: Sequence[str]) -> Dataset:
    """The same points and split with other input features (only the inputs are recomputed)."""
    feature_names = check_feature_names(features)
    return dataclasses.replace(
        dataset,
        inputs_train=_read_only(make_features(dataset.x_train, feature_names)),
        inputs_test=_read_only(make_features(dataset.x_test, feature_names)),
        feature_names=feature_names,
    )


def make_csv_dataset(
    data: CsvData, train_ratio: float, seed: int, features: Sequence[str]
) -> Dataset:
    """Split an uploaded CSV dataset like a generated one (same seeding, same shuffle rule)."""
    return split_dataset(
        data.points,
        data.labels,
        problem=data.problem,
        n_classes=data.n_classes,
        train_ratio=train_ratio,
        rng=np.random.default_rng([seed, 0]),
        features=features,
    )
