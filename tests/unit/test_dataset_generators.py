"""The toy dataset generators' contract (`playground.data.generate`): the tables list every
dataset, points have the right shape and dtype and stay in view, and bad arguments are refused.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.datasets import ALL_NAMES, rng

from playground.data import (
    CLASSIFICATION_GENERATORS,
    DATASET_PROBLEM,
    DEFAULT_SAMPLES,
    REGRESSION_GENERATORS,
    generate,
)


def expected_classes(name: str, n_classes: int = 3) -> int:
    return n_classes if name == "blobs" else 2


# ------------------------------------------------------------------------- tables and shapes


def test_tables_list_every_dataset_of_the_issue() -> None:
    assert set(CLASSIFICATION_GENERATORS) == {
        "circle",
        "xor",
        "gauss",
        "spiral",
        "moons",
        "blobs",
        "checkerboard",
        "sine",
        "cubic",
        "abs",
    }
    assert set(REGRESSION_GENERATORS) == {"plane", "multi_gauss"}
    assert DEFAULT_SAMPLES == {"classification": 500, "regression": 1200}
    assert {DATASET_PROBLEM[name] for name in REGRESSION_GENERATORS} == {"regression"}


@pytest.mark.parametrize("noise", [0.0, 0.25, 0.5])
@pytest.mark.parametrize("name", ALL_NAMES)
def test_generated_points_have_shape_dtype_and_stay_in_view(name: str, noise: float) -> None:
    n = DEFAULT_SAMPLES[DATASET_PROBLEM[name]]
    points, labels = generate(name, n, noise, rng(1), n_classes=4)
    assert points.shape == (n, 2) and points.dtype == np.float64
    assert labels.shape == (n,)
    assert np.all(np.abs(points) <= 6.0)
    if DATASET_PROBLEM[name] == "classification":
        assert labels.dtype == np.int64
        assert set(np.unique(labels)) == set(range(expected_classes(name, 4)))
    else:
        assert labels.dtype == np.float64
        assert np.all(np.abs(labels) <= 1.0)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_odd_point_counts_are_honoured(name: str) -> None:
    points, labels = generate(name, 101, 0.1, rng(), n_classes=3)
    assert len(points) == len(labels) == 101


@settings(max_examples=40, deadline=None)
@given(
    name=st.sampled_from(ALL_NAMES),
    n_samples=st.integers(5, 300),
    noise=st.floats(0.0, 0.5),
    seed=st.integers(0, 2**32 - 1),
)
def test_any_settings_give_finite_points_in_view(
    name: str, n_samples: int, noise: float, seed: int
) -> None:
    points, labels = generate(name, n_samples, noise, rng(seed), n_classes=5)
    assert points.shape == (n_samples, 2)
    assert np.all(np.isfinite(points)) and np.all(np.abs(points) <= 6.0)
    assert np.all(np.isfinite(labels))


# -------------------------------------------------------------------------------- validation


def test_unknown_dataset_name_lists_the_allowed_names() -> None:
    with pytest.raises(ValueError, match="Unknown dataset 'donut'") as error:
        generate("donut", 100, 0.0, rng())
    for name in ALL_NAMES:
        assert name in str(error.value)


@pytest.mark.parametrize("noise", [-0.01, 0.51, 5.0])
def test_noise_outside_zero_to_half_is_rejected(noise: float) -> None:
    with pytest.raises(ValueError, match="noise"):
        generate("circle", 100, noise, rng())


@pytest.mark.parametrize("n_classes", [2, 6])
def test_blobs_needs_three_to_five_classes(n_classes: int) -> None:
    with pytest.raises(ValueError, match="3 to 5 classes"):
        generate("blobs", 100, 0.0, rng(), n_classes=n_classes)


@pytest.mark.parametrize("n_samples", [0, 1, 2.5])
def test_too_few_or_fractional_point_counts_are_rejected(n_samples: float) -> None:
    with pytest.raises(ValueError, match="at least"):
        generate("xor", n_samples, 0.0, rng())  # type: ignore[arg-type]
