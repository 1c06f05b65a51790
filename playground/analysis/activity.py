"""What the layers do on the data: gradient flow, activations and weights, layer by layer.

Three questions a learner asks while a network trains are answered here with plain NumPy. Do the
gradients reach the first layers, or do they shrink on the way back (vanishing gradients, the
classic failure of deep sigmoid networks)? Are the hidden neurons working in their useful range,
or are they saturated (a sigmoid or tanh pinned near its limits, where its slope is almost zero)
or dead (a ReLU that outputs zero for every training point and so never learns again)? And what
do the weights look like — does an L1 penalty drive some of them to exactly zero, does L2 shrink
them all? Nothing here changes the trainer's network: evaluation passes read its parameters
directly, and a training-mode gradient is computed on a copy (`clone_network`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.core.history import History
from playground.core.layers import (
    BATCH_NORM_EPSILON,
    Activation,
    BatchNorm,
    Dense,
    Dropout,
    SkipEnd,
    SkipStart,
)
from playground.core.network import Network
from playground.core.training import TrainingLoop

Array = np.ndarray

# Saturation zones, where the activation's slope is below ~8 % of its largest value:
# sigmoid a < 0.02 or a > 0.98 (|z| > 3.9, σ′ < 0.0196 against σ′(0) = 0.25) and
# tanh |a| > 0.96 (|z| > 1.95, tanh′ < 0.078 against tanh′(0) = 1). A saturated neuron passes
# almost no gradient back, so it learns (and lets the layers before it learn) very slowly.
SATURATION_LIMITS: dict[str, tuple[float, float]] = {
    "sigmoid": (0.02, 0.98),
    "tanh": (-0.96, 0.96),
}
# A neuron is dead when its activation is exactly zero on every training point: its gradient is
# then zero for every point too, so no update can revive it. Only ReLU has a flat zero side.
DEAD_ACTIVATIONS = ("relu",)


@dataclass(frozen=True)
class LayerValues:
    """One hidden layer's values on a set of inputs, in evaluation mode.

    z: (n, units) the activation's input (after batch norm, when the network has it).
    a: (n, units) the activation's output.
    output: (n, units) what the layer passes on: `a`, plus the layer's input where a skip
        connection adds it.
    """

    z: Array
    a: Array
    output: Array


@dataclass(frozen=True)
class LayerActivity:
    """A hidden layer's activations on the training data, with its saturated or dead units.

    saturated_share: for sigmoid and tanh, the share of (point, unit) activations inside the
        saturation zones (`SATURATION_LIMITS`) — the share of the layer's units that are
        saturated on an average point; None for activations that do not saturate.
    dead_units: for ReLU, the indices of the units that are zero on every point; else None.
    """

    name: str
    activation: str
    values: Array  # (n, units)
    saturated_share: float | None
    dead_units: Array | None


@dataclass(frozen=True)
class LayerWeights:
    """A dense layer's weights (biases excluded) and how many of them are exactly zero."""

    name: str
    values: Array  # (n_in * n_out,)
    n_zero: int
    mean_abs: float
    norm: float


# --- reading the network -----------------------------------------------------------------------
def clone_network(network: Network, seed: int = 0) -> Network:
    """An independent copy with the same parameters, running statistics and penalty.

    Its dropout layers draw from `np.random.default_rng(seed)`, so a training-mode pass on the
    copy never advances the original's random streams.
    """
    copy = Network(network.spec, np.random.default_rng(seed))
    copy.set_state(network.get_state())
    copy.regularization = network.regularization
    copy.regularization_rate = network.regularization_rate
    return copy


def layer_names(network: Network) -> list[str]:
    """A display name per dense block, e.g. ['layer 1 (2→4)', 'layer 2 (4→2)', 'output (2→1)']."""
    names = []
    for i, block in enumerate(network.params):
        n_in, n_out = block["W"].shape
        kind = "output" if i == len(network.params) - 1 else f"layer {i + 1}"
        names.append(f"{kind} ({n_in}→{n_out})")
    return names


def hidden_values(
    network: Network, inputs: Array, n_layers: int | None = None
) -> tuple[list[LayerValues], Array]:
    """Every hidden layer's (z, a) and the output layer's pre-activation, in evaluation mode.

    Parameters
    ----------
    network : the network (only read: no layer cache or running statistic changes).
    inputs : (n, n_inputs) input features, without the column of ones.
    n_layers : stop after this many hidden layers (the second result is then the last
        layer's output); None for the whole network.

    Returns
    -------
    (one LayerValues per hidden layer, output pre-activation (n, n_outputs)).
    """
    x = np.asarray(inputs, dtype=np.float64)
    values: list[LayerValues] = []
    skip_input = x
    for layer in network.layers:
        starts_layer = isinstance(layer, (Dense, SkipStart))
        if n_layers is not None and len(values) == n_layers and starts_layer:
            break
        if isinstance(layer, Dense):
            x = x @ layer.params["W"] + layer.params["b"]
        elif isinstance(layer, BatchNorm):
            scale = layer.params["gamma"] / np.sqrt(layer.running[1] + BATCH_NORM_EPSILON)
            x = (x - layer.running[0]) * scale + layer.params["beta"]
        elif isinstance(layer, Activation):
            z, x = x, layer.function(x)
            values.append(LayerValues(z=z, a=x, output=x))
        elif isinstance(layer, SkipStart):
            skip_input = x
        elif isinstance(layer, SkipEnd):
            x = x + skip_input
            values[-1].output = x
        elif not isinstance(layer, Dropout):  # the identity in evaluation mode
            raise TypeError(f"hidden_values does not know {type(layer).__name__} layers")
    return values, x


# --- gradient flow ------------------------------------------------------------------------------
def gradient_norm_history(history: History) -> tuple[Array, Array]:
    """(epochs (T,), per-layer weight-gradient norms (T, layers)) as recorded by the trainer.

    Each row is the Frobenius norm of ∂L/∂W of every dense block for the epoch's last batch.
    """
    return history.column("epoch"), history.column("grad_norms")


def layer_gradient_norms(network: Network, inputs: Array, labels: Array) -> Array:
    """(layers,) Frobenius norms of ∂L/∂W per dense block, on the whole of (inputs, labels).

    Computed in training mode (with the weight penalty, like the trainer's history) on a copy
    of the network, so the network itself is left exactly as it was.
    """
    _, grads = clone_network(network).loss_and_grads(inputs, labels)
    return np.array([np.linalg.norm(block["W"]) for block in grads])


def current_gradient_norms(trainer: TrainingLoop) -> Array:
    """(layers,) gradient norms per dense block on the trainer's whole training set, now."""
    return layer_gradient_norms(trainer.network, trainer.inputs_train, trainer.y_train)


def vanishing_ratio(norms: Array) -> float:
    """First layer's gradient norm over the output layer's: far below 1 means vanishing."""
    norms = np.asarray(norms, dtype=np.float64)
    return float(norms[0] / norms[-1]) if norms[-1] > 0 else float("nan")


# --- activations --------------------------------------------------------------------------------
def saturation_mask(activations: Array, activation: str) -> Array | None:
    """Boolean array, True where a value is in the saturation zone; None if `activation` has
    none (see `SATURATION_LIMITS`)."""
    if activation not in SATURATION_LIMITS:
        return None
    low, high = SATURATION_LIMITS[activation]
    return (activations < low) | (activations > high)


def saturated_share(activations: Array, activation: str) -> float | None:
    """Share of the values of `activations` (n, units) in the saturation zone, or None."""
    mask = saturation_mask(activations, activation)
    if mask is None:
        return None
    return float(mask.mean()) if mask.size else 0.0


def dead_units(activations: Array, activation: str) -> Array | None:
    """Indices of the units of `activations` (n, units) that are zero on every row (ReLU only;
    None for other activations)."""
    if activation not in DEAD_ACTIVATIONS:
        return None
    return np.flatnonzero(~np.any(activations > 0.0, axis=0))


def layer_activity(network: Network, inputs: Array) -> list[LayerActivity]:
    """Per hidden layer, its activations on `inputs` (n, n_inputs) in evaluation mode, with the
    saturated share or the dead units."""
    values, _ = hidden_values(network, inputs)
    names = layer_names(network)
    activity = []
    for i, (layer_values, activation) in enumerate(
        zip(values, network.spec.activations, strict=True)
    ):
        activity.append(
            LayerActivity(
                name=names[i],
                activation=activation,
                values=layer_values.a,
                saturated_share=saturated_share(layer_values.a, activation),
                dead_units=dead_units(layer_values.a, activation),
            )
        )
    return activity


def activity_summary(layer: LayerActivity) -> str:
    """A few words for a layer: '34 % saturated', '2 of 8 units dead, 61 % of values 0', ''."""
    if layer.saturated_share is not None:
        return f"{100 * layer.saturated_share:.0f} % saturated"
    if layer.dead_units is not None:
        zero_share = float(np.mean(layer.values == 0.0)) if layer.values.size else 0.0
        return (
            f"{layer.dead_units.size} of {layer.values.shape[1]} units dead, "
            f"{100 * zero_share:.0f} % of values 0"
        )
    return ""


# --- weights ------------------------------------------------------------------------------------
def weight_stats(network: Network) -> list[LayerWeights]:
    """Per dense block, its weights (without biases), exact zeros, mean |w| and norm."""
    stats = []
    for name, block in zip(layer_names(network), network.params, strict=True):
        values = block["W"].ravel().copy()
        stats.append(
            LayerWeights(
                name=name,
                values=values,
                n_zero=int(np.count_nonzero(values == 0.0)),
                mean_abs=float(np.abs(values).mean()),
                norm=float(np.linalg.norm(values)),
            )
        )
    return stats


def histogram(
    values: Array, bins: int = 30, value_range: tuple[float, float] | None = None
) -> tuple[Array, Array]:
    """(counts (bins,), bin edges (bins + 1,)) of the finite values, NumPy-binned.

    Bounded activations should pass their range so the bins stay put from frame to frame.
    """
    values = np.asarray(values, dtype=np.float64).ravel()
    values = values[np.isfinite(values)]
    if value_range is None:
        low, high = (values.min(), values.max()) if values.size else (0.0, 1.0)
        if high - low < 1e-12:
            low, high = low - 0.5, high + 0.5
        value_range = (float(low), float(high))
    return np.histogram(values, bins=bins, range=value_range)
