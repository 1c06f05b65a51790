"""The loss landscape: the training loss over a 2-D slice of weight space around the weights.

A network's loss is a function of all its parameters θ at once, far too many dimensions to draw.
Following Li et al. (2018), "Visualizing the Loss Landscape of Neural Nets", we draw a slice:
two random directions d1 and d2 through the current weights θc, and the loss at
θc + α·d1 + β·d2 over a square grid of (α, β). A raw random direction would mean different
things for layers of different scale, so each is *filter-normalized*: per neuron (a column j of
a dense layer's W, shape (n_in, n_out)) the random column is rescaled to the length of the
weights' column, ‖d[:, j]‖ = ‖W[:, j]‖, so α = 1 moves every neuron's weights by as much as
their own size. Directions for biases and batch norm's gamma and beta are zero, as Li et al. do.

The grid is evaluated in one vectorized float32 pass per layer over all grid points at once
(`grid_losses`), in evaluation mode (dropout off, batch norm with its running statistics), as
`Network.evaluate` measures the training loss. The optimizer's recent path (weights the training
loop kept, `TrainingLoop.path`) is projected onto the plane by least squares (`project_path`);
random directions in a space of many dimensions are nearly orthogonal to that path, so the
projection shows only its share of the motion in the slice.
Pure NumPy: the figure is in `playground.viz.landscape_figures`.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from playground.core.training import TrainingLoop

Array = np.ndarray
RESOLUTION = 25  # grid points per side
SPAN = 1.0  # the grid covers α, β in [-SPAN, SPAN], in units of the filter-normalized directions
CHUNK_FLOATS = 1 << 17  # numbers per layer output in one pass (≈ 0.5 MB: stays in cache)
MIN_POINTS = 32  # `within_budget` never goes below this many training points
MIN_RESOLUTION = 9  # nor below this many grid points per side
# `landscape_work` budgets of one redraw in the app: ~5 ms while training plays (a refresh every
# half second beside the 50 fps canvas of the same session), ~0.1 s paused.
PLAYING_WORK = 4e7
PAUSED_WORK = 1e9


@dataclass(frozen=True)
class LossLandscape:
    """The loss over a slice of weight space and the optimizer's path projected onto it.

    alphas, betas: (resolution,) grid coordinates along d1 (x) and d2 (y).
    loss: (resolution, resolution) float32; loss[i, j] is the loss at
        θc + alphas[j]·d1 + betas[i]·d2 (rows follow β, as a contour map's z does).
    centre_loss: the loss at the current weights θc (α = β = 0).
    path: (k, 2) the (α, β) of the recorded weights, oldest first; path_epochs (k,) their epochs.
    n_points of n_train training points were used; seed is the directions' (unless given).
    """

    alphas: Array
    betas: Array
    loss: Array
    centre_loss: float
    path: Array
    path_epochs: Array
    epoch: int
    n_points: int
    n_train: int
    seed: int
    penalty: bool


# --- directions ----------------------------------------------------------------------------------
def filter_normalized_direction(network: Network, rng: np.random.Generator) -> Array:
    """A random direction laid out like `network.theta`, filter-normalized (module docstring).

    Returns (n_params,) float64: each dense block's W column j is Gaussian noise rescaled to
    ‖W[:, j]‖ (zero where the weights' column is zero); biases, gamma and beta entries are zero.
    """
    direction = np.zeros_like(network.theta)
    for weights, block in zip(network.params, network.views(direction), strict=True):
        noise = rng.standard_normal(weights["W"].shape)
        noise_norms = np.linalg.norm(noise, axis=0)
        scale = np.linalg.norm(weights["W"], axis=0) / np.where(noise_norms > 0, noise_norms, 1.0)
        block["W"][:] = noise * scale
    return direction


def random_directions(network: Network, seed: int = 0) -> tuple[Array, Array]:
    """Two filter-normalized directions for `network`; the same seed and weights give the same."""
    rng = np.random.default_rng(seed)
    return filter_normalized_direction(network, rng), filter_normalized_direction(network, rng)


class DirectionsCache:
    """One view's directions, kept while its network trains: the slice stays put, so the map
    shows the valley moving rather than a new random slice each refresh. New directions are
    made (normalized to the weights of that moment) for another network — a rebuild or reset —
    or another seed. It holds the network weakly: a rebuilt session's old one can go."""

    def __init__(self) -> None:
        self._network: weakref.ref[Network] | None = None
        self._seed: int | None = None
        self._directions: tuple[Array, Array] | None = None

    def get(self, network: Network, seed: int) -> tuple[Array, Array]:
        """(d1, d2) for `network` and `seed`: the cached pair, or a new one."""
        cached = self._network() if self._network is not None else None
        if self._directions is None or cached is not network or seed != self._seed:
            self._directions = random_directions(network, seed)
            self._network, self._seed = weakref.ref(network), seed
        return self._directions


def project_path(thetas: Array, centre: Array, d1: Array, d2: Array) -> Array:
    """(k, 2) least-squares coordinates (α, β) of each θt − θc on the plane of (d1, d2).

    thetas: (k, n_params) parameter vectors; centre, d1, d2: (n_params,). Each row is the pair
    minimizing ‖θt − θc − α·d1 − β·d2‖ (d1 and d2 need not be orthogonal); for a point in the
    plane that is exactly its (α, β).
    """
    basis = np.stack([d1, d2], axis=1).astype(np.float64)  # (n_params, 2)
    offsets = np.asarray(thetas, dtype=np.float64) - centre
    if len(offsets) == 0:
        return np.zeros((0, 2))
    coords, *_ = np.linalg.lstsq(basis, offsets.T, rcond=None)
    return coords.T


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


# --- the notebook API ---------------------------------------------------------------------------
def sample_indices(n: int, max_points: int | None) -> Array:
    """Evenly spaced indices of at most `max_points` of n points (all of them for None); the
    training points are in random order already, so this is a fair and fixed sample."""
    if max_points is None or max_points >= n:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, max(1, max_points)).round().astype(np.int64))


def loss_landscape(
    trainer: TrainingLoop,
    resolution: int = RESOLUTION,
    span: float = SPAN,
    seed: int = 0,
    directions: tuple[Array, Array] | None = None,
    max_points: int | None = None,
    penalty: bool = False,
) -> LossLandscape:
    """The training loss around the trainer's current weights, with its recent path.

    Parameters
    ----------
    trainer : a `Trainer` (or `TrainingLoop`); only read.
    resolution : grid points per side; span : the grid covers α, β ∈ [−span, span].
    seed : of the random directions (`random_directions`), unless `directions` gives (d1, d2).
    max_points : evaluate on at most this many training points (`sample_indices`); None: all.
    penalty : add the weight penalty (see `grid_losses`).
    """
    if resolution < 2 or not span > 0:
        raise ValueError("the landscape needs a resolution of at least 2 and a positive span")
    if not len(trainer.inputs_train):
        raise ValueError("the landscape is the training loss: there are no training points")
    network = trainer.network
    d1, d2 = directions if directions is not None else random_directions(network, seed)
    indices = sample_indices(len(trainer.inputs_train), max_points)
    inputs, labels = trainer.inputs_train[indices], trainer.y_train[indices]
    coords = np.linspace(-span, span, resolution)
    losses = grid_losses(network, inputs, network.targets(labels), d1, d2, coords, coords, penalty)
    centre = network.evaluate(inputs, labels) + (network.penalty() if penalty else 0.0)
    path = trainer.path
    return LossLandscape(
        alphas=coords,
        betas=coords,
        loss=losses,
        centre_loss=float(centre),
        path=project_path(path.thetas, network.theta, d1, d2),
        path_epochs=path.epochs,
        epoch=trainer.epoch,
        n_points=len(indices),
        n_train=len(trainer.inputs_train),
        seed=seed,
        penalty=penalty,
    )
