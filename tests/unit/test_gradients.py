"""Every gradient the engine computes equals central finite differences of its loss."""

from __future__ import annotations

import numpy as np
import pytest

from playground.core.activations import ACTIVATIONS
from playground.core.layers import BatchNorm, Dropout
from playground.core.losses import HEADS
from playground.core.network import Network, NetworkSpec
from playground.core.regularizers import REGULARIZERS

N_OUTPUTS = {"binary": 1, "multiclass": 3, "regression": 1}


def make_batch(kind: str, rng: np.random.Generator, n: int = 7, n_inputs: int = 3):
    x = rng.normal(size=(n, n_inputs))
    if kind == "multiclass":
        return x, rng.integers(0, 3, size=n)
    if kind == "binary":
        return x, rng.integers(0, 2, size=n)
    return x, rng.normal(size=n)


def numeric_gradient(network: Network, loss, h: float = 1e-6) -> np.ndarray:
    """Central differences of `loss()` with respect to every entry of network.theta."""
    gradient = np.zeros_like(network.theta)
    for i in range(network.theta.size):
        original = network.theta[i]
        network.theta[i] = original + h
        plus = loss()
        network.theta[i] = original - h
        minus = loss()
        network.theta[i] = original
        gradient[i] = (plus - minus) / (2 * h)
    return gradient


def check_gradients(network: Network, x: np.ndarray, labels: np.ndarray) -> None:
    _, grads = network.loss_and_grads(x, labels)
    analytic = np.concatenate(
        [np.concatenate([g.ravel() for g in block.values()]) for block in grads]
    )
    analytic_flat = network.grad.copy()
    numeric = numeric_gradient(network, lambda: network.loss_and_grads(x, labels)[0])
    np.testing.assert_allclose(analytic_flat, numeric, rtol=1e-5, atol=1e-7)
    # The per-layer dicts ([W; b], gamma, beta per block) hold the flat vector's numbers in order.
    np.testing.assert_array_equal(analytic, analytic_flat)


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("head", sorted(HEADS))
def test_gradient_every_activation_and_head(activation: str, head: tuple[str, str]) -> None:
    kind, loss = head
    rng = np.random.default_rng(1)
    spec = NetworkSpec(3, (5, 4), N_OUTPUTS[kind], kind, loss, activations=(activation,) * 2)
    network = Network(spec, rng)
    check_gradients(network, *make_batch(kind, rng))


@pytest.mark.parametrize("regularization", sorted(REGULARIZERS))
def test_gradient_with_each_regularizer(regularization: str) -> None:
    rng = np.random.default_rng(2)
    network = Network(NetworkSpec(3, (4, 3), 1, "binary"), rng)
    network.regularization, network.regularization_rate = regularization, 0.3
    check_gradients(network, *make_batch("binary", rng))


def test_regularizer_applies_to_weights_only() -> None:
    rng = np.random.default_rng(3)
    network = Network(NetworkSpec(2, (3,), 1, "binary", batch_norm=True), rng)
    x, labels = make_batch("binary", rng, n_inputs=2)
    _, plain = network.loss_and_grads(x, labels)
    network.regularization, network.regularization_rate = "l2", 0.5
    _, penalized = network.loss_and_grads(x, labels)
    for before, after, params in zip(plain, penalized, network.params, strict=True):
        np.testing.assert_allclose(after["W"] - before["W"], 0.5 * params["W"], atol=1e-12)
        np.testing.assert_allclose(after["b"], before["b"])
        for name in ("gamma", "beta"):
            if name in params:
                np.testing.assert_allclose(after[name], before[name])


@pytest.mark.parametrize("kind", ["binary", "multiclass", "regression"])
def test_gradient_with_batch_norm(kind: str) -> None:
    rng = np.random.default_rng(4)
    loss = "squared_error" if kind == "regression" else "cross_entropy"
    spec = NetworkSpec(3, (5, 4), N_OUTPUTS[kind], kind, loss, batch_norm=True)
    network = Network(spec, rng)
    network.params[0]["gamma"][:] = rng.uniform(0.5, 1.5, 5)
    network.params[1]["beta"][:] = rng.normal(size=4)
    check_gradients(network, *make_batch(kind, rng, n=9))


def test_gradient_with_dropout_under_a_fixed_mask() -> None:
    rng = np.random.default_rng(5)
    spec = NetworkSpec(3, (6, 5), 1, "binary", dropout=(0.5, 0.3), activations=("relu", "tanh"))
    network = Network(spec, rng)
    x, labels = make_batch("binary", rng, n=8)
    for layer in network.dropout_layers:
        keep = rng.random((8, layer.units)) >= layer.rate
        layer.fixed_mask = keep / (1 - layer.rate)
        assert 0 < keep.sum() < keep.size
    check_gradients(network, x, labels)


def test_gradient_with_everything_at_once() -> None:
    rng = np.random.default_rng(6)
    spec = NetworkSpec(
        3,
        (5, 4, 3),
        3,
        "multiclass",
        activations=("swish", "elu", "sigmoid"),
        dropout=(0.2, 0.0, 0.4),
        batch_norm=True,
        weight_init="he",
    )
    network = Network(spec, rng)
    network.regularization, network.regularization_rate = "l1", 0.05
    x, labels = make_batch("multiclass", rng, n=10)
    for layer in network.dropout_layers:
        layer.fixed_mask = (rng.random((10, layer.units)) >= layer.rate) / (1 - layer.rate)
    check_gradients(network, x, labels)


def test_no_hidden_layers_is_logistic_regression() -> None:
    rng = np.random.default_rng(7)
    network = Network(NetworkSpec(3, (), 1, "binary"), rng)
    x, labels = make_batch("binary", rng)
    check_gradients(network, x, labels)
    p = 1 / (1 + np.exp(-(x @ network.params[0]["W"] + network.params[0]["b"])))
    np.testing.assert_allclose(network.predict(x), p)


def test_batch_norm_normalizes_in_training_and_uses_running_stats_in_evaluation() -> None:
    norm = BatchNorm(3)
    norm.bind(
        {"gamma": np.ones(3), "beta": np.zeros(3)}, {"gamma": np.zeros(3), "beta": np.zeros(3)}
    )
    x = np.random.default_rng(8).normal(5.0, 2.0, size=(50, 3))
    out = norm.forward(x, training=True)
    np.testing.assert_allclose(out.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=0), x.var(axis=0) / (x.var(axis=0) + 1e-5))
    np.testing.assert_allclose(norm.running_mean, 0.1 * x.mean(axis=0))
    np.testing.assert_allclose(norm.running_var, 0.9 + 0.1 * x.var(axis=0))
    evaluated = norm.forward(x, training=False)
    np.testing.assert_allclose(
        evaluated, (x - norm.running_mean) / np.sqrt(norm.running_var + 1e-5)
    )


def test_dropout_is_inverted_and_off_in_evaluation() -> None:
    layer = Dropout(0.25, 1000, np.random.default_rng(9))
    x = np.ones((200, 1000))
    out = layer.forward(x, training=True)
    assert set(np.unique(out)) == {0.0, 1 / 0.75}
    assert abs((out == 0).mean() - 0.25) < 0.01
    assert layer.forward(x, training=False) is x


def test_dropout_masks_drawn_ahead_are_fresh_each_batch_and_follow_the_rate() -> None:
    layer = Dropout(0.5, 16, np.random.default_rng(3))
    x = np.ones((10, 16))
    masks = [layer.forward(x, training=True).copy() for _ in range(60)]  # crosses pool refills
    assert len({m.tobytes() for m in masks}) == 60  # no batch reuses another's mask
    assert abs(np.mean([(m == 0).mean() for m in masks]) - 0.5) < 0.03
    layer.rate = 0.2  # a changed rate takes effect at the next batch
    later = np.stack([layer.forward(x, training=True) for _ in range(40)])
    assert abs((later == 0).mean() - 0.2) < 0.03 and set(np.unique(later)) == {0.0, 1 / 0.8}
    big = layer.forward(np.ones((1000, 16)), training=True)  # a batch larger than the pool
    assert big.shape == (1000, 16) and abs((big == 0).mean() - 0.2) < 0.03


# --- skip connections ----------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["binary", "multiclass", "regression"])
def test_gradient_with_skip_connections(kind: str) -> None:
    rng = np.random.default_rng(8)
    loss = "squared_error" if kind == "regression" else "cross_entropy"
    # 4 → 4 → 3 → 3: skips around the second and the fourth hidden layer, none around the third
    spec = NetworkSpec(3, (4, 4, 3, 3), N_OUTPUTS[kind], kind, loss, skip_connections=True)
    assert spec.skips == (False, True, False, True)
    network = Network(spec, rng)
    check_gradients(network, *make_batch(kind, rng, n=6))


def test_gradient_with_skip_connections_batch_norm_and_dropout() -> None:
    rng = np.random.default_rng(9)
    spec = NetworkSpec(
        3, (5, 5, 5), 1, "binary", activations=("sigmoid", "relu", "tanh"),
        dropout=(0.0, 0.3, 0.5), batch_norm=True, skip_connections=True,
    )  # fmt: skip
    network = Network(spec, rng)
    network.regularization, network.regularization_rate = "l2", 0.1
    x, labels = make_batch("binary", rng, n=8)
    for layer in network.dropout_layers:
        layer.fixed_mask = (rng.random((8, layer.units)) >= layer.rate) / (1 - layer.rate)
    check_gradients(network, x, labels)


def test_a_skip_connection_adds_the_layer_input_to_its_output() -> None:
    rng = np.random.default_rng(10)
    spec = NetworkSpec(
        2, (3, 3), 1, "regression", "squared_error", activations=("tanh", "relu"),
        skip_connections=True,
    )  # fmt: skip
    network = Network(spec, rng)
    x = rng.normal(size=(5, 2))
    (first, second), out = network.params[:2], network.params[2]
    h1 = np.tanh(x @ first["W"] + first["b"])
    h2 = h1 + np.maximum(h1 @ second["W"] + second["b"], 0.0)
    np.testing.assert_allclose(network.predict(x), h2 @ out["W"] + out["b"])
    maps = network.evaluate_grid(x)  # each neuron's map is the layer's output, skip included
    np.testing.assert_allclose(maps.hidden[1], h2.T, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(maps.hidden[0], h1.T, rtol=1e-5, atol=1e-6)


def test_skip_connections_only_join_layers_of_equal_width() -> None:
    from playground.core.network import skip_layers

    assert skip_layers(()) == ()
    assert skip_layers((8,)) == (False,)
    assert skip_layers((8, 8, 4, 4, 8)) == (False, True, False, True, False)
    assert NetworkSpec(2, (8, 8), 1, "binary").skips == (False, False)  # off unless asked
