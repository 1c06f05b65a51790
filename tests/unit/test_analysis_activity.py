"""Gradient flow, activations and weights: vanishing gradients, saturated and dead units, L1/L2."""

from __future__ import annotations

import numpy as np
import pytest

from playground.analysis.activity import (
    activity_summary,
    clone_network,
    current_gradient_norms,
    dead_units,
    gradient_norm_history,
    hidden_values,
    layer_activity,
    layer_gradient_norms,
    layer_names,
    saturated_share,
    vanishing_ratio,
    weight_stats,
)
from playground.config import PlaygroundConfig
from playground.core.network import Network, NetworkSpec
from playground.trainer import Trainer


def deep_trainer(
    activation: str, batch_norm: bool = False, seed: int = 1, skip_connections: bool = False
) -> Trainer:
    config = PlaygroundConfig(
        dataset="circle",
        hidden_layers=(8,) * 6,
        activation=activation,
        batch_norm=batch_norm,
        skip_connections=skip_connections,
        seed=seed,
        n_samples=300,
    )
    trainer = Trainer(config)
    trainer.run_epochs(3)
    return trainer


def one_layer_network(activation: str, W: list[float], b: list[float]) -> Network:
    """A 1-input network with one hidden layer whose weights and biases are given."""
    spec = NetworkSpec(1, (len(W),), 1, "binary", activations=(activation,))
    network = Network(spec, np.random.default_rng(0))
    network.params[0]["W"][:] = [W]
    network.params[0]["b"][:] = b
    return network


# --- gradient flow ------------------------------------------------------------------------------
def test_deep_sigmoid_network_shows_vanishing_gradients_and_relu_and_batch_norm_close_the_gap():
    sigmoid = vanishing_ratio(current_gradient_norms(deep_trainer("sigmoid")))
    relu = vanishing_ratio(current_gradient_norms(deep_trainer("relu")))
    normalized = vanishing_ratio(current_gradient_norms(deep_trainer("sigmoid", batch_norm=True)))
    assert sigmoid < 1e-2  # the first layer's gradient is orders of magnitude below the output's
    assert relu > 100 * sigmoid
    assert normalized > 100 * sigmoid


def test_skip_connections_let_the_gradient_reach_a_deep_sigmoid_network_s_first_layer():
    plain = deep_trainer("sigmoid")
    skipped = deep_trainer("sigmoid", skip_connections=True)
    assert vanishing_ratio(current_gradient_norms(plain)) < 1e-2
    assert vanishing_ratio(current_gradient_norms(skipped)) > 100 * vanishing_ratio(
        current_gradient_norms(plain)
    )
    plain.run_epochs(150)
    skipped.run_epochs(150)  # and it learns the circle, which the plain one never starts to
    assert plain.history[-1]["test_accuracy"] < 0.7 < 0.95 < skipped.history[-1]["test_accuracy"]


def test_recorded_gradient_history_shows_the_same_gap():
    trainer = deep_trainer("sigmoid")
    epochs, norms = gradient_norm_history(trainer.history)
    np.testing.assert_array_equal(epochs, [1, 2, 3])
    assert norms.shape == (3, 7)
    assert np.all(norms[:, 0] < 1e-2 * norms[:, -1])


def test_gradient_norms_leave_the_network_and_its_random_streams_untouched():
    trainer = Trainer(PlaygroundConfig(hidden_layers=(4, 4), batch_norm=True, dropout=0.3))
    trainer.run_epochs(2)
    network = trainer.network
    before = network.get_state()
    grad_before = network.grad.copy()
    rng_states = [layer.rng.bit_generator.state for layer in network.dropout_layers]
    norms = current_gradient_norms(trainer)
    assert norms.shape == (3,) and np.all(norms > 0)
    for name, value in network.get_state().items():
        np.testing.assert_array_equal(value, before[name])
    np.testing.assert_array_equal(network.grad, grad_before)
    assert [layer.rng.bit_generator.state for layer in network.dropout_layers] == rng_states


def test_gradient_norms_equal_the_full_batch_gradient():
    trainer = Trainer(PlaygroundConfig(regularization="l2", regularization_rate=0.01))
    trainer.run_epochs(2)
    _, grads = clone_network(trainer.network).loss_and_grads(trainer.inputs_train, trainer.y_train)
    expected = [np.linalg.norm(block["W"]) for block in grads]
    norms = layer_gradient_norms(trainer.network, trainer.inputs_train, trainer.y_train)
    np.testing.assert_allclose(norms, expected, rtol=1e-12)


def test_layer_names_give_sizes_and_mark_the_output():
    network = Network(NetworkSpec(2, (4, 2), 1, "binary"), np.random.default_rng(0))
    assert layer_names(network) == ["layer 1 (2→4)", "layer 2 (4→2)", "output (2→1)"]


# --- activations --------------------------------------------------------------------------------
def test_hidden_values_match_the_networks_own_evaluation_pass():
    trainer = Trainer(PlaygroundConfig(hidden_layers=(5, 3), batch_norm=True))
    trainer.run_epochs(3)
    values, z_out = hidden_values(trainer.network, trainer.inputs_train)
    maps = trainer.network.evaluate_grid(trainer.inputs_train)
    for layer_values, grid in zip(values, maps.hidden, strict=True):
        np.testing.assert_allclose(layer_values.a, grid.T, atol=1e-5)
    np.testing.assert_allclose(trainer.network.head.output(z_out), maps.output, atol=1e-5)


def test_sigmoid_saturation_counts_exactly_on_constructed_inputs():
    # z = x, 10x, -10x on x = -1, 0, 0.5, 2: saturated (a < 0.02 or a > 0.98) are 0, 3 and 3.
    network = one_layer_network("sigmoid", [1.0, 10.0, -10.0], [0.0, 0.0, 0.0])
    inputs = np.array([[-1.0], [0.0], [0.5], [2.0]])
    (layer,) = layer_activity(network, inputs)
    assert layer.saturated_share == pytest.approx(6 / 12)
    assert layer.dead_units is None
    assert activity_summary(layer) == "50 % saturated"


def test_tanh_saturation_uses_the_0_96_limit():
    # tanh(2) = 0.964 is saturated, tanh(1) = 0.76 is not; unit 2 (z = 3x) is saturated at ±1, 2.
    network = one_layer_network("tanh", [1.0, 3.0], [0.0, 0.0])
    inputs = np.array([[-1.0], [0.0], [1.0], [2.0]])
    (layer,) = layer_activity(network, inputs)
    assert layer.saturated_share == pytest.approx(4 / 8)
    assert saturated_share(np.array([[0.959, -0.961]]), "tanh") == 0.5


def test_relu_dead_units_are_those_zero_on_every_point():
    network = one_layer_network("relu", [1.0, -1.0, 0.0], [0.0, 0.0, -1.0])
    (layer,) = layer_activity(network, np.array([[0.0], [1.0], [2.0]]))
    np.testing.assert_array_equal(layer.dead_units, [1, 2])
    assert layer.saturated_share is None
    assert activity_summary(layer) == "2 of 3 units dead, 78 % of values 0"  # 7 of 9
    # One point where unit 1 is active revives it.
    (layer,) = layer_activity(network, np.array([[0.0], [1.0], [-1.0]]))
    np.testing.assert_array_equal(layer.dead_units, [2])


def test_activations_without_saturation_or_death_report_neither():
    activations = np.zeros((5, 2))
    assert saturated_share(activations, "relu") is None
    assert dead_units(activations, "tanh") is None
    assert dead_units(activations, "leaky_relu") is None


# --- weights ------------------------------------------------------------------------------------
def trained_weights(regularization: str, rate: float) -> list:
    config = PlaygroundConfig(
        hidden_layers=(6, 6), regularization=regularization, regularization_rate=rate, seed=3
    )
    trainer = Trainer(config)
    trainer.run_epochs(60)
    return weight_stats(trainer.network)


def test_l1_drives_weights_to_exactly_zero_and_l2_shrinks_them():
    plain = trained_weights("none", 0.0)
    l1 = trained_weights("l1", 0.01)
    l2 = trained_weights("l2", 0.03)
    assert sum(layer.n_zero for layer in plain) == 0
    assert sum(layer.n_zero for layer in l1) >= 5
    assert sum(layer.n_zero for layer in l2) == 0
    total_norm = [np.sqrt(sum(layer.norm**2 for layer in stats)) for stats in (plain, l2)]
    assert total_norm[1] < 0.8 * total_norm[0]


def test_weight_stats_count_zeros_and_exclude_biases():
    network = one_layer_network("tanh", [0.0, 2.0, -2.0], [5.0, 5.0, 5.0])
    first = weight_stats(network)[0]
    np.testing.assert_array_equal(first.values, [0.0, 2.0, -2.0])
    assert first.n_zero == 1
    assert first.mean_abs == pytest.approx(4 / 3)
    assert first.norm == pytest.approx(np.sqrt(8))


def test_analysis_imports_neither_streamlit_nor_plotly():
    import ast
    from pathlib import Path

    import playground.analysis

    for path in Path(playground.analysis.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [alias.name for alias in getattr(node, "names", [])]
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            if isinstance(node, ast.Import | ast.ImportFrom):
                for name in names:
                    top = name.split(".")[0]
                    assert top not in ("streamlit", "plotly"), f"{path.name} imports {name}"
                    assert not name.startswith(("playground.viz", "playground.ui")), path.name
