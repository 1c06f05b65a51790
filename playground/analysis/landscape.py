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
(`landscape_grid.grid_losses`), in evaluation mode (dropout off, batch norm with its running
statistics), as `Network.evaluate` measures the training loss. The optimizer's recent path
(weights the training loop kept, `TrainingLoop.path`) is projected onto the plane by least
squares (`project_path`); random directions in a space of many dimensions are nearly orthogonal
to that path, so the projection shows only its share of the motion in the slice.
Pure NumPy: the figure is in `playground.viz.landscape_figures`.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from playground.analysis.landscape_grid import grid_losses
from playground.core.network import Network

if TYPE_CHECKING:
    from playground.core.training import TrainingLoop

Array = np.ndarray
RESOLUTION = 25  # grid points per side
SPAN = 1.0  # the grid covers α, β in [-SPAN, SPAN], in units of the filter-normalized directions


@dataclass(frozen=True)
class LossLandscape:
    """The loss over a slice of weight space and the optimizer's path projected onto it.

    alphas, betas: (resolution,) grid coordinates along d1 (x) and d2 (y).
    loss: (resolution, resolution) float32; loss[i, j] is the loss at
        θc + alphas[j]·d1 + betas[i]·d2 (rows follow β, as a contour map's z does).
    centre_loss: the loss at the current weights θc (α = β = 0).
    path: (k, 2) the (α, β) of the recorded weights, oldest first; path_epochs (k,) their epochs.
    n_points of n_train training points were used; seed is the directions' (unless given).
    path_shares: for a slice along the path, the share of its motion along each direction.
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
    path_shares: tuple[float, float] | None = None


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


def path_directions(thetas: Array, centre: Array) -> tuple[Array, Array, tuple[float, float]]:
    """The two directions the recent path moved along most, and the share of its motion each
    holds: the first two principal axes of the weights θt − θc (as Li et al. plot training
    paths), each scaled to the path's reach along it, so α, β ∈ [−1, 1] just holds the path.

    ValueError (in plain words) until the path has moved in two directions: it needs a few
    epochs of training first.
    """
    offsets = np.asarray(thetas, dtype=np.float64) - centre
    if len(offsets) < 3:
        raise ValueError("the path needs a few epochs of training first: press Play or Step")
    _, strengths, axes = np.linalg.svd(offsets, full_matrices=False)
    if strengths[1] <= 1e-9 * max(strengths[0], 1e-300):
        raise ValueError("the weights have not moved in two directions yet: train a few epochs")
    reach = np.abs(offsets @ axes[:2].T).max(axis=0)  # (2,) the path's extent along each axis
    shares = strengths[:2] ** 2 / np.sum(strengths**2)
    return axes[0] * reach[0], axes[1] * reach[1], (float(shares[0]), float(shares[1]))


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
    along_path: bool = False,
) -> LossLandscape:
    """The training loss around the trainer's current weights, with its recent path.

    Parameters
    ----------
    trainer : a `Trainer` (or `TrainingLoop`); only read.
    resolution : grid points per side; span : the grid covers α, β ∈ [−span, span].
    seed : of the random directions (`random_directions`), unless `directions` gives (d1, d2).
    max_points : evaluate on at most this many training points (`sample_indices`); None: all.
    penalty : add the weight penalty (see `grid_losses`).
    along_path : slice along the path's two main directions (`path_directions`) instead.
    """
    if resolution < 2 or not span > 0:
        raise ValueError("the landscape needs a resolution of at least 2 and a positive span")
    if not len(trainer.inputs_train):
        raise ValueError("the landscape is the training loss: there are no training points")
    network = trainer.network
    if not np.isfinite(network.theta).all():
        raise ValueError("some weights are not finite numbers (training diverged): press Reset")
    shares = None
    if along_path:
        d1, d2, shares = path_directions(trainer.path.thetas, network.theta)
    else:
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
        path_shares=shares,
    )
