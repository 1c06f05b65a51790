"""The layers a network is stacked from: Dense, BatchNorm, Activation, Dropout and skip ends.

Every layer has `forward(x, training)` and `backward(grad)`: forward keeps what backward needs,
backward takes ∂L/∂(output) and returns ∂L/∂(input), writing its parameter gradients into `grads`
as it goes. Parameters are not owned by the layers: the network hands each layer views into one
flat parameter vector (and one flat gradient vector), so an optimizer updates them all in one call.
Each layer also has `forward_grid(x)`, an evaluation-mode pass in float32 with the neurons × points
layout, which the views use to draw every neuron's map over the input plane.
A skip connection is two markers around a hidden layer: `SkipStart` keeps the layer's input,
`SkipEnd` adds it to the layer's output, so the stack stays one list run forwards and backwards.
Shapes: inputs `(batch, n_in)`, `W` `(n_in, n_out)`, `b` `(n_out,)`.
"""

from __future__ import annotations

import numpy as np

from playground.core.activations import get_activation

Array = np.ndarray
BATCH_NORM_EPSILON = 1e-5
BATCH_NORM_MOMENTUM = 0.1
DROPOUT_POOL_ROWS = 256  # dropout mask rows drawn at once (larger batches draw their own)


class Layer:
    """A layer without parameters; subclasses with parameters declare `param_shapes`."""

    def __init__(self) -> None:
        self.param_shapes: dict[str, tuple[int, ...]] = {}
        self.params: dict[str, Array] = {}
        self.grads: dict[str, Array] = {}

    def bind(self, params: dict[str, Array], grads: dict[str, Array]) -> None:
        """Give the layer its parameter and gradient views (into the network's flat vectors)."""
        self.params, self.grads = params, grads

    def forward(self, x: Array, training: bool) -> Array:
        raise NotImplementedError

    def backward(self, grad: Array) -> Array:
        raise NotImplementedError

    def forward_grid(self, x_t: Array, out: Array | None = None) -> Array:
        """Evaluation-mode forward pass in the (units, points) layout, float32; into `out` if
        given (a (units, points) float32 buffer) by layers that make a new array."""
        return x_t

    creates_grid = False  # True when forward_grid makes a new array (and can write into `out`)


class Dense(Layer):
    """z = x·W + b, computed as one product [x, 1]·[W; b].

    The bias is folded into the product: the input carries a trailing column of ones (see
    `with_ones_column`) and `W` and `b` are views of one (n_in + 1, n_out) block whose last row is
    `b`. One matrix product then gives z, and one gives both ∂L/∂W and ∂L/∂b.
    """

    def __init__(self, n_in: int, n_out: int):
        super().__init__()
        self.n_in, self.n_out = n_in, n_out
        self.param_shapes = {"Wb": (n_in + 1, n_out)}
        self.x: Array | None = None
        self.input_grad = True  # the first layer's input gradient is never needed

    def bind(self, params: dict[str, Array], grads: dict[str, Array]) -> None:
        super().bind(params, grads)
        self.Wb, self.W_t, self.dWb = params["Wb"], params["W"].T, grads["Wb"]

    def forward(self, x: Array, training: bool) -> Array:
        self.x = x
        return x @ self.Wb

    def backward(self, grad: Array) -> Array | None:
        np.matmul(self.x.T, grad, out=self.dWb)
        return grad @ self.W_t if self.input_grad else None

    creates_grid = True

    def forward_grid(self, x_t: Array, out: Array | None = None) -> Array:
        z_t = np.matmul(self.params["W"].T.astype(np.float32), x_t, out=out)
        z_t += self.params["b"].astype(np.float32)[:, None]
        return z_t


def with_ones_column(x: Array) -> Array:
    """x (n, d) with a trailing column of ones, (n, d + 1): the input a `Dense` layer takes."""
    out = np.ones((x.shape[0], x.shape[1] + 1), dtype=np.result_type(x, np.float64))
    out[:, :-1] = x
    return out


class OnesColumnBuffer:
    """Reusable (n, units + 1) output arrays whose last column is ones, one per batch size."""

    def __init__(self, units: int):
        self.units = units
        self._buffers: dict[int, Array] = {}

    def get(self, n: int) -> Array:
        """The (n, units + 1) buffer; its first `units` columns are to be overwritten."""
        buffer = self._buffers.get(n)
        if buffer is None:
            if len(self._buffers) > 8:
                self._buffers.clear()
            buffer = self._buffers[n] = np.ones((n, self.units + 1))
        return buffer

    def fill(self, values: Array) -> Array:
        """The buffer for len(values) rows, holding `values` and the ones column."""
        buffer = self.get(len(values))
        buffer[:, :-1] = values
        return buffer


class BatchNorm(Layer):
    """Normalize each unit over the batch, then scale by gamma and shift by beta.

    Training uses the batch's mean and (biased) variance and updates running averages with
    momentum 0.1; evaluation uses the running averages.
    """

    def __init__(self, units: int):
        super().__init__()
        self.param_shapes = {"gamma": (units,), "beta": (units,)}
        # Row 0 holds the mean, row 1 the variance, so one update serves both.
        self.running = np.vstack([np.zeros(units), np.ones(units)])
        self.batch_stats = np.zeros((2, units))
        self._average: Array | None = None
        self.x_hat: Array | None = None
        self.std: Array | None = None

    def _averager(self, n: int) -> Array:
        if self._average is None or len(self._average) != n:
            self._average = np.full(n, 1.0 / n)
        return self._average

    @property
    def running_mean(self) -> Array:
        return self.running[0]

    @property
    def running_var(self) -> Array:
        return self.running[1]

    def forward(self, x: Array, training: bool) -> Array:
        if training:
            # Means over the batch as products with a (n,) vector of 1/n: one call each.
            average = self._averager(len(x))
            mean, var = self.batch_stats
            np.matmul(average, x, out=mean)
            centred = x - mean
            np.matmul(average, centred * centred, out=var)
            self.running += BATCH_NORM_MOMENTUM * (self.batch_stats - self.running)
            var += BATCH_NORM_EPSILON
            self.std = np.sqrt(var, out=var)
        else:
            centred = x - self.running[0]
            self.std = np.sqrt(self.running[1] + BATCH_NORM_EPSILON)
        self.x_hat = centred / self.std
        out = self.x_hat * self.params["gamma"]
        out += self.params["beta"]
        return out

    def backward(self, grad: Array) -> Array:
        x_hat, n = self.x_hat, len(grad)
        d_gamma, d_beta = self.grads["gamma"], self.grads["beta"]
        np.add.reduce(grad * x_hat, 0, out=d_gamma)
        np.add.reduce(grad, 0, out=d_beta)
        # The batch mean and variance depend on every input, hence two correction terms:
        # dz = γ / (n·std) · (n·g − Σg − x̂·Σ(g·x̂)) = γ / (n·std) · (n·g − dβ − x̂·dγ)
        d_z = grad * n
        d_z -= d_beta
        d_z -= x_hat * d_gamma
        d_z *= self.params["gamma"] / (self.std * n)
        return d_z

    creates_grid = True

    def forward_grid(self, x_t: Array, out: Array | None = None) -> Array:
        scale = self.params["gamma"] / np.sqrt(self.running[1] + BATCH_NORM_EPSILON)
        shift = self.params["beta"] - self.running[0] * scale
        y_t = np.multiply(x_t, scale.astype(np.float32)[:, None], out=out)
        y_t += shift.astype(np.float32)[:, None]
        return y_t


class Activation(Layer):
    """a = f(z), elementwise, for any name in the activations table.

    When it feeds a `Dense` layer (`feeds_dense`), its output carries the trailing ones column.
    """

    def __init__(self, name: str, units: int, feeds_dense: bool = False):
        super().__init__()
        self.name = name
        self.function, self.derivative = get_activation(name)
        self.output = OnesColumnBuffer(units) if feeds_dense else None
        self.z: Array | None = None
        self.a: Array | None = None

    def forward(self, x: Array, training: bool) -> Array:
        self.z = x
        if self.output is None:
            self.a = self.function(x)
            return self.a
        if isinstance(self.function, np.ufunc):  # write straight into the output buffer
            out = self.output.get(len(x))
            self.a = self.function(x, out=out[:, :-1])
            return out
        self.a = self.function(x)
        return self.output.fill(self.a)

    def backward(self, grad: Array) -> Array:
        return grad * self.derivative(self.z, self.a)

    creates_grid = True

    def forward_grid(self, x_t: Array, out: Array | None = None) -> Array:
        if out is None:
            return self.function(x_t)
        if isinstance(self.function, np.ufunc):
            return self.function(x_t, out=out)
        out[...] = self.function(x_t)
        return out


class Dropout(Layer):
    """Inverted dropout: in training, zero each unit with probability `rate` and scale the rest
    by 1 / (1 - rate), so evaluation (no dropout) sees the same expected activation.

    It sits after an activation; when it feeds a `Dense` layer its output carries the trailing
    ones column. Set `fixed_mask` (n, units) to reuse one mask
    (gradient checks); otherwise a new mask is drawn per batch.
    """

    def __init__(
        self, rate: float, units: int, rng: np.random.Generator, feeds_dense: bool = False
    ):
        super().__init__()
        self.rate = rate
        self.units = units
        self.rng = rng
        self.output = OnesColumnBuffer(units) if feeds_dense else None
        self.mask: Array | None = None
        self.fixed_mask: Array | None = None
        self._pool: Array | None = None  # masks drawn ahead, DROPOUT_POOL_ROWS rows
        self._pool_rate = rate
        self._taken = 0

    def forward(self, x: Array, training: bool) -> Array:
        if not training or self.rate == 0.0:
            self.mask = None
            out = x
        else:
            self.mask = self.fixed_mask if self.fixed_mask is not None else self._next_mask(len(x))
            if self.output is not None:
                out = self.output.get(len(x))
                np.multiply(x, self.mask, out=out[:, :-1])
                return out
            out = x * self.mask
        return out if self.output is None else self.output.fill(out)

    def _draw(self, rows: int) -> Array:
        keep = self.rng.random((rows, self.units)) >= self.rate
        return keep * (1.0 / (1.0 - self.rate))

    def _next_mask(self, n: int) -> Array:
        """The next n rows of scaled masks. Masks are drawn for many batches at once (three
        NumPy calls a step less); each row is still a fresh, independent draw."""
        if n > DROPOUT_POOL_ROWS:
            return self._draw(n)
        used_up = self._pool is None or self._taken + n > DROPOUT_POOL_ROWS
        if used_up or self._pool_rate != self.rate:
            self._pool, self._pool_rate, self._taken = self._draw(DROPOUT_POOL_ROWS), self.rate, 0
        self._taken += n
        return self._pool[self._taken - n : self._taken]

    def backward(self, grad: Array) -> Array:
        return grad if self.mask is None else grad * self.mask


class SkipStart(Layer):
    """Where a skip connection leaves: passes its input on and keeps it for `SkipEnd`.

    Backward, it adds the gradient that came back along the skip to the one that came back
    through the layer (∂L/∂x = ∂L/∂y · (I + ∂f/∂x) for y = x + f(x)).
    """

    def __init__(self) -> None:
        super().__init__()
        self.x: Array | None = None  # the input, with its trailing ones column
        self.x_t: Array | None = None  # the input in the grid layout
        self.skip_grad: Array | None = None  # set by SkipEnd.backward

    def forward(self, x: Array, training: bool) -> Array:
        self.x = x
        return x

    def backward(self, grad: Array) -> Array:
        return grad + self.skip_grad

    def forward_grid(self, x_t: Array, out: Array | None = None) -> Array:
        self.x_t = x_t
        return x_t


class SkipEnd(Layer):
    """Where a skip connection arrives: y = f(x) + x, with x kept by its `SkipStart`.

    It always feeds a `Dense` layer (a hidden layer is followed by one), so its output carries
    the trailing ones column, as does the input it receives.
    """

    def __init__(self, start: SkipStart, units: int):
        super().__init__()
        self.start = start
        self.output = OnesColumnBuffer(units)

    def forward(self, x: Array, training: bool) -> Array:
        out = self.output.get(len(x))
        np.add(x[:, :-1], self.start.x[:, :-1], out=out[:, :-1])
        return out

    def backward(self, grad: Array) -> Array:
        self.start.skip_grad = grad
        return grad

    creates_grid = True

    def forward_grid(self, x_t: Array, out: Array | None = None) -> Array:
        return np.add(x_t, self.start.x_t, out=out)
