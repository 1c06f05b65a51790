"""The loss landscape's grid: the loss at θc + α·d1 + β·d2 for every (α, β) at once, and its cost.

`grid_losses` runs the network's layers over all grid points together in float32 (evaluation
mode: dropout off, batch norm with its running statistics), one step per layer type
(`LAYER_STEPS`) and one loss per head (`GRID_LOSSES`), as `Network.evaluate` measures the
training loss; the weight penalty is added per grid point on request. `landscape_work` estimates
what a grid costs, and `within_budget` shrinks the points and the grid to keep a redraw fast.
Pure NumPy; `analysis/landscape.py` makes the directions and the path.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from playground.core.layers import (
    BATCH_NORM_EPSILON,
    Activation,
    BatchNorm,
    Dense,
    Dropout,
    Layer,
    SkipEnd,
    SkipStart,
)
from playground.core.network import Network

Array = np.ndarray
CHUNK_FLOATS = 1 << 17  # numbers per layer output in one pass (≈ 0.5 MB: stays in cache)
MIN_POINTS = 32  # `within_budget` never goes below this many training points
MIN_RESOLUTION = 9  # nor below this many grid points per side
# `landscape_work` budgets of one redraw in the app: ~5 ms while training plays (a refresh every
# half second beside the 50 fps canvas of the same session), ~0.1 s paused.
PLAYING_WORK = 4e7
PAUSED_WORK = 1e9


# --- the batched forward pass --------------------------------------------------------------------
# Values flow in the neurons × points layout of `Layer.forward_grid`, with the grid points in front:
# h is (chunk, units, n) float32 (or (units, n) while it is the same for every grid point), so each
# operation runs over rows of n contiguous numbers and a dense layer is one batched product.
def _as_columns(block: dict[str, Array]) -> dict[str, Array]:
    """A block's parameters for that layout, float32: W as Wᵀ (n_out, n_in), vectors (units, 1)."""
    return {
        name: np.ascontiguousarray(value.T if name == "W" else value[:, None], dtype=np.float32)
        for name, value in block.items()
    }


class _Walk:
    """What a layer step needs: the grid's coefficients and each layer's parameters.

    alpha, beta: (chunk, 1, 1) grid coordinates; `along(layer, name)` gives the parameter at
    every grid point; `output(layer, units)` a (chunk, units, n) array to write the layer's
    output into, the same memory for every chunk (fresh half-megabyte arrays cost more in page
    faults than the maths); `stash` is for layers that keep a value for a later one.
    """

    def __init__(self, network: Network, d1: Array, d2: Array):
        columns = [
            [_as_columns(block) for block in blocks]
            for blocks in (network.params, network.views(d1), network.views(d2))
        ]
        self._blocks = {
            id(layer): tuple(block_columns[i] for block_columns in columns)
            for i, block in enumerate(network.dense_blocks)
            for layer in block
        }
        self.alpha = self.beta = np.zeros((1, 1, 1), dtype=np.float32)
        self.n_points = 0
        self.stash: dict[int, Array] = {}
        self._outputs: dict[int, Array] = {}

    def output(self, layer: Layer, units: int) -> Array:
        chunk = len(self.alpha)
        buffer = self._outputs.get(id(layer))
        if buffer is None or len(buffer) < chunk:
            buffer = self._outputs[id(layer)] = np.empty(
                (chunk, units, self.n_points), dtype=np.float32
            )
        return buffer[:chunk]

    def along(self, layer: Layer, name: str) -> Array:
        """Parameter `name` of `layer` at θc + α·d1 + β·d2 for each grid point: (chunk, *shape),
        in the layout of `_as_columns`."""
        centre, d1, d2 = (params[name] for params in self._blocks[id(layer)])
        return centre + self.alpha * d1 + self.beta * d2


def _dense(layer: Dense, h: Array, walk: _Walk) -> Array:
    # One small product per grid point, batched: (chunk, n_out, n_in) @ (chunk or 1, n_in, n).
    z = np.matmul(walk.along(layer, "W"), h, out=walk.output(layer, layer.n_out))
    z += walk.along(layer, "b")
    return z


def _batch_norm(layer: BatchNorm, h: Array, walk: _Walk) -> Array:
    std = np.sqrt(layer.running[1] + BATCH_NORM_EPSILON).astype(np.float32)[:, None]
    scale = walk.along(layer, "gamma") / std
    shift = walk.along(layer, "beta")
    shift -= layer.running[0].astype(np.float32)[:, None] * scale
    y = np.multiply(h, scale, out=walk.output(layer, len(std)))
    y += shift
    return y


def _activation(layer: Activation, h: Array, walk: _Walk) -> Array:
    if isinstance(layer.function, np.ufunc) and h.ndim == 3 and h.flags.writeable:
        return layer.function(h, out=h)  # h is this pass's own array: no new memory
    return layer.function(h)


def _identity(layer: Layer, h: Array, walk: _Walk) -> Array:
    return h  # dropout in evaluation mode


def _skip_start(layer: SkipStart, h: Array, walk: _Walk) -> Array:
    walk.stash[id(layer)] = h  # the layer's input, added back at its SkipEnd
    return h


def _skip_end(layer: SkipEnd, h: Array, walk: _Walk) -> Array:
    return h + walk.stash[id(layer.start)]


# One entry per layer type: (layer, h (chunk, units, n) float32, walk) -> the layer's output.
LAYER_STEPS: dict[type, Callable[[Layer, Array, _Walk], Array]] = {
    Dense: _dense,
    BatchNorm: _batch_norm,
    Activation: _activation,
    Dropout: _identity,
    SkipStart: _skip_start,
    SkipEnd: _skip_end,
}


# Per head (the keys of losses.HEADS): the last pre-activation z (chunk, k, n) and the targets
# (k, n) -> the mean loss over the n points at each grid point, (chunk,).
def _binary_cross_entropy(z: Array, targets: Array) -> Array:
    # The mean of max(z, 0) − t·z + log(1 + e^−|z|), finite for any z (as losses.py).
    terms = np.maximum(z, 0.0) - targets * z + np.log1p(np.exp(-np.abs(z)))
    return terms.mean(axis=(1, 2))


def _categorical_cross_entropy(z: Array, targets: Array) -> Array:
    shifted = z - z.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -(targets * log_probs).sum(axis=(1, 2)) / z.shape[2]


def _sigmoid_squared_error(z: Array, targets: Array) -> Array:
    return _half_squared_error(0.5 + 0.5 * np.tanh(0.5 * z), targets)


def _half_squared_error(out: Array, targets: Array) -> Array:
    return 0.5 * ((out - targets) ** 2).sum(axis=(1, 2)) / out.shape[2]


GRID_LOSSES: dict[tuple[str, str], Callable[[Array, Array], Array]] = {
    ("binary", "cross_entropy"): _binary_cross_entropy,
    ("binary", "squared_error"): _sigmoid_squared_error,
    ("multiclass", "cross_entropy"): _categorical_cross_entropy,
    ("regression", "squared_error"): _half_squared_error,
}


def grid_losses(
    network: Network,
    inputs: Array,
    targets: Array,
    d1: Array,
    d2: Array,
    alphas: Array,
    betas: Array,
    penalty: bool = False,
) -> Array:
    """Mean loss at θc + α·d1 + β·d2 for every (α, β) of the grid, in evaluation mode.

    inputs: (n, n_inputs) features (no ones column); targets: (n, k) as `network.targets`;
    d1, d2: (n_params,) laid out like theta; alphas, betas: (a,) and (b,) grid coordinates.
    Returns (b, a) float32, rows following β. With `penalty`, the network's weight penalty at
    each grid point is added (what the optimizer minimizes); without, it is the loss the
    training curves show. The network itself is only read.
    """
    key = (network.spec.output_kind, network.spec.loss)
    if key not in GRID_LOSSES:
        raise ValueError(f"the loss landscape has no loss for {key[0]}+{key[1]}")
    steps = []
    for layer in network.layers:
        if type(layer) not in LAYER_STEPS:
            known = ", ".join(kind.__name__ for kind in LAYER_STEPS)
            raise TypeError(
                f"the loss landscape cannot evaluate a {type(layer).__name__} layer "
                f"(it knows {known}): add it to landscape.LAYER_STEPS"
            )
        steps.append(LAYER_STEPS[type(layer)])
    alpha_grid, beta_grid = (g.ravel().astype(np.float32) for g in np.meshgrid(alphas, betas))
    x_t = np.ascontiguousarray(np.asarray(inputs, dtype=np.float32).T)  # (n_inputs, n)
    t_t = np.ascontiguousarray(np.asarray(targets, dtype=np.float32).T)  # (k, n)
    walk = _Walk(network, d1, d2)
    walk.n_points = x_t.shape[1]
    widest = max([len(x_t), *(block["W"].shape[1] for block in network.params)])
    chunk = max(1, CHUNK_FLOATS // max(1, x_t.shape[1] * widest))
    losses = np.empty(alpha_grid.size, dtype=np.float32)
    for start in range(0, alpha_grid.size, chunk):
        stop = min(start + chunk, alpha_grid.size)
        walk.alpha = alpha_grid[start:stop, None, None]
        walk.beta = beta_grid[start:stop, None, None]
        walk.stash.clear()
        h = x_t  # the same for every grid point until the first layer with parameters
        for layer, step in zip(network.layers, steps, strict=True):
            h = step(layer, h, walk)
        h = np.broadcast_to(h, (stop - start, *h.shape[-2:]))
        losses[start:stop] = GRID_LOSSES[key](h, t_t)
    if penalty:
        losses += _grid_penalties(network, d1, d2, alpha_grid, beta_grid)
    return losses.reshape(len(betas), len(alphas))


# Per regularizer (the names of regularizers.REGULARIZERS but "none"): the penalty for a rate of
# 1 of each row of weights (rows, n_weights) -> (rows,), the same formulas as regularizers.py.
GRID_PENALTIES: dict[str, Callable[[Array], Array]] = {
    "l1": lambda weights: np.abs(weights).sum(axis=1),
    "l2": lambda weights: 0.5 * np.einsum("ij,ij->i", weights, weights),
}


def _grid_penalties(
    network: Network, d1: Array, d2: Array, alpha_grid: Array, beta_grid: Array
) -> Array:
    """The weight penalty at each grid point, (points,) float32."""
    penalties = np.zeros(alpha_grid.size, dtype=np.float32)
    if network.regularization == "none" or not network.regularization_rate:
        return penalties
    if network.regularization not in GRID_PENALTIES:
        raise ValueError(f"the loss landscape has no penalty for {network.regularization!r}")
    mask = network.weight_mask == 1.0
    centre, u, v = (vector[mask].astype(np.float32) for vector in (network.theta, d1, d2))
    chunk = max(1, CHUNK_FLOATS // max(1, centre.size))
    for start in range(0, alpha_grid.size, chunk):
        rows = slice(start, start + chunk)
        weights = centre + alpha_grid[rows, None] * u + beta_grid[rows, None] * v
        penalties[rows] = GRID_PENALTIES[network.regularization](weights)
    return network.regularization_rate * penalties


# --- how much work -------------------------------------------------------------------------------
def landscape_work(network: Network, n_points: int, resolution: int) -> int:
    """A measure of how long `grid_losses` takes: per grid point and training point, each dense
    layer's multiply-adds and three passes over its outputs (bias, activation, the next step).
    On one core of the 2-core machine, 4e7 of it take ~5 ms and 7e8 ~35 ms
    (benchmarks/bench_landscape.py)."""
    shapes = [block["W"].shape for block in network.params]
    per_point = sum(n_in * n_out + 3 * n_out for n_in, n_out in shapes)
    return resolution * resolution * n_points * per_point


def within_budget(network: Network, n_points: int, resolution: int, work: float) -> tuple[int, int]:
    """(resolution, training points) that keep `landscape_work` within `work`: first fewer
    points (down to `MIN_POINTS`), then a coarser grid (down to `MIN_RESOLUTION` per side)."""
    per_point = landscape_work(network, 1, resolution)
    points = int(min(n_points, max(MIN_POINTS, work // max(per_point, 1))))
    if landscape_work(network, points, resolution) > work and resolution > MIN_RESOLUTION:
        fitting = int(np.sqrt(work / landscape_work(network, points, 1)))
        resolution = max(MIN_RESOLUTION, min(resolution, fitting))
    return resolution, points
