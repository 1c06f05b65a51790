"""Toy 2-D datasets, generated the way TensorFlow Playground generates them.

Every generator takes the number of points, a noise level (a fraction from 0 to 0.5), a NumPy
random generator and a number of classes, and returns the points (n, 2) inside the square view
[-6, 6]^2 with their labels. Classification labels are integers 0..k-1 (for the binary sets,
1 is TensorFlow Playground's "+1" class, drawn blue); regression labels are floats in [-1, 1].
Circle, xor, gauss, spiral, plane and multi_gauss follow TensorFlow Playground's ``dataset.ts``
(the noise means something different for each of them, see each function); moons, blobs and
checkerboard are extra sets in the same spirit, and sine, cubic and abs put the boundary on a
curve x2 = f(x1) (curves.py). Nothing here is shuffled: points come grouped by class where the
classes are drawn apart, and the dataset module shuffles once before splitting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np

from playground.data.curves import CURVES, curve_label

Points = np.ndarray
Labels = np.ndarray
Generator = Callable[[int, float, np.random.Generator, int], tuple[Points, Labels]]
Problem = Literal["classification", "regression"]

VIEW_HALF_WIDTH = 6.0
"""Points live in the square [-VIEW_HALF_WIDTH, VIEW_HALF_WIDTH]^2."""
MAX_NOISE = 0.5
DEFAULT_SAMPLES: dict[str, int] = {"classification": 500, "regression": 1200}
MIN_BLOB_CLASSES, MAX_BLOB_CLASSES = 3, 5


def _uniform(rng: np.random.Generator, low: float, high: float, size: int) -> np.ndarray:
    """Draw ``size`` samples from U(low, high), TF Playground's ``randUniform``."""
    return rng.uniform(low, high, size)


def _split_in_two(n_samples: int) -> tuple[int, int]:
    """Sizes of the two classes of a binary set: the first gets the odd point."""
    return n_samples - n_samples // 2, n_samples // 2


def _binary_labels(n_first: int, n_second: int) -> Labels:
    """Labels for ``n_first`` points of class 1 followed by ``n_second`` points of class 0."""
    return np.concatenate([np.ones(n_first, np.int64), np.zeros(n_second, np.int64)])


def _normal_in_view(rng: np.random.Generator, means: np.ndarray, std: float) -> Points:
    """Gaussian points around ``means`` (n, 2), redrawn until all lie inside the view.

    TensorFlow Playground lets a few gaussian points fall outside the canvas, where nobody sees
    them; redrawing those keeps the promise that every point is inside [-6, 6]^2.
    """
    points = means + std * rng.standard_normal(means.shape)
    outside = np.any(np.abs(points) > VIEW_HALF_WIDTH, axis=1)
    while outside.any():
        points[outside] = means[outside] + std * rng.standard_normal((int(outside.sum()), 2))
        outside = np.any(np.abs(points) > VIEW_HALF_WIDTH, axis=1)
    return points


def _polar(radius: np.ndarray, angle: np.ndarray) -> Points:
    """Points at ``radius`` and ``angle``, with TF Playground's (sin, cos) convention."""
    return np.column_stack([radius * np.sin(angle), radius * np.cos(angle)])


# --------------------------------------------------------------------------- classification


CIRCLE_LABEL_RADIUS = 2.5


def circle_label(points: Points) -> Labels:
    """Class (n,) of TF Playground's circle: 1 strictly inside radius 2.5, else 0."""
    return (np.linalg.norm(points, axis=1) < CIRCLE_LABEL_RADIUS).astype(np.int64)


def circle(
    n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 2
) -> tuple[Points, Labels]:
    """A disc of class 1 (radius < 2.5) inside a ring of class 0 (radius 3.5 to 5).

    The noise never moves a point: it shifts the coordinates used to *compute the label* by
    U(-5, 5) * noise, so points near the gap may get the other class.

    Returns:
        points: (n_samples, 2) float64; labels: (n_samples,) int64, 1 inside, 0 outside.
    """
    radius = 5.0
    n_inside, n_outside = _split_in_two(n_samples)
    radii = np.concatenate(
        [
            _uniform(rng, 0.0, radius * 0.5, n_inside),
            _uniform(rng, radius * 0.7, radius, n_outside),
        ]
    )
    points = _polar(radii, _uniform(rng, 0.0, 2 * np.pi, n_samples))
    shift = _uniform(rng, -radius, radius, 2 * n_samples).reshape(n_samples, 2) * noise
    return points, circle_label(points + shift)


def xor_label(points: Points) -> Labels:
    """Class (n,) of TF Playground's xor: 1 where x1 * x2 >= 0 (zero counts as 1), else 0."""
    return (points[:, 0] * points[:, 1] >= 0).astype(np.int64)


def xor(
    n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 2
) -> tuple[Points, Labels]:
    """Four squares: class 1 where x1 * x2 >= 0 (first and third quadrants), class 0 elsewhere.

    Coordinates are U(-5, 5), pushed 0.3 away from the axes. As for the circle, the noise shifts
    only the coordinates used for the label, by U(-5, 5) * noise.

    Returns:
        points: (n_samples, 2) float64; labels: (n_samples,) int64.
    """
    padding = 0.3
    points = _uniform(rng, -5.0, 5.0, 2 * n_samples).reshape(n_samples, 2)
    points += np.where(points > 0, padding, -padding)
    shift = _uniform(rng, -5.0, 5.0, 2 * n_samples).reshape(n_samples, 2) * noise
    return points, xor_label(points + shift)


def gauss(
    n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 2
) -> tuple[Points, Labels]:
    """Two gaussian blobs: class 1 around (2, 2), class 0 around (-2, -2).

    The noise sets the variance of each coordinate, mapped linearly from [0, 0.5] to [0.5, 4]
    (so the standard deviation goes from about 0.71 to 2).

    Returns:
        points: (n_samples, 2) float64; labels: (n_samples,) int64.
    """
    variance = 0.5 + (4.0 - 0.5) * noise / MAX_NOISE
    n_positive, n_negative = _split_in_two(n_samples)
    means = np.concatenate(
        [np.full((n_positive, 2), 2.0), np.full((n_negative, 2), -2.0)],
    )
    points = _normal_in_view(rng, means, float(np.sqrt(variance)))
    return points, _binary_labels(n_positive, n_negative)


def _spiral_arm(n_points: int, noise: float, rng: np.random.Generator, delta_t: float) -> Points:
    """One spiral arm: r = 5 i / n, t = 1.75 * 2 pi i / n + delta_t, jitter U(-1, 1) * noise."""
    step = np.arange(n_points) / max(n_points, 1)
    arm = _polar(5.0 * step, 1.75 * 2 * np.pi * step + delta_t)
    return arm + _uniform(rng, -1.0, 1.0, 2 * n_points).reshape(n_points, 2) * noise


def spiral(
    n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 2
) -> tuple[Points, Labels]:
    """Two interleaved spiral arms: class 1 starts at angle 0, class 0 half a turn later.

    The noise moves each coordinate by U(-1, 1) * noise.

    Returns:
        points: (n_samples, 2) float64; labels: (n_samples,) int64.
    """
    n_positive, n_negative = _split_in_two(n_samples)
    points = np.concatenate(
        [_spiral_arm(n_positive, noise, rng, 0.0), _spiral_arm(n_negative, noise, rng, np.pi)]
    )
    return points, _binary_labels(n_positive, n_negative)


MOONS_SCALE = 3.0
"""Multiplier from scikit-learn's moon units (x in [-1, 2], y in [-0.5, 1]) to the view."""
MOONS_CENTRE = (0.5, 0.25)


def moons(
    n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 2
) -> tuple[Points, Labels]:
    """Two interleaving half circles (scikit-learn's ``make_moons``), scaled into the view.

    The noise is the standard deviation of the gaussian jitter in moon units (a moon has radius
    1), so 0.5 makes the moons overlap heavily. Class 0 is the upper moon, class 1 the lower one.
    The moons span [-4.5, 4.5] x [-2.25, 2.25]; the few points the jitter pushes past the edge
    of the view (under 4 % at noise 0.5) are clipped onto it.

    Returns:
        points: (n_samples, 2) float64; labels: (n_samples,) int64.
    """
    from sklearn.datasets import make_moons  # imported here: scikit-learn takes ~1 s to load

    seed = int(rng.integers(0, 2**31 - 1))
    raw, labels = make_moons(n_samples=n_samples, noise=noise, shuffle=False, random_state=seed)
    points = (raw - np.asarray(MOONS_CENTRE)) * MOONS_SCALE
    points = np.clip(points, -VIEW_HALF_WIDTH, VIEW_HALF_WIDTH)
    return points.astype(np.float64), labels.astype(np.int64)


BLOBS_RADIUS = 4.0
"""Distance of every blob centre from the origin."""


def blob_centres(n_classes: int) -> np.ndarray:
    """Centres (n_classes, 2) spaced evenly on a circle of radius 4, the first straight up."""
    angles = 2 * np.pi * np.arange(n_classes) / n_classes
    return _polar(np.full(n_classes, BLOBS_RADIUS), angles)


def blobs(
    n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 3
) -> tuple[Points, Labels]:
    """``n_classes`` (3 to 5) gaussian blobs with centres evenly spaced on a circle.

    The noise sets the spread: the standard deviation goes linearly from 0.5 (noise 0) to 2
    (noise 0.5). Classes are as balanced as possible (sizes differ by at most one).

    Returns:
        points: (n_samples, 2) float64; labels: (n_samples,) int64 in 0..n_classes-1.
    """
    std = 0.5 + (2.0 - 0.5) * noise / MAX_NOISE
    labels = np.arange(n_samples, dtype=np.int64) * n_classes // n_samples
    points = _normal_in_view(rng, blob_centres(n_classes)[labels], std)
    return points, labels


CHECKER_SIDE = 3.0
"""Side of a checkerboard square: 4 x 4 squares cover the view."""


def checkerboard_label(points: Points) -> Labels:
    """Class of each point (n, 2) on the board: 1 on the squares touching the origin's
    first and third quadrants (like xor near the centre), alternating from there."""
    cells = np.floor((points + VIEW_HALF_WIDTH) / CHECKER_SIDE).astype(np.int64)
    return ((cells[:, 0] + cells[:, 1]) % 2 == 0).astype(np.int64)


def checkerboard(
    n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 2
) -> tuple[Points, Labels]:
    """A 4 x 4 checkerboard of squares of side 3 over the view, points uniform on it.

    Label noise works as for xor: the coordinates used for the label are shifted by
    U(-3, 3) * noise (one square side at most, scaled by the noise); the points stay put.

    Returns:
        points: (n_samples, 2) float64; labels: (n_samples,) int64.
    """
    points = _uniform(rng, -VIEW_HALF_WIDTH, VIEW_HALF_WIDTH, 2 * n_samples).reshape(n_samples, 2)
    shift = _uniform(rng, -CHECKER_SIDE, CHECKER_SIDE, 2 * n_samples).reshape(n_samples, 2)
    return points, checkerboard_label(points + shift * noise)


CURVE_NOISE_HALF_WIDTH = 3.0
"""The label coordinates of a curve set are shifted by U(-3, 3) * noise: about the bends' size."""


def curve_set(name: str) -> Generator:
    """The set of the curve `name` (curves.py): points uniform over the view, class 1 on or
    above the curve. Label noise as for xor: the coordinates used for the label are shifted
    by U(-3, 3) * noise; the points stay put."""

    def generate(
        n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 2
    ) -> tuple[Points, Labels]:
        half, shift = VIEW_HALF_WIDTH, CURVE_NOISE_HALF_WIDTH
        points = _uniform(rng, -half, half, 2 * n_samples).reshape(n_samples, 2)
        shifts = _uniform(rng, -shift, shift, 2 * n_samples).reshape(n_samples, 2) * noise
        return points, curve_label(name, points + shifts)

    return generate


# ------------------------------------------------------------------------------- regression


def _uniform_view_points(
    n_samples: int, noise: float, rng: np.random.Generator
) -> tuple[Points, Points]:
    """Points U(-6, 6)^2 and the noise-shifted copy TF Playground computes regression labels on."""
    half = VIEW_HALF_WIDTH
    points = _uniform(rng, -half, half, 2 * n_samples).reshape(n_samples, 2)
    shift = _uniform(rng, -half, half, 2 * n_samples).reshape(n_samples, 2) * noise
    return points, points + shift


def plane(
    n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 0
) -> tuple[Points, Labels]:
    """A tilted plane: label = (x1 + x2) mapped from [-10, 10] to [-1, 1].

    As in TF Playground the noise shifts the coordinates the label is computed from by
    U(-6, 6) * noise. TF Playground lets corner labels exceed 1; here they are clipped to
    [-1, 1] so every regression label lies in that range.

    Returns:
        points: (n_samples, 2) float64; labels: (n_samples,) float64 in [-1, 1].
    """
    points, shifted = _uniform_view_points(n_samples, noise, rng)
    labels = np.clip(shifted.sum(axis=1) / 10.0, -1.0, 1.0)
    return points, labels


MULTI_GAUSS_BUMPS = np.array(
    [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]],
    dtype=np.float64,
)
"""Rows (centre x, centre y, sign) of the six bumps of the multi_gauss surface."""


def multi_gauss_surface(points: Points) -> Labels:
    """Value (n,) of the six-bump surface: each bump is sign * clamp(1 - distance / 2, 0, 1);
    the bump with the largest magnitude wins (the first one on ties, as in TF Playground)."""
    centres, signs = MULTI_GAUSS_BUMPS[:, :2], MULTI_GAUSS_BUMPS[:, 2]
    distances = np.linalg.norm(points[:, None, :] - centres[None, :, :], axis=2)
    values = signs * np.clip(1.0 - distances / 2.0, 0.0, 1.0)
    strongest = np.argmax(np.abs(values), axis=1)
    return values[np.arange(len(points)), strongest]


def multi_gauss(
    n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 0
) -> tuple[Points, Labels]:
    """Six signed bumps at x1 in {-4, 0, 4}, x2 = +-2.5, on points uniform over the view.

    The noise shifts the coordinates the label is computed from by U(-6, 6) * noise.

    Returns:
        points: (n_samples, 2) float64; labels: (n_samples,) float64 in [-1, 1].
    """
    points, shifted = _uniform_view_points(n_samples, noise, rng)
    return points, multi_gauss_surface(shifted)


# ------------------------------------------------------------------------------------ tables

CLASSIFICATION_GENERATORS: dict[str, Generator] = {
    "circle": circle,
    "xor": xor,
    "gauss": gauss,
    "spiral": spiral,
    "moons": moons,
    "blobs": blobs,
    "checkerboard": checkerboard,
    **{name: curve_set(name) for name in CURVES},
}
REGRESSION_GENERATORS: dict[str, Generator] = {"plane": plane, "multi_gauss": multi_gauss}
DATASET_PROBLEM: dict[str, Problem] = {
    **{name: "classification" for name in CLASSIFICATION_GENERATORS},
    **{name: "regression" for name in REGRESSION_GENERATORS},
}
MULTICLASS_DATASETS = frozenset({"blobs"})
"""Datasets whose number of classes is chosen by ``n_classes``; all others are binary."""


def dataset_n_classes(name: str, n_classes: int = 3) -> int:
    """Number of classes ``name`` produces: 0 for regression, 2 for binary sets, else n_classes."""
    if DATASET_PROBLEM[name] == "regression":
        return 0
    return n_classes if name in MULTICLASS_DATASETS else 2


def _check_arguments(name: str, n_samples: int, noise: float, n_classes: int) -> None:
    """Raise ValueError with a readable message if any argument of ``generate`` is invalid."""
    if name not in DATASET_PROBLEM:
        allowed = ", ".join(DATASET_PROBLEM)
        raise ValueError(f"Unknown dataset {name!r}; choose one of: {allowed}.")
    if not 0.0 <= noise <= MAX_NOISE:
        raise ValueError(f"noise must be between 0 and {MAX_NOISE}, got {noise}.")
    if name in MULTICLASS_DATASETS and not MIN_BLOB_CLASSES <= n_classes <= MAX_BLOB_CLASSES:
        raise ValueError(
            f"{name} needs {MIN_BLOB_CLASSES} to {MAX_BLOB_CLASSES} classes, got {n_classes}."
        )
    minimum = max(2, dataset_n_classes(name, n_classes))
    if int(n_samples) != n_samples or n_samples < minimum:
        raise ValueError(f"{name} needs a whole number of at least {minimum} points.")


def generate(
    name: str, n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 3
) -> tuple[Points, Labels]:
    """Generate the dataset ``name`` (a key of ``DATASET_PROBLEM``).

    Args:
        name: dataset name, e.g. "circle" or "plane".
        n_samples: number of points.
        noise: fraction from 0 to 0.5; what it does depends on the dataset.
        rng: the only source of randomness; the same generator state gives the same points.
        n_classes: number of classes for "blobs" (3 to 5); ignored by the other datasets.

    Returns:
        points: (n_samples, 2) float64 in [-6, 6]^2.
        labels: (n_samples,) int64 class indices, or float64 values in [-1, 1] for regression.

    Raises:
        ValueError: unknown name (the message lists the allowed ones) or invalid numbers.
    """
    _check_arguments(name, n_samples, noise, n_classes)
    generator = {**CLASSIFICATION_GENERATORS, **REGRESSION_GENERATORS}[name]
    points, labels = generator(int(n_samples), float(noise), rng, n_classes)
    return np.ascontiguousarray(points, dtype=np.float64), labels
