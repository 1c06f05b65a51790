"""The playground's colours, shared by the static figures (the live canvas has the same in JS).

Values in [-1, 1] go from orange (negative, class 0) through light grey (zero) to blue (positive,
class 1) — TensorFlow Playground's scale, which stays distinguishable for the common forms of
colour blindness. More than two classes use the Okabe–Ito palette, designed for the same purpose.
"""

from __future__ import annotations

import numpy as np

ORANGE = (245, 147, 34)  # #f59322
GREY = (232, 234, 235)  # #e8eaeb
BLUE = (8, 119, 189)  # #0877bd
OKABE_ITO = [
    (230, 159, 0),
    (86, 180, 233),
    (0, 158, 115),
    (240, 228, 66),
    (0, 114, 178),
    (213, 94, 0),
    (204, 121, 167),
    (0, 0, 0),
]
TRAIN_COLOR, TEST_COLOR = "#0877bd", "#f59322"


def diverging_rgb(values: np.ndarray) -> np.ndarray:
    """(n, 3) uint8 colours for values in [-1, 1] (clipped)."""
    v = np.clip(np.asarray(values, dtype=np.float64), -1.0, 1.0)[:, None]
    grey, orange, blue = (np.array(c, dtype=np.float64) for c in (GREY, ORANGE, BLUE))
    rgb = np.where(v < 0, grey + (orange - grey) * -v, grey + (blue - grey) * v)
    return rgb.round().astype(np.uint8)


def class_colors(n_classes: int) -> np.ndarray:
    """(n_classes, 3) uint8 colours for class indices 0..n-1."""
    if n_classes == 2:
        return np.array([ORANGE, BLUE], dtype=np.uint8)
    return np.array([OKABE_ITO[i % len(OKABE_ITO)] for i in range(n_classes)], dtype=np.uint8)


def label_colors(values: np.ndarray, problem: str, n_classes: int) -> np.ndarray:
    """(n, 3) uint8 colours of labels or predictions: a regression value in [-1, 1] on the
    diverging scale, a class index of more than two classes in the palette, and a binary
    class (or P(class 1)) on the diverging scale, orange at 0 and blue at 1."""
    values = np.asarray(values)
    if problem == "regression":
        return diverging_rgb(values)
    if n_classes > 2:
        return class_colors(n_classes)[values.astype(int)]
    return diverging_rgb(2.0 * values - 1.0)


def hex_color(rgb: tuple[int, int, int] | np.ndarray) -> str:
    r, g, b = (int(c) for c in rgb)
    return f"#{r:02x}{g:02x}{b:02x}"
