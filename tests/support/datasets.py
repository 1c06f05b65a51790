"""Small helpers for the dataset tests (tests/unit/test_dataset_*.py, test_make_dataset.py)."""

from __future__ import annotations

import numpy as np

from playground.data import DATASET_PROBLEM

ALL_NAMES = list(DATASET_PROBLEM)


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)
