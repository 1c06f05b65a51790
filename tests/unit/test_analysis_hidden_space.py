"""The hidden-space view: chosen neurons, PCA by SVD, and the warped grid of the input plane."""

from __future__ import annotations

import numpy as np
import pytest

from playground.analysis.activity import hidden_values
from playground.analysis.hidden_space import (
    fit_projection,
    grid_lines,
    hidden_space,
    hidden_space_for_trainer,
    principal_components,
)
from playground.config import PlaygroundConfig
from playground.core.network import Network, NetworkSpec
from playground.trainer import Trainer


def linear_network(W: np.ndarray, b: np.ndarray) -> Network:
    """2 inputs, one linear hidden layer with the given weights, then a binary output."""
    spec = NetworkSpec(2, (W.shape[1],), 1, "binary", activations=("linear",))
    network = Network(spec, np.random.default_rng(0))
    network.params[0]["W"][:] = W
    network.params[0]["b"][:] = b
    return network


def test_grid_lines_hold_one_coordinate_constant():
    values, x1_lines, x2_lines = grid_lines((-6.0, 6.0), n_lines=5, points_per_line=7)
    np.testing.assert_allclose(values, [-6, -3, 0, 3, 6])
    assert x1_lines.shape == x2_lines.shape == (5, 7, 2)
    np.testing.assert_allclose(x1_lines[:, :, 0], np.repeat(values[:, None], 7, axis=1))
    np.testing.assert_allclose(x2_lines[:, :, 1], np.repeat(values[:, None], 7, axis=1))
    np.testing.assert_allclose(x1_lines[2, :, 1], np.linspace(-6, 6, 7))


def test_a_linear_two_unit_layer_maps_the_grid_by_its_affine_map():
    W, b = np.array([[2.0, 1.0], [0.0, -1.0]]), np.array([0.5, 0.0])
    network = linear_network(W, b)
    inputs = np.array([[1.0, 2.0], [-3.0, 0.5], [0.0, 0.0]])
    space = hidden_space(network, inputs, np.array([0, 1, 0]), layer=0, n_lines=3)
    assert space.projection.method == "neurons"
    np.testing.assert_allclose(space.points, inputs @ W + b)
    _, x1_raw, x2_raw = grid_lines((-6.0, 6.0), 3)
    np.testing.assert_allclose(space.x1_lines, x1_raw @ W + b)
    np.testing.assert_allclose(space.x2_lines, x2_raw @ W + b)


def test_chosen_neurons_become_the_axes():
    W = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    network = linear_network(W, np.zeros(3))
    inputs = np.random.default_rng(0).normal(size=(20, 2))
    space = hidden_space(network, inputs, np.zeros(20), layer=0, units=(2, 0))
    np.testing.assert_allclose(space.points, (inputs @ W)[:, [2, 0]])
    assert space.projection.labels == ("neuron 3 of layer 1", "neuron 1 of layer 1")
    with pytest.raises(ValueError, match=r"choose two of 0\.\.2"):
        hidden_space(network, inputs, np.zeros(20), layer=0, units=(0, 3))


def test_principal_components_match_the_covariance_eigenvectors():
    rng = np.random.default_rng(1)
    activations = rng.normal(size=(300, 4)) @ rng.normal(size=(4, 4)) + 3.0
    mean, components, explained = principal_components(activations)
    eigenvalues, eigenvectors = np.linalg.eigh(np.cov(activations.T, bias=True))
    order = np.argsort(eigenvalues)[::-1][:2]
    for component, vector in zip(components, eigenvectors[:, order].T, strict=True):
        assert abs(abs(component @ vector) - 1.0) < 1e-8  # same direction up to sign
        assert component[np.abs(component).argmax()] > 0  # the sign rule
    np.testing.assert_allclose(explained, eigenvalues[order] / eigenvalues.sum(), rtol=1e-8)
    np.testing.assert_allclose(mean, activations.mean(axis=0))


def test_wider_layers_use_pca_fitted_on_the_given_points():
    trainer = Trainer(PlaygroundConfig(hidden_layers=(5, 2)))
    trainer.run_epochs(5)
    space = hidden_space_for_trainer(trainer, layer=0)
    assert space.projection.method == "pca"
    assert "principal component 1 of layer 1" in space.projection.labels[0]
    centred = space.points - space.points.mean(axis=0)
    # Principal coordinates are uncorrelated, and the first has the larger variance.
    covariance = centred.T @ centred
    assert abs(covariance[0, 1]) < 1e-8 * covariance[0, 0]
    assert covariance[0, 0] >= covariance[1, 1]
    assert space.x1_lines.shape == (11, 100, 2)


def test_trainer_view_uses_input_features_for_the_grid():
    config = PlaygroundConfig(features=("x1", "x2", "x1^2", "x2^2"), hidden_layers=(2,))
    trainer = Trainer(config)
    trainer.run_epochs(2)
    space = hidden_space_for_trainer(trainer, layer=0, n_lines=3)
    _, x1_raw, _ = grid_lines(trainer.data.bounds, 3)
    expected = hidden_values(trainer.network, trainer.features(x1_raw.reshape(-1, 2)))[0][0].a
    np.testing.assert_allclose(space.x1_lines.reshape(-1, 2), expected)
    np.testing.assert_array_equal(space.labels, trainer.y_train)


def test_a_one_neuron_layer_is_shown_on_a_line():
    projection = fit_projection(np.arange(6.0).reshape(6, 1), layer=1)
    assert projection.method == "single"
    np.testing.assert_allclose(projection.apply(np.array([[2.0]])), [[2.0, 0.0]])


def test_layer_index_is_checked():
    network = linear_network(np.eye(2), np.zeros(2))
    with pytest.raises(ValueError, match=r"hidden layer 0\.\.0"):
        hidden_space(network, np.zeros((3, 2)), np.zeros(3), layer=1)
