"""The network: a stack of layers over one flat parameter vector, with its output head.

A `Network` is built from a `NetworkSpec` (plain names and numbers) and a random generator. Each
hidden layer is `Dense → [BatchNorm] → Activation → [Dropout]`; the output layer is a `Dense`
followed by the head (sigmoid, softmax or linear with its loss). With skip connections, a hidden
layer as wide as the one before it adds its input to its output (`skip_layers` says which). All
parameters live in one float64 vector `theta` (per layer its weights and bias as one block
[W; b], then batch norm's gamma and beta) and all gradients in `grad`, laid out the same, so
optimizers and the weight penalty each work in a single call. `params` and `grads` give
per-layer views into them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from playground.core.layers import (
    Activation,
    BatchNorm,
    Dense,
    Dropout,
    Layer,
    SkipEnd,
    SkipStart,
    with_ones_column,
)
from playground.core.losses import get_head
from playground.core.regularizers import get_regularizer

Array = np.ndarray


GRID_BUFFER_SIZES = 4  # grids whose maps `evaluate_grid(reuse=True)` keeps, per thread
_GRID_MAPS = threading.local()  # this thread's reusable grid maps, by (points, NetworkSpec)


@dataclass(frozen=True)
class NetworkSpec:
    """The shape of a network: sizes, names of its functions, its initialization."""

    n_inputs: int
    hidden_layers: tuple[int, ...]
    n_outputs: int
    output_kind: str  # "binary", "multiclass" or "regression"
    loss: str = "cross_entropy"
    activations: tuple[str, ...] = ()
    dropout: tuple[float, ...] = ()
    batch_norm: bool = False
    weight_init: str = "glorot"
    skip_connections: bool = False

    def __post_init__(self) -> None:
        n_hidden = len(self.hidden_layers)
        if not self.activations:
            object.__setattr__(self, "activations", ("tanh",) * n_hidden)
        if not self.dropout:
            object.__setattr__(self, "dropout", (0.0,) * n_hidden)
        if len(self.activations) != n_hidden or len(self.dropout) != n_hidden:
            raise ValueError("activations and dropout need one entry per hidden layer")

    @property
    def skips(self) -> tuple[bool, ...]:
        """Per hidden layer, whether it has a skip connection."""
        layers = skip_layers(self.hidden_layers)
        return layers if self.skip_connections else (False,) * len(layers)


def skip_layers(hidden_layers: tuple[int, ...]) -> tuple[bool, ...]:
    """Per hidden layer, whether skip connections give it one: every hidden layer after the
    first whose width equals the previous layer's (the input passes on unchanged, so there is
    no projection where widths differ)."""
    return tuple(i > 0 and units == hidden_layers[i - 1] for i, units in enumerate(hidden_layers))


@dataclass
class GridMaps:
    """A network evaluated over a grid of points: the output and every hidden neuron's value."""

    output: Array  # (points, n_outputs) float32
    hidden: list[Array]  # per hidden layer, (units, points) float32: its output (after the
    # activation, plus the layer's input where a skip connection adds it)


class Network:
    """A feed-forward network with a flat parameter vector; see the module docstring."""

    def __init__(self, spec: NetworkSpec, rng: np.random.Generator):
        self.spec = spec
        self.head = get_head(spec.output_kind, spec.loss)
        self.layers, self.dense_blocks = _build_layers(spec, rng)
        self.layers[0].input_grad = False
        self._reversed_layers = self.layers[::-1]
        self.theta, self.grad, self.params, self.grads, self.weight_mask, self._layout = _allocate(
            self.dense_blocks
        )
        self.regularization = "none"
        self.regularization_rate = 0.0
        self._initialize(rng)

    # --- training -----------------------------------------------------------------------------
    def forward(self, x: Array, training: bool) -> tuple[Array, Array]:
        """(pre-activation z, output) of the last layer for inputs `x` (n, n_inputs + 1) that
        carry a trailing column of ones (`with_ones_column`)."""
        for layer in self.layers:
            x = layer.forward(x, training)
        return x, self.head.output(x)

    def compute_grads(self, x: Array, targets: Array) -> tuple[Array, Array]:
        """Fill `self.grad` with the gradient of (mean loss + penalty) on this batch.

        `x` carries the trailing column of ones, like `forward`'s input.
        Returns the batch's (pre-activation z, output) of the last layer.
        """
        z, out = self.forward(x, training=True)
        grad = self.head.delta(z, out, targets)
        for layer in self._reversed_layers:
            grad = layer.backward(grad)
        if self.regularization_rate and self.regularization != "none":
            regularizer = get_regularizer(self.regularization)
            self.grad += (self.regularization_rate * self.weight_mask) * regularizer.grad(
                self.theta
            )
        return z, out

    def loss_and_grads(self, x: Array, labels: Array) -> tuple[float, list[dict[str, Array]]]:
        """(mean loss + penalty, gradients shaped like `params`) on a batch, in training mode.

        `labels` are class indices (classification) or values (regression), shape (n,).
        Training mode means dropout draws a mask and batch norm uses (and updates) batch statistics.
        """
        targets = self.targets(labels)
        z, out = self.compute_grads(with_ones_column(np.asarray(x, dtype=np.float64)), targets)
        loss = self.head.loss(z, out, targets) + self.penalty()
        return loss, [{name: g.copy() for name, g in block.items()} for block in self.grads]

    def penalty(self) -> float:
        """The weight penalty added to the mean loss."""
        if self.regularization == "none" or not self.regularization_rate:
            return 0.0
        weights = self.theta[self.weight_mask == 1.0]
        return self.regularization_rate * get_regularizer(self.regularization).penalty(weights)

    def targets(self, labels: Array) -> Array:
        """Labels as the head's targets: (n, 1) floats, or one-hot (n, k) for multi-class."""
        labels = np.asarray(labels)
        if self.spec.output_kind == "multiclass":
            return np.eye(self.spec.n_outputs)[labels.astype(int)]
        return labels.astype(np.float64).reshape(-1, 1)

    # --- evaluation ---------------------------------------------------------------------------
    def predict(self, x: Array) -> Array:
        """Outputs in evaluation mode: probabilities (n, 1) or (n, k), or values (n, 1)."""
        return self.forward(with_ones_column(np.asarray(x, dtype=np.float64)), training=False)[1]

    def evaluate(self, x: Array, labels: Array) -> float:
        """Mean loss (without the penalty) in evaluation mode; NaN when there are no points."""
        if len(x) == 0:
            return float("nan")
        z, out = self.forward(with_ones_column(np.asarray(x, dtype=np.float64)), training=False)
        return self.head.loss(z, out, self.targets(labels))

    def evaluate_grid(self, inputs: Array, reuse: bool = False) -> GridMaps:
        """Output and every hidden neuron's activation at grid inputs (points, d), float32.

        With `reuse`, the maps are written into the arrays of this thread's previous call with as
        many points for a network of the same shape (any network of it), so they are valid only
        until that next call in the thread (the output too, for a linear head): at 50 frames a
        second, fresh memory for every map cost more in page faults than the maths (1.1 ms
        against 0.5 on [8]×6). The arrays belong to the thread, not to the network: a server
        builds each run's frames in a thread of that run, so the maps go when it ends, and a
        class of closed tabs waiting to expire does not keep them (half a megabyte a session,
        half its memory).
        """
        x_t = np.ascontiguousarray(np.asarray(inputs, dtype=np.float32).T)
        pool = _grid_pool() if reuse else {}
        shape = (x_t.shape[1], self.spec)
        buffers = pool.get(shape)
        made, hidden = [], []
        for i, layer in enumerate(self.layers):
            x_t = layer.forward_grid(x_t, None if buffers is None else buffers[i])
            made.append(x_t if layer.creates_grid else None)
            if isinstance(layer, Activation):
                hidden.append(x_t)
            elif isinstance(layer, SkipEnd):
                hidden[-1] = x_t
        if reuse and buffers is None:
            if len(pool) >= GRID_BUFFER_SIZES:
                pool.clear()
            pool[shape] = made
        output = self.head.output(np.ascontiguousarray(x_t.T)).astype(np.float32, copy=False)
        return GridMaps(output=output, hidden=hidden)

    # --- parameters ---------------------------------------------------------------------------
    def get_state(self) -> dict[str, Array]:
        """Every number the network needs to predict: parameters and batch-norm running stats."""
        state = {"theta": self.theta.copy()}
        for i, layer in enumerate(layer for layer in self.layers if isinstance(layer, BatchNorm)):
            state[f"running_mean_{i}"] = layer.running[0].copy()
            state[f"running_var_{i}"] = layer.running[1].copy()
        return state

    def set_state(self, state: dict[str, Array]) -> None:
        """Restore what `get_state` returned (same spec)."""
        if state["theta"].shape != self.theta.shape:
            raise ValueError(f"expected {self.theta.size} parameters, got {state['theta'].size}")
        self.theta[:] = state["theta"]
        for i, layer in enumerate(layer for layer in self.layers if isinstance(layer, BatchNorm)):
            layer.running[0] = state[f"running_mean_{i}"]
            layer.running[1] = state[f"running_var_{i}"]

    def views(self, vector: Array) -> list[dict[str, Array]]:
        """Per dense block, views into `vector` (laid out like `theta`) with the keys of
        `params`: "W" (n_in, n_out), "b" (n_out,), and "gamma", "beta" with batch norm."""
        if vector.shape != self.theta.shape:
            raise ValueError(f"expected a vector of {self.theta.size} numbers, got {vector.shape}")
        blocks: list[dict[str, Array]] = []
        for entries in self._layout:
            block = {}
            for name, offset, shape in entries:
                view = vector[offset : offset + int(np.prod(shape))].reshape(shape)
                if name == "Wb":
                    block["W"], block["b"] = view[:-1], view[-1]
                else:
                    block[name] = view
            blocks.append(block)
        return blocks

    @property
    def dropout_layers(self) -> list[Dropout]:
        return [layer for layer in self.layers if isinstance(layer, Dropout)]

    def _initialize(self, rng: np.random.Generator) -> None:
        init = self.spec.weight_init
        for block in self.params:
            n_in, n_out = block["W"].shape
            if init == "glorot":
                limit = np.sqrt(6.0 / (n_in + n_out))
                block["W"][:] = rng.uniform(-limit, limit, size=(n_in, n_out))
            elif init == "he":
                block["W"][:] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
            elif init == "uniform":  # TensorFlow Playground's
                block["W"][:] = rng.uniform(-0.5, 0.5, size=(n_in, n_out))
                block["b"][:] = 0.1
            elif init != "zeros":
                raise ValueError(f"unknown weight_init {init!r}; choose glorot, he, uniform, zeros")
            if "gamma" in block:
                block["gamma"][:] = 1.0


def _build_layers(spec: NetworkSpec, rng: np.random.Generator) -> tuple[list[Layer], list[list]]:
    """The layer list, and per dense block the layers that own its parameters."""
    layers: list[Layer] = []
    blocks: list[list[Layer]] = []
    n_in = spec.n_inputs
    for units, activation, rate, skip in zip(
        spec.hidden_layers, spec.activations, spec.dropout, spec.skips, strict=True
    ):
        if skip:
            start = SkipStart()
            layers.append(start)
        dense = Dense(n_in, units)
        block: list[Layer] = [dense]
        layers.append(dense)
        if spec.batch_norm:
            norm = BatchNorm(units)
            block.append(norm)
            layers.append(norm)
        layers.append(Activation(activation, units, feeds_dense=rate == 0.0))
        if rate > 0.0:
            layers.append(Dropout(rate, units, rng, feeds_dense=True))
        if skip:
            layers.append(SkipEnd(start, units))
        blocks.append(block)
        n_in = units
    output = Dense(n_in, spec.n_outputs)
    layers.append(output)
    blocks.append([output])
    return layers, blocks


def _allocate(blocks: list[list[Layer]]):
    """One flat vector for all parameters and one for gradients, and the views into them.

    Each dense block's [W; b] is one contiguous (n_in + 1, n_out) piece, then its gamma and beta;
    `weight_mask` is 1 where theta holds a weight (the only entries a penalty applies to);
    `layout` lists per block each parameter's (name, offset, shape), for `Network.views`.
    """
    sizes = [
        int(np.prod(shape))
        for block in blocks
        for layer in block
        for shape in layer.param_shapes.values()
    ]
    theta, grad, weight_mask = np.zeros(sum(sizes)), np.zeros(sum(sizes)), np.zeros(sum(sizes))
    params: list[dict[str, Array]] = [{} for _ in blocks]
    grads: list[dict[str, Array]] = [{} for _ in blocks]
    layout: list[list[tuple[str, int, tuple[int, ...]]]] = [[] for _ in blocks]
    offset = 0
    for b, block in enumerate(blocks):
        for layer in block:
            layer_params, layer_grads = {}, {}
            for name, shape in layer.param_shapes.items():
                size = int(np.prod(shape))
                layer_params[name] = theta[offset : offset + size].reshape(shape)
                layer_grads[name] = grad[offset : offset + size].reshape(shape)
                if name == "Wb":
                    weight_mask[offset : offset + size - shape[1]] = 1.0
                layout[b].append((name, offset, shape))
                offset += size
            for store, views in ((params[b], layer_params), (grads[b], layer_grads)):
                for name, view in views.items():
                    if name == "Wb":
                        store["W"], store["b"] = view[:-1], view[-1]
                    else:
                        store[name] = view
            layer.bind(
                {**layer_params, **_split_wb(layer_params)},
                {**layer_grads, **_split_wb(layer_grads)},
            )
    return theta, grad, params, grads, weight_mask, layout


def _split_wb(views: dict[str, Array]) -> dict[str, Array]:
    return {"W": views["Wb"][:-1], "b": views["Wb"][-1]} if "Wb" in views else {}


def _grid_pool() -> dict[tuple[int, NetworkSpec], list[Array | None]]:
    """This thread's reusable grid maps (`Network.evaluate_grid`)."""
    pool = getattr(_GRID_MAPS, "pool", None)
    if pool is None:
        pool = _GRID_MAPS.pool = {}
    return pool
