"""The data as a hidden layer sees it: points and a warped grid in the space of two neurons.

Each hidden layer moves every input point to a new place: the point whose coordinates are the
layer's activations. Plotting the data there shows what the layer has done to it — a good layer
bends and stretches the plane until the classes can be cut apart by a straight line, which is all
the next layer can do. To make the bending visible, a square grid of the input plane (lines of
constant x1 and lines of constant x2) is sent through the same network and drawn warped. For a
layer of two neurons the axes are those two neurons (or any two chosen ones); for a wider layer
they are its first two principal components, fitted with an SVD on the training data's
activations; a one-neuron layer squeezes the plane onto a line. Evaluation mode; pure NumPy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from playground.analysis.activity import hidden_values
from playground.core.network import Network

if TYPE_CHECKING:
    from playground.trainer import Trainer

Array = np.ndarray
N_GRID_LINES = 11
POINTS_PER_LINE = 100


@dataclass(frozen=True)
class Projection:
    """A map from a layer's activations (n, units) to 2-D: `(a - mean) @ axes.T`.

    For two chosen neurons `axes` picks them (mean 0); for PCA they are the principal directions.
    explained: (2,) share of the layer's variance along each axis (PCA only, else None).
    """

    method: str  # "neurons", "pca" or "single"
    mean: Array  # (units,)
    axes: Array  # (2, units)
    labels: tuple[str, str]
    explained: Array | None = None

    def apply(self, activations: Array) -> Array:
        """(n, 2) coordinates of activations (n, units)."""
        return (activations - self.mean) @ self.axes.T


@dataclass(frozen=True)
class HiddenSpace:
    """Points and grid lines in a layer's 2-D view.

    points: (n, 2) the data's coordinates; labels: (n,) their classes or values.
    x1_lines: (n_lines, m, 2) images of the lines x1 = x1_values[i] (x2 runs along each line).
    x2_lines: (n_lines, m, 2) images of the lines x2 = x2_values[i].
    """

    layer: int
    projection: Projection
    points: Array
    labels: Array
    x1_lines: Array
    x2_lines: Array
    x1_values: Array
    x2_values: Array


def principal_components(activations: Array, n_components: int = 2) -> tuple[Array, Array, Array]:
    """PCA by SVD of the centred activations.

    Parameters
    ----------
    activations : (n, units)

    Returns
    -------
    (mean (units,), components (n_components, units), explained variance ratio (n_components,)).
    Each component's sign is fixed so its largest-magnitude entry is positive, so the picture
    does not flip from one frame to the next when the fit barely changes.
    """
    mean = activations.mean(axis=0)
    _, singular, vt = np.linalg.svd(activations - mean, full_matrices=False)
    components = vt[:n_components]
    peaks = components[np.arange(len(components)), np.abs(components).argmax(axis=1)]
    components = components * np.where(peaks < 0, -1.0, 1.0)[:, None]
    variance = singular**2
    total = variance.sum()
    explained = variance[:n_components] / total if total > 0 else np.zeros(len(components))
    return mean, components, explained


def fit_projection(
    activations: Array, layer: int, units: tuple[int, int] | None = None
) -> Projection:
    """How to show a layer in 2-D: chosen neurons, both neurons of a 2-unit layer, or PCA.

    `layer` is the 0-based hidden-layer index (shown 1-based); `units` are 0-based indices.
    """
    n_units = activations.shape[1]
    shown = layer + 1
    if units is None and n_units == 2:
        units = (0, 1)
    if units is not None:
        if len(units) != 2 or not all(0 <= u < n_units for u in units):
            raise ValueError(f"layer {shown} has {n_units} neurons; choose two of 0..{n_units - 1}")
        axes = np.eye(n_units)[list(units)]
        labels = tuple(f"neuron {u + 1} of layer {shown}" for u in units)
        return Projection("neurons", np.zeros(n_units), axes, labels)
    if n_units == 1:
        axes = np.array([[1.0], [0.0]])
        return Projection("single", np.zeros(1), axes, (f"the one neuron of layer {shown}", ""))
    mean, components, explained = principal_components(activations)
    labels = tuple(
        f"principal component {i + 1} of layer {shown} ({100 * share:.0f} % of variance)"
        for i, share in enumerate(explained)
    )
    return Projection("pca", mean, components, labels, explained)


def grid_lines(
    bounds: tuple[float, float], n_lines: int = N_GRID_LINES, points_per_line: int = POINTS_PER_LINE
) -> tuple[Array, Array, Array]:
    """Raw 2-D points on a square grid's lines.

    Returns
    -------
    (values (n_lines,), x1_lines (n_lines, m, 2), x2_lines (n_lines, m, 2)): line i of
    `x1_lines` has x1 = values[i] and x2 running over `bounds`; `x2_lines` the other way.
    """
    low, high = bounds
    values = np.linspace(low, high, n_lines)
    along = np.linspace(low, high, points_per_line)
    constant, running = np.meshgrid(values, along, indexing="ij")
    x1_lines = np.stack([constant, running], axis=-1)
    x2_lines = np.stack([running, constant], axis=-1)
    return values, x1_lines, x2_lines


def layer_activations(network: Network, inputs: Array, layer: int) -> Array:
    """(n, units) activations of hidden layer `layer` (0-based) on inputs (n, n_inputs)."""
    n_hidden = len(network.spec.hidden_layers)
    if not 0 <= layer < n_hidden:
        raise ValueError(f"choose a hidden layer 0..{n_hidden - 1}; the network has {n_hidden}")
    values, _ = hidden_values(network, inputs, n_layers=layer + 1)
    return values[layer].output


def hidden_space(
    network: Network,
    inputs: Array,
    labels: Array,
    layer: int,
    to_features: Callable[[Array], Array] | None = None,
    bounds: tuple[float, float] = (-6.0, 6.0),
    units: tuple[int, int] | None = None,
    n_lines: int = N_GRID_LINES,
) -> HiddenSpace:
    """The data and a warped input grid in the 2-D view of hidden layer `layer`.

    Parameters
    ----------
    network : the network (only read).
    inputs : (n, n_inputs) input features of the points to show (the projection is fitted on
        them, so pass the training set).
    labels : (n,) their labels, kept for colouring.
    layer : 0-based hidden-layer index.
    to_features : maps raw points (m, 2) to input features (m, n_inputs); None when the inputs
        are the raw coordinates (features x1, x2).
    bounds : the input square the grid covers.
    units : two 0-based neuron indices to use as axes; None for automatic (see `fit_projection`).
    n_lines : grid lines in each direction.
    """
    activations = layer_activations(network, inputs, layer)
    projection = fit_projection(activations, layer, units)
    values, x1_raw, x2_raw = grid_lines(bounds, n_lines)
    raw = np.concatenate([x1_raw, x2_raw]).reshape(-1, 2)
    features = raw if to_features is None else to_features(raw)
    warped = projection.apply(layer_activations(network, features, layer))
    warped = warped.reshape(2 * n_lines, -1, 2)
    return HiddenSpace(
        layer=layer,
        projection=projection,
        points=projection.apply(activations),
        labels=np.asarray(labels),
        x1_lines=warped[:n_lines],
        x2_lines=warped[n_lines:],
        x1_values=values,
        x2_values=values,
    )


def hidden_space_for_trainer(
    trainer: Trainer, layer: int, units: tuple[int, int] | None = None, n_lines: int = N_GRID_LINES
) -> HiddenSpace:
    """`hidden_space` for a `Trainer`: its training set, input features and view bounds."""
    return hidden_space(
        trainer.network,
        trainer.inputs_train,
        trainer.y_train,
        layer,
        to_features=trainer.features,
        bounds=trainer.data.bounds,
        units=units,
        n_lines=n_lines,
    )
