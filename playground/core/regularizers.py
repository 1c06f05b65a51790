"""Weight penalties (none, L1, L2) as a name -> regularizer table.

A penalty applies to the weights only — never to biases or batch-norm's gamma and beta — and is
added once per batch to the mean loss: L2 is `rate · ½ Σ W²` (gradient `rate · W`, it shrinks every
weight in proportion), L1 is `rate · Σ |W|` (gradient `rate · sign(W)`, a constant pull towards
zero). A constant pull overshoots zero and makes weights jitter around it, so, as TensorFlow
Playground does, a weight that an update moves across zero under L1 is set exactly to zero:
that is how L1 produces truly sparse networks.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Array = np.ndarray


def _no_penalty(weights: Array) -> float:
    return 0.0


def _no_grad(weights: Array) -> Array:
    return np.zeros_like(weights)


def _l1_penalty(weights: Array) -> float:
    return float(np.abs(weights).sum())


def _l2_penalty(weights: Array) -> float:
    return float(0.5 * np.dot(weights, weights))


@dataclass(frozen=True)
class Regularizer:
    """`penalty(w)` and `grad(w)` for a rate of 1, on a flat vector of weights."""

    penalty: Callable[[Array], float]
    grad: Callable[[Array], Array]
    zero_crossings: bool = False


REGULARIZERS: dict[str, Regularizer] = {
    "none": Regularizer(_no_penalty, _no_grad),
    "l1": Regularizer(_l1_penalty, np.sign, zero_crossings=True),
    "l2": Regularizer(_l2_penalty, lambda w: w),
}


def get_regularizer(name: str) -> Regularizer:
    """The regularizer called `name`; ValueError lists the known names."""
    if name not in REGULARIZERS:
        raise ValueError(
            f"unknown regularization {name!r}; choose one of: {', '.join(REGULARIZERS)}"
        )
    return REGULARIZERS[name]


def zero_crossed_weights(before: Array, after: Array, weight_mask: Array) -> None:
    """Set to zero, in place, every weight (where `weight_mask` is 1) of `after` whose sign is
    opposite to its sign in `before`."""
    after[(before * after < 0.0) & (weight_mask == 1.0)] = 0.0
