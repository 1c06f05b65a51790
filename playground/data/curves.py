"""The curves of the function-boundary sets: class 1 above x2 = f(x1), class 0 below.

TensorFlow Playground's issue #252 asks for boundaries that are a function of one input: a
student then watches the hidden units' straight splits bend into the curve — gently for the
sine wave, with two turns for the cubic, at a sharp corner for |x|, which a few smooth units
can only round off. Each curve is scaled to the view [-6, 6]^2: the sine has amplitude 3 and
two periods across it, the cubic x³/16 − x turns at x1 = ±2.31 (x2 = ∓1.54) and crosses zero
at 0 and ±4, |x| − 2 bends at (0, −2). The sets themselves (points, noise) are in
generators.py.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

CURVES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sine": lambda x: 3.0 * np.sin(np.pi * x / 3.0),
    "cubic": lambda x: x**3 / 16.0 - x,
    "abs": lambda x: np.abs(x) - 2.0,
}
CURVE_FORMULAS = {"sine": "3 sin(π x₁ / 3)", "cubic": "x₁³ / 16 − x₁", "abs": "|x₁| − 2"}


def curve_label(name: str, points: np.ndarray) -> np.ndarray:
    """Class (n,) of each point (n, 2) for the curve `name`: 1 on or above it, else 0."""
    return (points[:, 1] >= CURVES[name](points[:, 0])).astype(np.int64)
