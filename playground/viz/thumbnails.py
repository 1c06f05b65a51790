"""Small pictures of each dataset for the dataset picker, as RGB arrays (no plotting library).

Each thumbnail draws a few hundred points of the dataset, generated with a fixed seed and noise 0,
as dots coloured like the live view (orange for class 0 or low values, blue for class 1 or high
values, the Okabe–Ito palette for more classes) on a light background.

The moons are drawn without scikit-learn: the dataset comes from its `make_moons`, and importing
scikit-learn takes 1–2 s, which the first page load after a server start spent on this picture
alone (the other thumbnails take well under a millisecond). At noise 0 the moons are two half
circles, computed here exactly as `make_moons` does.
"""

from __future__ import annotations

import numpy as np

from playground.data import DATASET_PROBLEM, generate
from playground.data.generators import MOONS_CENTRE, MOONS_SCALE
from playground.viz.colors import label_colors

BACKGROUND = np.array([247, 247, 247], dtype=np.uint8)


def dataset_thumbnail(name: str, size: int = 72, n_classes: int = 3) -> np.ndarray:
    """A (size, size, 3) uint8 picture of dataset `name`."""
    problem = DATASET_PROBLEM[name]
    n_points = 300 if problem == "classification" else 600
    if name == "moons":
        points, labels = noise_free_moons(n_points)
    else:
        rng = np.random.default_rng(0)
        points, labels = generate(name, n_points, 0.0, rng, n_classes=n_classes)
    classes = n_classes if name == "blobs" else 2
    return points_thumbnail(
        points, labels, problem, classes if problem != "regression" else 0, size
    )


def noise_free_moons(n_points: int) -> tuple[np.ndarray, np.ndarray]:
    """The moons dataset at noise 0 — `make_moons(n_points, noise=0, shuffle=False)` placed in
    the view as `playground.data.generators.moons` places it — without importing scikit-learn."""
    n_outer = n_points // 2
    n_inner = n_points - n_outer
    outer = np.linspace(0.0, np.pi, n_outer)
    inner = np.linspace(0.0, np.pi, n_inner)
    raw = np.concatenate(
        [
            np.column_stack([np.cos(outer), np.sin(outer)]),
            np.column_stack([1.0 - np.cos(inner), 1.0 - np.sin(inner) - 0.5]),
        ]
    )
    labels = np.concatenate([np.zeros(n_outer, np.int64), np.ones(n_inner, np.int64)])
    return (raw - np.asarray(MOONS_CENTRE)) * MOONS_SCALE, labels


def points_thumbnail(
    points: np.ndarray, labels: np.ndarray, problem: str, n_classes: int, size: int = 72
) -> np.ndarray:
    """A (size, size, 3) uint8 picture of points (n, 2) in [-6, 6]² coloured by label."""
    image = np.empty((size, size, 3), dtype=np.uint8)
    image[:] = BACKGROUND
    if len(points) == 0:
        return image
    colors = label_colors(labels, problem, n_classes)
    columns = np.clip(((points[:, 0] + 6) / 12 * (size - 2)).astype(int), 0, size - 2)
    rows = np.clip(((6 - points[:, 1]) / 12 * (size - 2)).astype(int), 0, size - 2)
    for dr in (0, 1):
        for dc in (0, 1):
            image[rows + dr, columns + dc] = colors
    return image
