"""Output layers paired with their losses, as an (output kind, loss name) -> head table.

A head turns the last layer's pre-activation `z` into the network's output (a sigmoid probability,
softmax probabilities or a plain value), measures the mean loss over the batch, and gives the
gradient of that mean loss with respect to `z`. For the matched pairs — sigmoid with binary
cross-entropy, softmax with categorical cross-entropy, a linear output with squared error — the
derivative of the output and the derivative of the loss cancel into the famous `output − target`,
which is why those pairs learn fast; sigmoid with squared error keeps the extra factor
`p·(1 − p)`, which vanishes when the sigmoid saturates (the reason cross-entropy is preferred).
Targets are `(n, 1)` floats for binary and regression, one-hot `(n, k)` for multi-class.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from playground.core.activations import sigmoid

Array = np.ndarray


def softmax(z: Array) -> Array:
    shifted = z - z.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def _identity(z: Array) -> Array:
    return z


def _binary_cross_entropy(z: Array, out: Array, target: Array) -> float:
    # -[t log p + (1-t) log(1-p)] with p = sigmoid(z), written from z to stay finite:
    # max(z, 0) - t·z + log(1 + e^-|z|)
    return float(np.mean(np.maximum(z, 0.0) - target * z + np.log1p(np.exp(-np.abs(z)))))


def _categorical_cross_entropy(z: Array, out: Array, target: Array) -> float:
    shifted = z - z.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-np.sum(target * log_probs) / len(z))


def _half_squared_error(z: Array, out: Array, target: Array) -> float:
    return float(0.5 * np.sum((out - target) ** 2) / len(z))


def _output_minus_target(z: Array, out: Array, target: Array) -> Array:
    return (out - target) * (1.0 / len(z))


def _sigmoid_squared_error_delta(z: Array, out: Array, target: Array) -> Array:
    return (out - target) * out * (1.0 - out) * (1.0 / len(z))


@dataclass(frozen=True)
class Head:
    """An output activation with its loss: `output(z)`, `loss(z, out, target)`, `delta(...)`."""

    output: Callable[[Array], Array]
    loss: Callable[[Array, Array, Array], float]
    delta: Callable[[Array, Array, Array], Array]


HEADS: dict[tuple[str, str], Head] = {
    ("binary", "cross_entropy"): Head(sigmoid, _binary_cross_entropy, _output_minus_target),
    ("binary", "squared_error"): Head(sigmoid, _half_squared_error, _sigmoid_squared_error_delta),
    ("multiclass", "cross_entropy"): Head(
        softmax, _categorical_cross_entropy, _output_minus_target
    ),
    ("regression", "squared_error"): Head(_identity, _half_squared_error, _output_minus_target),
}


def get_head(output_kind: str, loss: str) -> Head:
    """The head for an output kind ('binary', 'multiclass', 'regression') and a loss name."""
    if (output_kind, loss) not in HEADS:
        allowed = ", ".join(f"{kind}+{name}" for kind, name in HEADS)
        raise ValueError(f"no head for {output_kind}+{loss}; allowed: {allowed}")
    return HEADS[(output_kind, loss)]
