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
from playground.viz.colors import class_colors, diverging_rgb

RING = np.array([60, 60, 60], dtype=np.uint8)
BLANK = (247, 247, 247)  # the thumbnails' background


def baseline_picture(fit: BaselineFit, data: Dataset, size: int = 192) -> np.ndarray:
    """A (size, size, 3) uint8 picture of `fit`'s map with `data`'s test points (a blank map
    when the model could not be fitted)."""
    grid = fit.grid if fit.grid is not None else np.full((2, 2), np.nan)
    if fit.grid is None:
        colors = np.full((grid.size, 3), BLANK, dtype=np.uint8)
    elif data.problem == "regression":
        colors = diverging_rgb(grid.ravel())
    elif data.n_classes > 2:
        colors = class_colors(data.n_classes)[np.clip(grid.ravel().astype(int), 0, None)]
    else:
        colors = diverging_rgb(2.0 * grid.ravel() - 1.0)
    picture = colors.reshape(*grid.shape, 3)
    rows = np.arange(size) * grid.shape[0] // size
    image = picture[rows][:, rows].copy()  # nearest-neighbour upsampling to `size`
    _draw_points(image, data)
    return image


def _draw_points(image: np.ndarray, data: Dataset) -> None:
    size = image.shape[0]
    lo, hi = data.bounds
    labels = data.y_test
    if data.problem == "regression":
        colors = diverging_rgb(labels)
    elif data.n_classes > 2:
        colors = class_colors(data.n_classes)[labels.astype(int)]
    else:
        colors = diverging_rgb(2.0 * labels - 1.0)
    columns = np.clip(((data.x_test[:, 0] - lo) / (hi - lo) * (size - 1)).astype(int), 2, size - 3)
    rows = np.clip(((hi - data.x_test[:, 1]) / (hi - lo) * (size - 1)).astype(int), 2, size - 3)
    for dr in range(-2, 3):
        for dc in range(-2, 3):
            image[rows + dr, columns + dc] = RING
    for dr in range(-1, 2):
        for dc in range(-1, 2):
            image[rows + dr, columns + dc] = colors
