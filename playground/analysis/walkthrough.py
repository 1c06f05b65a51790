"""Backpropagation step by step, with every number, for one training point.

Training does millions of these, too fast to follow; here is one, written out. The forward pass
computes, layer by layer, each neuron's weighted sum z = Σⱼ wⱼₖ·aⱼ + bₖ and its activation
a = f(z); the loss compares the output with the target. The backward pass applies the chain rule
from the loss back to the inputs: the output layer's ∂L/∂z (for the matched output and loss pairs
simply "output − target"), then for each hidden neuron ∂L/∂z = (Σₖ wₖ·∂L/∂zₖ of the next layer) ·
f′(z), and for each weight ∂L/∂w = (the activation it multiplies) · ∂L/∂z (plus the penalty's
slope when regularization is on). Last, one plain gradient-descent update w ← w − η·∂L/∂w and the
new loss on the same point. The computation works on copies of the parameters, never on the
trainer's network. Notation: layer 0 is the input, hidden layers are 1…L, the output layer L+1;
wⱼₖˡ joins neuron j of layer l−1 to neuron k of layer l; all indices are shown 1-based. The
equations that write the numbers out are in `walkthrough_equations`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from playground.analysis.walkthrough_equations import SUBSCRIPTS
from playground.core.activations import get_activation
from playground.core.network import Network
from playground.core.regularizers import get_regularizer
from playground.data.features import FEATURE_LABELS

if TYPE_CHECKING:
    from playground.trainer import Trainer

Array = np.ndarray
OUTPUT_FUNCTIONS = {"binary": "sigmoid", "multiclass": "softmax", "regression": "linear"}


@dataclass(frozen=True)
class LayerStep:
    """One dense layer's numbers for the point (layer `number`, 1-based; the output is L+1).

    inputs: (n_in,) the previous layer's activations aˡ⁻¹ (the input features for layer 1).
    W, b: (n_in, n_out), (n_out,) the parameters before the update; new_W, new_b after it.
    z, a: (n_out,) weighted sums and activations (for the output layer a is the network output).
    dz: (n_out,) ∂L/∂z. da, slope: (n_out,) ∂L/∂a and f′(z) for hidden layers, None for the output.
    dW: (n_in, n_out) ∂L/∂W including the penalty's part penalty_dW; db: (n_out,) ∂L/∂b.
    """

    number: int
    activation: str
    is_output: bool
    inputs: Array
    W: Array
    b: Array
    z: Array
    a: Array
    dz: Array
    da: Array | None
    slope: Array | None
    dW: Array  # noqa: N815
    penalty_dW: Array  # noqa: N815
    db: Array
    new_W: Array  # noqa: N815
    new_b: Array


@dataclass(frozen=True)
class BackpropStep:
    """Everything about one gradient-descent step on one point; see the module docstring."""

    index: int | None
    input_names: tuple[str, ...]
    output_kind: str
    loss_name: str
    label: float
    target: Array  # (n_outputs,)
    layers: list[LayerStep]
    data_loss: float
    penalty: float
    regularization: str
    regularization_rate: float
    learning_rate: float
    n_zeroed: int  # weights the L1 rule set to exactly zero in the update
    new_data_loss: float
    new_penalty: float

    @property
    def loss(self) -> float:
        return self.data_loss + self.penalty

    @property
    def new_loss(self) -> float:
        return self.new_data_loss + self.new_penalty

    def grads(self) -> list[dict[str, Array]]:
        """∂L/∂W and ∂L/∂b per dense block, shaped like `Network.params`."""
        return [{"W": layer.dW, "b": layer.db} for layer in self.layers]


def check_walkable(network: Network) -> None:
    """ValueError, saying why, for networks whose single-point step is not well defined."""
    if network.spec.batch_norm:
        raise ValueError(
            "The step-by-step view needs a network without batch norm: the batch statistics of "
            "a single point are degenerate (its mean is the point itself and its variance is "
            "zero), so every normalized value would be 0."
        )
    if any(network.spec.skips):
        raise ValueError(
            "The step-by-step view follows plain layers, one after the other; this network has "
            "skip connections. Turn them off to follow one step."
        )
    if any(rate > 0 for rate in network.spec.dropout):
        raise ValueError(
            "The step-by-step view needs a network without dropout: dropout is random (each "
            "training pass silences a different random set of neurons), so the numbers would "
            "change every time. Set dropout to 0 to follow one step."
        )


def backprop_step(
    network: Network,
    inputs: Array,
    label: float,
    learning_rate: float,
    index: int | None = None,
    input_names: tuple[str, ...] | None = None,
) -> BackpropStep:
    """Forward pass, loss, backward pass and one gradient-descent update on one point.

    Parameters
    ----------
    network : without batch norm or dropout (`check_walkable`); only read. Its regularization
        and regularization_rate are used, like `Network.loss_and_grads`.
    inputs : (n_inputs,) the point's input features.
    label : its class index or regression value.
    learning_rate : η of the update w ← w − η·∂L/∂w (under L1 a weight that would cross zero is
        set to 0, as in training).
    index : the point's index in the training set, for display.
    input_names : labels of the inputs (default x₁, x₂, …).
    """
    check_walkable(network)
    x = np.asarray(inputs, dtype=np.float64).ravel()
    target = network.targets(np.array([label]))[0]
    params = [(block["W"].copy(), block["b"].copy()) for block in network.params]
    forward = _forward(network, params, x)
    deltas, da, slopes = _backward(network, params, forward, target)
    reg, rate = network.regularization, network.regularization_rate
    regularizer = get_regularizer(reg if rate else "none")
    steps = [
        _layer_step(network, i, params[i], forward[i], (deltas[i], da[i], slopes[i]),
                    learning_rate, regularizer, rate)
        for i in range(len(params))
    ]  # fmt: skip
    layers = [layer for layer, _ in steps]
    new_params = [(layer.new_W, layer.new_b) for layer in layers]
    n_zeroed = sum(zeroed for _, zeroed in steps)
    new_forward = _forward(network, new_params, x)
    return BackpropStep(
        index=index,
        input_names=input_names or tuple(f"x{j + 1}".translate(SUBSCRIPTS) for j in range(x.size)),
        output_kind=network.spec.output_kind,
        loss_name=network.spec.loss,
        label=float(label),
        target=target,
        layers=layers,
        data_loss=_data_loss(network, forward, target),
        penalty=_penalty(regularizer, rate, params),
        regularization=reg if rate else "none",
        regularization_rate=rate,
        learning_rate=learning_rate,
        n_zeroed=n_zeroed,
        new_data_loss=_data_loss(network, new_forward, target),
        new_penalty=_penalty(regularizer, rate, new_params),
    )


def _layer_step(
    network: Network,
    i: int,
    params: tuple,
    forward: tuple,
    backward: tuple,
    learning_rate: float,
    regularizer,
    rate: float,
) -> tuple[LayerStep, int]:
    """Layer i's numbers and update, and how many of its weights the L1 rule set to zero."""
    (W, b), (a_in, z, a), (delta, da, slope) = params, forward, backward
    penalty_dW = rate * regularizer.grad(W) if rate else np.zeros_like(W)
    dW = np.outer(a_in, delta) + penalty_dW
    new_W, new_b = W - learning_rate * dW, b - learning_rate * delta
    zeroed = 0
    if regularizer.zero_crossings:  # a weight that would cross zero stops at it, as in training
        crossed = W * new_W < 0.0
        new_W[crossed] = 0.0
        zeroed = int(crossed.sum())
    is_output = i == len(network.params) - 1
    spec = network.spec
    activation = OUTPUT_FUNCTIONS[spec.output_kind] if is_output else spec.activations[i]
    layer = LayerStep(
        i + 1, activation, is_output, a_in, W, b, z, a, delta, da, slope, dW, penalty_dW,
        delta.copy(), new_W, new_b,
    )  # fmt: skip
    return layer, zeroed


def backprop_step_for_trainer(
    trainer: Trainer, index: int, learning_rate: float | None = None
) -> BackpropStep:
    """`backprop_step` for training point `index` of a `Trainer` (default η: its current rate)."""
    n_train = len(trainer.inputs_train)
    if not 0 <= index < n_train:
        raise ValueError(f"choose a training point 0..{n_train - 1}, got {index}")
    rate = trainer.learning_rate if learning_rate is None else learning_rate
    names = tuple(FEATURE_LABELS[name] for name in trainer.data.feature_names)
    return backprop_step(
        trainer.network,
        trainer.inputs_train[index],
        trainer.y_train[index],
        rate,
        index=index,
        input_names=names,
    )


# --- the numbers --------------------------------------------------------------------------------
def _forward(network: Network, params: list[tuple[Array, Array]], x: Array) -> list[tuple]:
    """Per dense block (its input a, z, a) — the last a is the head's output."""
    results, a_in = [], x
    for i, (W, b) in enumerate(params):
        z = a_in @ W + b
        if i < len(params) - 1:
            a = get_activation(network.spec.activations[i])[0](z)
        else:
            a = network.head.output(z[None, :])[0]
        results.append((a_in, z, a))
        a_in = a
    return results


def _backward(network: Network, params, forward, target: Array):
    """(∂L/∂z per block, ∂L/∂a per block or None, f′(z) per block or None)."""
    n_blocks = len(params)
    _, z_out, out = forward[-1]
    deltas: list[Array] = [np.empty(0)] * n_blocks
    da: list[Array | None] = [None] * n_blocks
    slopes: list[Array | None] = [None] * n_blocks
    deltas[-1] = network.head.delta(z_out[None, :], out[None, :], target[None, :])[0]
    for i in range(n_blocks - 2, -1, -1):
        _, z, a = forward[i]
        derivative = get_activation(network.spec.activations[i])[1]
        da[i] = params[i + 1][0] @ deltas[i + 1]
        slopes[i] = derivative(z, a)
        deltas[i] = da[i] * slopes[i]
    return deltas, da, slopes


def _data_loss(network: Network, forward, target: Array) -> float:
    _, z, out = forward[-1]
    return network.head.loss(z[None, :], out[None, :], target[None, :])


def _penalty(regularizer, rate: float, params) -> float:
    if not rate:
        return 0.0
    weights = np.concatenate([W.ravel() for W, _ in params])
    return rate * regularizer.penalty(weights)
