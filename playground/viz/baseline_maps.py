"""Pictures of the simpler models' predictions (`playground.analysis.baselines`), as RGB arrays.

Each map is coloured like the live view's output — orange for class 0 or low values, blue for
class 1 or high values, through grey at the boundary; the Okabe–Ito palette for more classes —
and the test points it was scored on are drawn on top, ringed in dark grey so they show on
either colour. No plotting library: the pictures are small and made once per fit.
"""

from __future__ import annotations

import numpy as np

from playground.analysis.baselines import BaselineFit
from playground.data.dataset import Dataset
from playground.viz.colors import label_colors
from playground.viz.thumbnails import BACKGROUND

RING = np.array([60, 60, 60], dtype=np.uint8)


def baseline_picture(fit: BaselineFit, data: Dataset, size: int = 192) -> np.ndarray:
    """A (size, size, 3) uint8 picture of `fit`'s map with `data`'s test points (a blank map
    when the model could not be fitted)."""
    return map_picture(fit.grid, data, size)


def map_picture(grid: np.ndarray | None, data: Dataset, size: int = 192) -> np.ndarray:
    """A (size, size, 3) uint8 picture of a prediction map over the view — P(class 1), a class
    or a value per point, as `analysis.baselines.map_points` lays them out — with `data`'s test
    points (a blank map for None)."""
    if grid is None:
        picture = np.full((2, 2, 3), BACKGROUND, dtype=np.uint8)
    else:
        colors = label_colors(grid.ravel(), data.problem, data.n_classes)
        picture = colors.reshape(*grid.shape, 3)
    rows = np.arange(size) * picture.shape[0] // size
    image = picture[rows][:, rows].copy()  # nearest-neighbour upsampling to `size`
    _draw_points(image, data)
    return image


def _draw_points(image: np.ndarray, data: Dataset) -> None:
    size = image.shape[0]
    lo, hi = data.bounds
    colors = label_colors(data.y_test, data.problem, data.n_classes)
    columns = np.clip(((data.x_test[:, 0] - lo) / (hi - lo) * (size - 1)).astype(int), 2, size - 3)
    rows = np.clip(((hi - data.x_test[:, 1]) / (hi - lo) * (size - 1)).astype(int), 2, size - 3)
    for dr in range(-2, 3):
        for dc in range(-2, 3):
            image[rows + dr, columns + dc] = RING
    for dr in range(-1, 2):
        for dc in range(-1, 2):
            image[rows + dr, columns + dc] = colors
