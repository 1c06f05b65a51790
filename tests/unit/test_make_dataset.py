"""`make_dataset` and the train/test split (`playground.data`): reproducible from the config,
sized by the train ratio, a shuffle of the generated points, read-only; features recomputed
without moving the points; CSV data split like generated data.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from support.datasets import ALL_NAMES, rng

from playground.data import (
    VIEW_BOUNDS,
    generate,
    load_csv,
    make_csv_dataset,
    make_dataset,
    split_dataset,
    with_features,
)

FEATURES_2D = ("x1", "x2")


# --------------------------------------------------------------------- make_dataset and split


def dataset_arrays(dataset) -> list[np.ndarray]:
    return [
        dataset.x_train,
        dataset.y_train,
        dataset.x_test,
        dataset.y_test,
        dataset.inputs_train,
        dataset.inputs_test,
    ]


@pytest.mark.parametrize("name", ALL_NAMES)
def test_same_config_gives_bit_identical_points_and_split(name: str) -> None:
    features = ("x1", "x2", "x1x2", "sin_x2")
    first = make_dataset(name, 300, 0.3, 0.6, 42, features, n_classes=4)
    second = make_dataset(name, 300, 0.3, 0.6, 42, features, n_classes=4)
    for a, b in zip(dataset_arrays(first), dataset_arrays(second), strict=True):
        assert a.dtype == b.dtype and a.shape == b.shape
        assert a.tobytes() == b.tobytes()


@pytest.mark.parametrize("name", ["circle", "moons", "plane"])
def test_another_seed_gives_other_points(name: str) -> None:
    first = make_dataset(name, 200, 0.1, 0.5, 1, FEATURES_2D)
    second = make_dataset(name, 200, 0.1, 0.5, 2, FEATURES_2D)
    assert not np.array_equal(first.x_train, second.x_train)


@pytest.mark.parametrize(
    ("n_samples", "train_ratio", "n_train"),
    [(500, 0.5, 250), (500, 0.1, 50), (500, 0.9, 450), (1200, 0.7, 840), (333, 0.3, 100)],
)
def test_split_sizes_follow_the_train_ratio(n_samples: int, train_ratio: float, n_train: int):
    dataset = make_dataset("xor", n_samples, 0.0, train_ratio, 0, FEATURES_2D)
    assert len(dataset.x_train) == len(dataset.y_train) == len(dataset.inputs_train) == n_train
    assert len(dataset.x_test) == len(dataset.y_test) == n_samples - n_train


def test_split_is_a_shuffle_of_the_generated_points() -> None:
    dataset = make_dataset("spiral", 400, 0.2, 0.5, 7, FEATURES_2D)
    points, labels = generate("spiral", 400, 0.2, np.random.default_rng([7, 0]))
    split_points = np.concatenate([dataset.x_train, dataset.x_test])
    split_labels = np.concatenate([dataset.y_train, dataset.y_test])
    order, split_order = np.lexsort(points.T), np.lexsort(split_points.T)
    np.testing.assert_array_equal(points[order], split_points[split_order])
    np.testing.assert_array_equal(labels[order], split_labels[split_order])
    # shuffled: the training set is not simply the first (all class 1) half
    assert 0 < dataset.y_train.mean() < 1


@pytest.mark.parametrize(
    ("name", "problem", "n_classes"),
    [("circle", "classification", 2), ("blobs", "classification", 5), ("plane", "regression", 0)],
)
def test_dataset_records_problem_classes_features_and_bounds(name, problem, n_classes) -> None:
    dataset = make_dataset(name, 200, 0.0, 0.5, 0, ["x1", "x2", "x1^2"], n_classes=5)
    assert dataset.problem == problem and dataset.n_classes == n_classes
    assert dataset.feature_names == ("x1", "x2", "x1^2")
    assert dataset.bounds == VIEW_BOUNDS == (-6.0, 6.0)
    assert dataset.inputs_train.shape == (100, 3) and dataset.inputs_train.dtype == np.float64
    np.testing.assert_array_equal(dataset.inputs_train[:, 2], dataset.x_train[:, 0] ** 2)


def test_dataset_arrays_are_read_only_and_the_dataset_frozen() -> None:
    dataset = make_dataset("gauss", 100, 0.0, 0.5, 0, FEATURES_2D)
    for array in dataset_arrays(dataset):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        dataset.problem = "regression"  # type: ignore[misc]


def test_with_features_keeps_points_and_split_and_recomputes_inputs() -> None:
    dataset = make_dataset("circle", 200, 0.0, 0.5, 3, FEATURES_2D)
    changed = with_features(dataset, ["x1^2", "x2^2"])
    assert changed.x_train is dataset.x_train and changed.y_test is dataset.y_test
    assert changed.feature_names == ("x1^2", "x2^2")
    np.testing.assert_array_equal(changed.inputs_test, dataset.x_test**2)


@pytest.mark.parametrize("train_ratio", [0.05, 0.95, 1.0])
def test_train_ratio_outside_range_is_rejected(train_ratio: float) -> None:
    with pytest.raises(ValueError, match="train_ratio"):
        make_dataset("circle", 100, 0.0, train_ratio, 0, FEATURES_2D)


def test_unknown_feature_is_rejected_by_make_dataset() -> None:
    with pytest.raises(ValueError, match="cos_x1"):
        make_dataset("circle", 100, 0.0, 0.5, 0, ["x1", "cos_x1"])


def test_split_dataset_keeps_at_least_one_point_on_each_side() -> None:
    points = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]])
    dataset = split_dataset(points, [0, 1, 0], "classification", 2, 0.1, rng(), FEATURES_2D)
    assert len(dataset.x_train) == 1 and len(dataset.x_test) == 2
    with pytest.raises(ValueError, match=r"points \(n, 2\) and labels \(n,\)"):
        split_dataset(points, [0, 1], "classification", 2, 0.5, rng(), FEATURES_2D)


def test_csv_data_is_split_like_generated_data() -> None:
    rows = "\n".join(f"{i},{i % 7},{i % 2}" for i in range(40))
    data = load_csv(rows)
    first = make_csv_dataset(data, 0.75, 5, FEATURES_2D)
    second = make_csv_dataset(data, 0.75, 5, FEATURES_2D)
    assert len(first.x_train) == 30 and first.n_classes == 2
    assert first.x_train.tobytes() == second.x_train.tobytes()
    assert np.all(np.abs(first.x_train) <= 6.0)
