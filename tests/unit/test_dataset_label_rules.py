"""Each toy dataset labels its points by TensorFlow Playground's rule, and its noise does what
the rule says (flip labels at the expected rate, or spread the points) and nothing else.
"""

from __future__ import annotations

import numpy as np
import pytest
from support.datasets import rng

from playground.data import (
    generate,
)
from playground.data.curves import curve_label
from playground.data.generators import (
    BLOBS_RADIUS,
    MULTI_GAUSS_BUMPS,
    blob_centres,
    checkerboard_label,
    circle_label,
    multi_gauss_surface,
    xor_label,
)

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


CURVE_RULES = {  # written out again here, so a wrong curve in the table fails
    "sine": lambda x: 3.0 * np.sin(np.pi * x / 3.0),
    "cubic": lambda x: x**3 / 16.0 - x,
    "abs": lambda x: np.abs(x) - 2.0,
}


@pytest.mark.parametrize("name", list(CURVE_RULES))
def test_a_curve_set_without_noise_is_class_one_on_or_above_its_curve(name: str) -> None:
    points, labels = generate(name, 3000, 0.0, rng(30))
    above = points[:, 1] >= CURVE_RULES[name](points[:, 0])
    np.testing.assert_array_equal(labels, above.astype(np.int64))
    assert np.all(np.abs(points) <= 6.0) and points.min() < -5.9 and points.max() > 5.9
    assert 0.35 < labels.mean() < 0.65  # both classes, roughly balanced


def test_the_curves_bend_where_the_docs_say() -> None:
    on = np.array([[0.0, 0.0], [1.5, 3.0], [4.0, 0.0], [-4.0, 0.0], [0.0, -2.0], [3.0, 1.0]])
    names = ["sine", "sine", "cubic", "cubic", "abs", "abs"]
    for point, name in zip(on, names, strict=True):
        below = point - [0.0, 1e-9]
        assert curve_label(name, point[None])[0] == 1 and curve_label(name, below[None])[0] == 0


@pytest.mark.parametrize("name", list(CURVE_RULES))
def test_a_curve_sets_noise_flips_labels_at_its_rate_but_never_moves_points(name: str) -> None:
    clean_points, clean_labels = generate(name, 4000, 0.0, rng(31))
    noisy_points, noisy_labels = generate(name, 4000, 0.5, rng(31))
    np.testing.assert_array_equal(clean_points, noisy_points)
    expected = flip_rate(clean_points, 1.5, lambda p: curve_label(name, p))  # U(-3, 3) * 0.5
    assert np.mean(clean_labels != noisy_labels) == pytest.approx(expected, abs=0.03)
    assert expected > 0.05  # the noise does something


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
