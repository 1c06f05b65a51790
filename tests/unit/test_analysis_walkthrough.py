"""One backpropagation step written out: its numbers are the engine's and the calculus's."""

from __future__ import annotations

import numpy as np
import pytest

from playground.analysis.activity import clone_network
from playground.analysis.walkthrough import backprop_step, backprop_step_for_trainer
from playground.analysis.walkthrough_equations import (
    backward_equation,
    bias_equation,
    factor,
    forward_equation,
    loss_equation,
    num,
    update_equation,
    weight_equation,
)
from playground.config import PlaygroundConfig
from playground.core.network import Network, NetworkSpec
from playground.trainer import Trainer

HEADS = [
    ("binary", "cross_entropy", 1, 1),
    ("binary", "squared_error", 1, 0),
    ("multiclass", "cross_entropy", 3, 2),
    ("regression", "squared_error", 1, -0.4),
]
REGULARIZATION = [("none", 0.0), ("l2", 0.05), ("l1", 0.02)]


def make_network(kind: str, loss: str, n_outputs: int, activations=("tanh", "sigmoid")) -> Network:
    spec = NetworkSpec(3, (4, 3), n_outputs, kind, loss, activations=activations)
    return Network(spec, np.random.default_rng(7))


def flat(grads: list[dict[str, np.ndarray]]) -> np.ndarray:
    """Gradients in the order of `Network.theta`: per block [W; b] row by row."""
    return np.concatenate([np.vstack([g["W"], g["b"]]).ravel() for g in grads])


def point_loss(network: Network, x: np.ndarray, label: float) -> float:
    return network.loss_and_grads(x[None, :], np.array([label]))[0]


@pytest.mark.parametrize("regularization", REGULARIZATION)
@pytest.mark.parametrize("head", HEADS)
def test_step_equals_the_engine_on_that_single_point(head, regularization):
    kind, loss, n_outputs, label = head
    network = make_network(kind, loss, n_outputs)
    network.regularization, network.regularization_rate = regularization
    x = np.array([0.7, -1.3, 2.1])
    step = backprop_step(network, x, label, learning_rate=0.1)
    engine_loss, engine_grads = clone_network(network).loss_and_grads(x[None, :], np.array([label]))
    assert step.loss == pytest.approx(engine_loss, rel=1e-12)
    np.testing.assert_allclose(flat(step.grads()), flat(engine_grads), rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("regularization", REGULARIZATION)
@pytest.mark.parametrize("head", HEADS)
def test_step_gradients_equal_central_finite_differences(head, regularization):
    kind, loss, n_outputs, label = head
    network = make_network(kind, loss, n_outputs, activations=("relu", "elu"))
    network.regularization, network.regularization_rate = regularization
    x = np.array([0.4, 0.9, -0.6])
    analytic = flat(backprop_step(network, x, label, learning_rate=0.1).grads())
    probe, h = clone_network(network), 1e-6
    numeric = np.zeros_like(probe.theta)
    for i in range(probe.theta.size):
        original = probe.theta[i]
        probe.theta[i] = original + h
        plus = point_loss(probe, x, label)
        probe.theta[i] = original - h
        minus = point_loss(probe, x, label)
        probe.theta[i] = original
        numeric[i] = (plus - minus) / (2 * h)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("regularization", REGULARIZATION)
def test_new_loss_equals_a_fresh_forward_pass_with_the_updated_weights(regularization):
    network = make_network("binary", "cross_entropy", 1)
    network.regularization, network.regularization_rate = regularization
    x, label, rate = np.array([1.0, 0.5, -0.5]), 1, 0.3
    step = backprop_step(network, x, label, learning_rate=rate)
    updated = clone_network(network)
    for block, layer in zip(updated.params, step.layers, strict=True):
        block["W"][:], block["b"][:] = layer.new_W, layer.new_b
    assert step.new_loss == pytest.approx(point_loss(updated, x, label), rel=1e-12)
    assert step.new_loss < step.loss  # a small step downhill lowers the loss on the point
    for layer in step.layers:
        moved = layer.new_W != 0.0
        np.testing.assert_allclose(layer.new_W[moved], (layer.W - rate * layer.dW)[moved])
        np.testing.assert_allclose(layer.new_b, layer.b - rate * layer.db)


def test_l1_update_sets_weights_that_cross_zero_to_exactly_zero():
    network = make_network("binary", "cross_entropy", 1)
    network.regularization, network.regularization_rate = "l1", 5.0
    step = backprop_step(network, np.array([1.0, 0.5, -0.5]), 1, learning_rate=1.0)
    zeros = sum(int(np.sum((layer.new_W == 0.0) & (layer.W != 0.0))) for layer in step.layers)
    assert step.n_zeroed == zeros > 0
    assert "crossed zero under L1, set to 0" in " ".join(
        update_equation(step, layer.number, j, k)
        for layer in step.layers
        for j, k in np.ndindex(layer.W.shape)
    )


def test_the_trainers_network_is_never_changed():
    trainer = Trainer(PlaygroundConfig())
    trainer.run_epochs(2)
    before, grad = trainer.network.get_state(), trainer.network.grad.copy()
    step = backprop_step_for_trainer(trainer, index=4, learning_rate=1.0)
    np.testing.assert_array_equal(trainer.network.theta, before["theta"])
    np.testing.assert_array_equal(trainer.network.grad, grad)
    np.testing.assert_array_equal(step.layers[0].inputs, trainer.inputs_train[4])
    assert step.input_names == ("x₁", "x₂")
    assert step.learning_rate == 1.0
    with pytest.raises(ValueError, match=r"choose a training point 0\.\.249"):
        backprop_step_for_trainer(trainer, index=250)


def test_batch_norm_and_dropout_are_refused_with_the_reason():
    with pytest.raises(ValueError, match="batch statistics of a single point are degenerate"):
        backprop_step_for_trainer(Trainer(PlaygroundConfig(batch_norm=True)), 0)
    with pytest.raises(ValueError, match="dropout is random"):
        backprop_step_for_trainer(Trainer(PlaygroundConfig(dropout=0.2)), 0)


def test_chain_rule_strings_carry_the_numbers_of_every_layer():
    network = make_network("binary", "cross_entropy", 1)
    network.regularization, network.regularization_rate = "l2", 0.05
    step = backprop_step(network, np.array([0.7, -1.3, 2.1]), 1, learning_rate=0.1)
    hidden, after = step.layers[0], step.layers[1]
    text = backward_equation(step, 1, 0)
    assert text.startswith("∂L/∂z₁¹ = (Σₘ w₁ₘ² · ∂L/∂zₘ²) · tanh′(z₁¹) = (")
    for m in range(3):
        assert f"{factor(after.W[0, m])}·{factor(after.dz[m])}" in text
    assert text.endswith(f"· {factor(hidden.slope[0])} = {num(hidden.dz[0])}")
    assert backward_equation(step, 2, 1).startswith("∂L/∂z₂² = (Σₘ w₂ₘ³ · ∂L/∂zₘ³) · σ′(z₂²)")
    output = step.layers[2]
    assert backward_equation(step, 3, 0) == (
        f"∂L/∂z₁³ = p − t = {num(output.a[0])} − 1 = {num(output.dz[0])}"
    )
    forward = forward_equation(step, 1, 2)
    assert forward.startswith("z₃¹ = w₁₃¹·x₁ + w₂₃¹·x₂ + w₃₃¹·x₃ + b₃¹ = ")
    assert forward.endswith(f"a₃¹ = tanh(z₃¹) = {num(hidden.a[2])}")
    weight = weight_equation(step, 2, 3, 1)
    assert weight == (
        f"∂L/∂w₄₂² = a₄¹ · ∂L/∂z₂² + λ·w₄₂² = {factor(hidden.a[3])}·{factor(after.dz[1])} + "
        f"0.05·{factor(after.W[3, 1])} = {num(after.dW[3, 1])}"
    )
    assert bias_equation(step, 2, 0) == f"∂L/∂b₁² = ∂L/∂z₁² = {num(after.db[0])}"
    assert loss_equation(step).startswith("L = −[t·log p + (1 − t)·log(1 − p)] = −log(")
    assert "penalty λ·½Σw²" in loss_equation(step)


def test_number_format_uses_true_minus_signs_and_powers_of_ten():
    assert num(-0.034212) == "−0.0342"
    assert num(7.3612e-07) == "7.36×10⁻⁷"
    assert factor(-2.0) == "(−2)"
    assert factor(2.0) == "2"
