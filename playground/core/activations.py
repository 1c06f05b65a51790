"""Activation functions and their derivatives, as a name -> (function, derivative) table.

Each derivative takes both the pre-activation `z` and the activation `a = f(z)`, because several
derivatives are cheapest written with the output (tanh' = 1 - a², sigmoid' = a(1 - a)). Every
function works elementwise on arrays of any shape and dtype, and never warns on large inputs.
"""

from collections.abc import Callable

import numpy as np

Array = np.ndarray
LEAKY_SLOPE = 0.01


def sigmoid(z: Array) -> Array:
    # 1 / (1 + e^-z) written through tanh: same value, no overflow warning for large |z|.
    out = np.multiply(z, 0.5)
    np.tanh(out, out=out)
    out *= 0.5
    out += 0.5
    return out


def _linear(z: Array) -> Array:
    return z


def _linear_grad(z: Array, a: Array) -> Array:
    return np.ones_like(z)


def _sigmoid_grad(z: Array, a: Array) -> Array:
    return a * (1.0 - a)


def _tanh_grad(z: Array, a: Array) -> Array:
    grad = np.multiply(a, a)
    np.subtract(1.0, grad, out=grad)
    return grad


def _relu(z: Array) -> Array:
    return np.maximum(z, 0.0)


def _relu_grad(z: Array, a: Array) -> Array:
    return (z > 0).astype(z.dtype)


def _leaky_relu(z: Array) -> Array:
    return np.where(z > 0, z, LEAKY_SLOPE * z)


def _leaky_relu_grad(z: Array, a: Array) -> Array:
    return np.where(z > 0, 1.0, LEAKY_SLOPE).astype(z.dtype)


def _elu(z: Array) -> Array:
    return np.where(z > 0, z, np.expm1(np.minimum(z, 0.0)))


def _elu_grad(z: Array, a: Array) -> Array:
    return np.where(z > 0, 1.0, a + 1.0).astype(z.dtype)


def _softplus(z: Array) -> Array:
    return np.logaddexp(0.0, z).astype(z.dtype, copy=False)


def _softplus_grad(z: Array, a: Array) -> Array:
    return sigmoid(z)


def _swish(z: Array) -> Array:
    return z * sigmoid(z)


def _swish_grad(z: Array, a: Array) -> Array:
    # d/dz z·s(z) = s + z·s·(1 - s) = s + a·(1 - s)
    s = sigmoid(z)
    return s + a * (1.0 - s)


ACTIVATIONS: dict[str, tuple[Callable[[Array], Array], Callable[[Array, Array], Array]]] = {
    "linear": (_linear, _linear_grad),
    "sigmoid": (sigmoid, _sigmoid_grad),
    "tanh": (np.tanh, _tanh_grad),
    "relu": (_relu, _relu_grad),
    "leaky_relu": (_leaky_relu, _leaky_relu_grad),
    "elu": (_elu, _elu_grad),
    "softplus": (_softplus, _softplus_grad),
    "swish": (_swish, _swish_grad),
}

# The output range each activation can reach; the views use it to colour and to spot saturation.
ACTIVATION_RANGE = {
    "linear": (-np.inf, np.inf),
    "sigmoid": (0.0, 1.0),
    "tanh": (-1.0, 1.0),
    "relu": (0.0, np.inf),
    "leaky_relu": (-np.inf, np.inf),
    "elu": (-1.0, np.inf),
    "softplus": (0.0, np.inf),
    "swish": (-0.2785, np.inf),
}


def get_activation(name: str) -> tuple[Callable[[Array], Array], Callable[[Array, Array], Array]]:
    """The (function, derivative) pair for `name`; ValueError lists the known names."""
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of: {', '.join(ACTIVATIONS)}")
    return ACTIVATIONS[name]
