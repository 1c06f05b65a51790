"""Small helpers for the dataset tests (tests/unit/test_dataset_*.py, test_make_dataset.py), and
the CSV of points the upload tests send (tests/browser/test_data_io.py, tests/process)."""

from __future__ import annotations

import numpy as np

from playground.data import DATASET_PROBLEM

ALL_NAMES = list(DATASET_PROBLEM)


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def csv_points(rows: int = 80) -> str:
    """A valid points CSV (x1, x2, label) of `rows` rows on a small grid, two classes."""
    lines = ["x1,x2,label"]
    for i in range(rows):
        x, y = (i % 9) - 4, (i * 7 % 11) - 5
        lines.append(f"{x},{y},{int(x * y >= 0)}")
    return "\n".join(lines)
