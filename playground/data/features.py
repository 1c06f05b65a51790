"""Input features: the quantities computed from a point (x1, x2) that the network sees.

TensorFlow Playground lets the learner feed the network more than the raw coordinates: squares,
their product and sines. Each feature here has a short name (used in configs and URLs), a pretty
label for the diagram (with subscripts and superscripts) and a function that maps points (n, 2)
to one value per point (n,). ``make_features`` stacks the chosen ones into the input matrix.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

FeatureFunction = Callable[[np.ndarray], np.ndarray]


def _x1(points: np.ndarray) -> np.ndarray:
    return points[:, 0]


def _x2(points: np.ndarray) -> np.ndarray:
    return points[:, 1]


def _x1_squared(points: np.ndarray) -> np.ndarray:
    return points[:, 0] ** 2


def _x2_squared(points: np.ndarray) -> np.ndarray:
    return points[:, 1] ** 2


def _x1_times_x2(points: np.ndarray) -> np.ndarray:
    return points[:, 0] * points[:, 1]


def _sin_x1(points: np.ndarray) -> np.ndarray:
    return np.sin(points[:, 0])


def _sin_x2(points: np.ndarray) -> np.ndarray:
    return np.sin(points[:, 1])


FEATURES: dict[str, FeatureFunction] = {
    "x1": _x1,
    "x2": _x2,
    "x1^2": _x1_squared,
    "x2^2": _x2_squared,
    "x1x2": _x1_times_x2,
    "sin_x1": _sin_x1,
    "sin_x2": _sin_x2,
}
"""Feature name -> function of points (n, 2) returning (n,)."""

FEATURE_LABELS: dict[str, str] = {
    "x1": "x₁",
    "x2": "x₂",
    "x1^2": "x₁²",
    "x2^2": "x₂²",
    "x1x2": "x₁x₂",
    "sin_x1": "sin(x₁)",
    "sin_x2": "sin(x₂)",
}
"""Feature name -> label shown in the network diagram."""

DEFAULT_FEATURES: tuple[str, ...] = ("x1", "x2")
"""TensorFlow Playground starts with the raw coordinates only."""


def check_feature_names(names: Sequence[str]) -> tuple[str, ...]:
    """Return ``names`` as a tuple after checking they are known, distinct and not empty.

    Raises:
        ValueError: an unknown name (the message lists the allowed ones), a repeated name, or
            no names at all.
    """
    names = tuple(names)
    if not names:
        raise ValueError("Choose at least one input feature.")
    unknown = [name for name in names if name not in FEATURES]
    if unknown:
        allowed = ", ".join(FEATURES)
        raise ValueError(f"Unknown feature {unknown[0]!r}; choose from: {allowed}.")
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"Feature {repeated[0]!r} is listed more than once.")
    return names


def make_features(
    points: np.ndarray, names: Sequence[str], dtype: np.dtype | type = np.float64
) -> np.ndarray:
    """Compute the chosen input features of each point.

    Args:
        points: (n, 2) raw coordinates (x1, x2).
        names: feature names, keys of ``FEATURES``, in the order of the network's inputs.
        dtype: dtype of the result (float32 for the grid the live view evaluates).

    Returns:
        (n, len(names)) array; column j is feature ``names[j]``.

    Raises:
        ValueError: unknown, repeated or missing feature names, or points not of shape (n, 2).
    """
    names = check_feature_names(names)
    points = np.asarray(points, dtype=np.float64)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"points must have shape (n, 2), got {points.shape}.")
    columns = [FEATURES[name](points) for name in names]
    return np.column_stack(columns).astype(dtype, copy=False)
