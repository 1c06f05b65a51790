"""Tests of the toy dataset generators and of the train/test split (playground.data)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.data import (
    CLASSIFICATION_GENERATORS,
    DATASET_PROBLEM,
    DEFAULT_SAMPLES,
    REGRESSION_GENERATORS,
    VIEW_BOUNDS,
    generate,
    load_csv,
    make_csv_dataset,
    make_dataset,
    split_dataset,
    with_features,
)
from playground.data.generators import (
    BLOBS_RADIUS,
    MULTI_GAUSS_BUMPS,
    blob_centres,
    checkerboard_label,
    circle_label,
    multi_gauss_surface,
    xor_label,
)

ALL_NAMES = list(DATASET_PROBLEM)
FEATURES_2D = ("x1", "x2")


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def expected_classes(name: str, n_classes: int = 3) -> int:
    return n_classes if name == "blobs" else 2


# ------------------------------------------------------------------------- tables and shapes


def test_tables_list_every_dataset_of_the_issue() -> None:
    assert set(CLASSIFICATION_GENERATORS) == {
        "circle",
        "xor",
        "gauss",
        "spiral",
        "moons",
        "blobs",
        "checkerboard",
    }
    assert set(REGRESSION_GENERATORS) == {"plane", "multi_gauss"}
    assert DEFAULT_SAMPLES == {"classification": 500, "regression": 1200}
    assert {DATASET_PROBLEM[name] for name in REGRESSION_GENERATORS} == {"regression"}


@pytest.mark.parametrize("noise", [0.0, 0.25, 0.5])
@pytest.mark.parametrize("name", ALL_NAMES)
def test_generated_points_have_shape_dtype_and_stay_in_view(name: str, noise: float) -> None:
    n = DEFAULT_SAMPLES[DATASET_PROBLEM[name]]
    points, labels = generate(name, n, noise, rng(1), n_classes=4)
    assert points.shape == (n, 2) and points.dtype == np.float64
    assert labels.shape == (n,)
    assert np.all(np.abs(points) <= 6.0)
    if DATASET_PROBLEM[name] == "classification":
        assert labels.dtype == np.int64
        assert set(np.unique(labels)) == set(range(expected_classes(name, 4)))
    else:
        assert labels.dtype == np.float64
        assert np.all(np.abs(labels) <= 1.0)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_odd_point_counts_are_honoured(name: str) -> None:
    points, labels = generate(name, 101, 0.1, rng(), n_classes=3)
    assert len(points) == len(labels) == 101


@settings(max_examples=40, deadline=None)
@given(
    name=st.sampled_from(ALL_NAMES),
    n_samples=st.integers(5, 300),
    noise=st.floats(0.0, 0.5),
    seed=st.integers(0, 2**32 - 1),
)
def test_any_settings_give_finite_points_in_view(
    name: str, n_samples: int, noise: float, seed: int
) -> None:
    points, labels = generate(name, n_samples, noise, rng(seed), n_classes=5)
    assert points.shape == (n_samples, 2)
    assert np.all(np.isfinite(points)) and np.all(np.abs(points) <= 6.0)
    assert np.all(np.isfinite(labels))


# -------------------------------------------------------------------------------- validation


def test_unknown_dataset_name_lists_the_allowed_names() -> None:
    with pytest.raises(ValueError, match="Unknown dataset 'donut'") as error:
        generate("donut", 100, 0.0, rng())
    for name in ALL_NAMES:
        assert name in str(error.value)


@pytest.mark.parametrize("noise", [-0.01, 0.51, 5.0])
def test_noise_outside_zero_to_half_is_rejected(noise: float) -> None:
    with pytest.raises(ValueError, match="noise"):
        generate("circle", 100, noise, rng())


@pytest.mark.parametrize("n_classes", [2, 6])
def test_blobs_needs_three_to_five_classes(n_classes: int) -> None:
    with pytest.raises(ValueError, match="3 to 5 classes"):
        generate("blobs", 100, 0.0, rng(), n_classes=n_classes)


@pytest.mark.parametrize("n_samples", [0, 1, 2.5])
def test_too_few_or_fractional_point_counts_are_rejected(n_samples: float) -> None:
    with pytest.raises(ValueError, match="at least"):
        generate("xor", n_samples, 0.0, rng())  # type: ignore[arg-type]


# ----------------------------------------------------------------- TF Playground label rules


def test_circle_without_noise_labels_exactly_the_points_inside_radius_2_5() -> None:
    points, labels = generate("circle", 2000, 0.0, rng(2))
    radius = np.linalg.norm(points, axis=1)
    np.testing.assert_array_equal(labels, (radius < 2.5).astype(np.int64))
    assert np.all((radius < 2.5) | ((radius >= 3.5) & (radius <= 5.0)))
    assert labels.sum() == 1000


def test_circle_label_rule_is_strictly_inside_radius_2_5() -> None:
    points = np.array([[2.49, 0.0], [0.0, -2.5], [1.5, 2.0], [1.5, 1.99], [0.0, 3.0]])
    np.testing.assert_array_equal(circle_label(points), [1, 0, 0, 1, 0])


def test_xor_label_rule_counts_a_zero_product_as_class_one() -> None:
    points = np.array([[1.0, 2.0], [-1.0, -0.1], [0.0, -3.0], [2.0, 0.0], [-1.0, 1.0]])
    np.testing.assert_array_equal(xor_label(points), [1, 1, 1, 1, 0])


def flip_rate(points: np.ndarray, shift_half_width: float, label_rule, draws: int = 20) -> float:
    """Expected fraction of labels that a U(-w, w) shift of the label coordinates flips."""
    other = np.random.default_rng(99)
    clean = label_rule(points)
    flips = [
        np.mean(label_rule(points + other.uniform(-1, 1, points.shape) * shift_half_width) != clean)
        for _ in range(draws)
    ]
    return float(np.mean(flips))


def test_circle_noise_flips_labels_at_tf_rate_but_never_moves_points() -> None:
    clean_points, clean_labels = generate("circle", 4000, 0.0, rng(3))
    noisy_points, noisy_labels = generate("circle", 4000, 0.5, rng(3))
    np.testing.assert_array_equal(clean_points, noisy_points)
    # noise 0.5 shifts the label coordinates by U(-5, 5) * 0.5 = U(-2.5, 2.5)
    expected = flip_rate(clean_points, 2.5, circle_label)
    assert np.mean(clean_labels != noisy_labels) == pytest.approx(expected, abs=0.03)


def test_xor_without_noise_labels_by_sign_of_product_and_keeps_off_the_axes() -> None:
    points, labels = generate("xor", 2000, 0.0, rng(4))
    np.testing.assert_array_equal(labels, (points[:, 0] * points[:, 1] >= 0).astype(np.int64))
    assert np.all(np.abs(points) >= 0.3) and np.all(np.abs(points) <= 5.3)


def test_xor_noise_flips_labels_at_tf_rate_but_never_moves_points() -> None:
    clean_points, clean_labels = generate("xor", 4000, 0.0, rng(5))
    noisy_points, noisy_labels = generate("xor", 4000, 0.5, rng(5))
    np.testing.assert_array_equal(clean_points, noisy_points)
    expected = flip_rate(clean_points, 2.5, xor_label)  # about 0.17
    assert np.mean(clean_labels != noisy_labels) == pytest.approx(expected, abs=0.03)
    flipped = clean_labels != noisy_labels
    assert np.all(np.abs(clean_points[flipped]).min(axis=1) < 2.5)


def test_gauss_class_means_are_near_plus_and_minus_two() -> None:
    points, labels = generate("gauss", 4000, 0.0, rng(6))
    np.testing.assert_allclose(points[labels == 1].mean(axis=0), [2.0, 2.0], atol=0.06)
    np.testing.assert_allclose(points[labels == 0].mean(axis=0), [-2.0, -2.0], atol=0.06)


@pytest.mark.parametrize(("noise", "variance"), [(0.0, 0.5), (0.2, 1.9)])
def test_gauss_noise_sets_the_variance_from_half_to_four(noise: float, variance: float) -> None:
    points, labels = generate("gauss", 8000, noise, rng(7))
    spread = points[labels == 1].std(axis=0)
    np.testing.assert_allclose(spread, np.sqrt(variance), rtol=0.05)


def test_gauss_at_full_noise_is_wider_than_without() -> None:
    wide, wide_labels = generate("gauss", 2000, 0.5, rng(8))
    narrow, narrow_labels = generate("gauss", 2000, 0.0, rng(8))
    # std is sqrt(4) = 2 against sqrt(0.5) = 0.71, a little less where the view truncates it
    assert wide[wide_labels == 0].std() > 2.4 * narrow[narrow_labels == 0].std()


def test_spiral_without_noise_follows_the_two_arms() -> None:
    n = 500
    points, labels = generate("spiral", n, 0.0, rng(9))
    step = np.arange(n // 2) / (n // 2)
    for label, delta in ((1, 0.0), (0, np.pi)):
        arm = points[labels == label]
        angle = 1.75 * 2 * np.pi * step + delta
        expected = np.column_stack([5 * step * np.sin(angle), 5 * step * np.cos(angle)])
        np.testing.assert_allclose(arm, expected, atol=1e-12)


def test_spiral_noise_moves_each_coordinate_by_at_most_the_noise() -> None:
    clean, _ = generate("spiral", 400, 0.0, rng(10))
    noisy, _ = generate("spiral", 400, 0.3, rng(10))
    offset = np.abs(noisy - clean)
    assert np.all(offset <= 0.3) and offset.max() > 0.2


def test_moons_without_noise_lie_on_two_unit_half_circles() -> None:
    points, labels = generate("moons", 400, 0.0, rng(11))
    raw = points / 3.0 + np.array([0.5, 0.25])  # undo the scaling into the view
    np.testing.assert_allclose(np.linalg.norm(raw[labels == 0], axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(np.linalg.norm(raw[labels == 1] - [1.0, 0.5], axis=1), 1.0)
    assert np.bincount(labels).tolist() == [200, 200]


def test_moons_are_reproducible_and_noise_is_a_gaussian_spread() -> None:
    first, _ = generate("moons", 300, 0.2, rng(12))
    again, _ = generate("moons", 300, 0.2, rng(12))
    clean, _ = generate("moons", 300, 0.0, rng(12))
    np.testing.assert_array_equal(first, again)
    jitter = (first - clean) / 3.0  # noise is the standard deviation in moon units
    assert 0.15 < jitter.std() < 0.25


@pytest.mark.parametrize("k", [3, 4, 5])
def test_blobs_have_k_balanced_classes_around_centres_on_a_circle(k: int) -> None:
    points, labels = generate("blobs", 1500, 0.0, rng(13), n_classes=k)
    counts = np.bincount(labels, minlength=k)
    assert len(counts) == k and counts.max() - counts.min() <= 1
    centres = blob_centres(k)
    np.testing.assert_allclose(np.linalg.norm(centres, axis=1), BLOBS_RADIUS)
    for label in range(k):
        np.testing.assert_allclose(points[labels == label].mean(axis=0), centres[label], atol=0.1)


def test_blobs_noise_widens_the_spread() -> None:
    tight, tight_labels = generate("blobs", 1500, 0.0, rng(14), n_classes=3)
    loose, loose_labels = generate("blobs", 1500, 0.5, rng(14), n_classes=3)
    tight_std = tight[tight_labels == 0].std(axis=0).mean()
    loose_std = loose[loose_labels == 0].std(axis=0).mean()
    assert tight_std == pytest.approx(0.5, rel=0.1)
    assert loose_std > 2.5 * tight_std


def test_checkerboard_without_noise_alternates_on_squares_of_side_three() -> None:
    points, labels = generate("checkerboard", 3000, 0.0, rng(15))
    squares = np.floor(points / 3.0).astype(int)
    np.testing.assert_array_equal(labels, (squares.sum(axis=1) % 2 == 0).astype(np.int64))
    assert len({tuple(square) for square in squares}) == 16
    near_origin = np.all(np.abs(points) < 3, axis=1)
    np.testing.assert_array_equal(
        labels[near_origin], (points[near_origin].prod(axis=1) >= 0).astype(np.int64)
    )


def test_checkerboard_noise_flips_labels_at_its_rate_but_never_moves_points() -> None:
    clean_points, clean_labels = generate("checkerboard", 4000, 0.0, rng(16))
    noisy_points, noisy_labels = generate("checkerboard", 4000, 0.5, rng(16))
    np.testing.assert_array_equal(clean_points, noisy_points)
    expected = flip_rate(clean_points, 1.5, checkerboard_label)  # U(-3, 3) * 0.5
    assert np.mean(clean_labels != noisy_labels) == pytest.approx(expected, abs=0.03)


def test_plane_without_noise_is_x1_plus_x2_over_ten_clipped() -> None:
    points, labels = generate("plane", 1200, 0.0, rng(17))
    np.testing.assert_allclose(labels, np.clip(points.sum(axis=1) / 10, -1, 1))
    assert np.all(np.abs(points) <= 6.0) and points.min() < -5.5 and points.max() > 5.5


def test_plane_noise_changes_labels_only() -> None:
    clean_points, clean_labels = generate("plane", 500, 0.0, rng(18))
    noisy_points, noisy_labels = generate("plane", 500, 0.5, rng(18))
    np.testing.assert_array_equal(clean_points, noisy_points)
    assert np.abs(clean_labels - noisy_labels).max() > 0.2


def test_multi_gauss_surface_peaks_at_its_six_signed_bumps() -> None:
    centres, signs = MULTI_GAUSS_BUMPS[:, :2], MULTI_GAUSS_BUMPS[:, 2]
    np.testing.assert_array_equal(multi_gauss_surface(centres), signs)
    # 1 unit from a bump the value is half; 2 units or more from every bump it is 0.
    np.testing.assert_allclose(multi_gauss_surface(np.array([[-4.0, 3.5]])), [0.5])
    np.testing.assert_array_equal(multi_gauss_surface(np.array([[0.0, 0.0], [6, 6]])), [0, 0])


def test_multi_gauss_without_noise_labels_each_point_by_the_surface() -> None:
    points, labels = generate("multi_gauss", 1200, 0.0, rng(19))
    np.testing.assert_array_equal(labels, multi_gauss_surface(points))
    assert labels.min() < -0.8 and labels.max() > 0.8


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
