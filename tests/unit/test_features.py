"""Tests of the input features table and make_features (playground.data.features)."""

from __future__ import annotations

import numpy as np
import pytest

from playground.data import DEFAULT_FEATURES, FEATURE_LABELS, FEATURES, make_features

POINTS = np.array([[1.0, 2.0], [-3.0, 0.5], [0.0, -6.0], [np.pi / 2, -np.pi / 2]])
X1, X2 = POINTS[:, 0], POINTS[:, 1]
EXPECTED = {
    "x1": X1,
    "x2": X2,
    "x1^2": X1**2,
    "x2^2": X2**2,
    "x1x2": X1 * X2,
    "sin_x1": np.sin(X1),
    "sin_x2": np.sin(X2),
}


def test_the_seven_features_of_tf_playground_are_available_with_labels() -> None:
    assert list(FEATURES) == ["x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2"]
    assert set(FEATURE_LABELS) == set(FEATURES)
    assert FEATURE_LABELS["x1^2"] == "x₁²" and FEATURE_LABELS["sin_x2"] == "sin(x₂)"
    assert DEFAULT_FEATURES == ("x1", "x2")


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_feature_computes_its_formula(name: str) -> None:
    values = FEATURES[name](POINTS)
    assert values.shape == (len(POINTS),)
    np.testing.assert_allclose(values, EXPECTED[name], rtol=0, atol=1e-15)


def test_make_features_stacks_columns_in_the_requested_order() -> None:
    names = ["sin_x2", "x1", "x1x2"]
    inputs = make_features(POINTS, names)
    assert inputs.shape == (4, 3) and inputs.dtype == np.float64
    for column, name in enumerate(names):
        np.testing.assert_array_equal(inputs[:, column], EXPECTED[name])


def test_make_features_can_return_float32_for_the_grid() -> None:
    inputs = make_features(POINTS, ["x1", "x2^2"], dtype=np.float32)
    assert inputs.dtype == np.float32
    np.testing.assert_allclose(inputs, np.column_stack([X1, X2**2]), rtol=1e-6)


def test_unknown_feature_raises_value_error_listing_the_allowed_names() -> None:
    with pytest.raises(ValueError, match="Unknown feature 'cos_x1'") as error:
        make_features(POINTS, ["x1", "cos_x1"])
    for name in FEATURES:
        assert name in str(error.value)


def test_no_feature_or_a_repeated_feature_is_rejected() -> None:
    with pytest.raises(ValueError, match="at least one"):
        make_features(POINTS, [])
    with pytest.raises(ValueError, match="more than once"):
        make_features(POINTS, ["x1", "x2", "x1"])


@pytest.mark.parametrize("shape", [(4,), (4, 3), (2, 2, 2)])
def test_points_must_have_two_columns(shape: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        make_features(np.zeros(shape), ["x1"])


def test_features_of_no_points_are_an_empty_matrix() -> None:
    inputs = make_features(np.zeros((0, 2)), ["x1", "sin_x1"])
    assert inputs.shape == (0, 2)
