"""A hand-fused NumPy training step for a tanh MLP with a sigmoid/cross-entropy output.

The benchmarks' yardstick (the "hand-fused NumPy" column of docs/design.md): no layers, no
classes, the bias folded into each product, preallocated buffers, the learning-rate/batch factor
folded into the output error, one flat parameter vector updated in one call. It is what the
playground's general engine is compared with in the same run, so load on the machine cancels out.
"""

from __future__ import annotations

import itertools

import numpy as np


class FusedTanhMLP:
    """Plain SGD on a tanh MLP (sizes like [2, 8, 8, 1]) for a fixed batch size."""

    def __init__(self, sizes: list[int], batch: int, rng: np.random.Generator):
        shapes = [(n_in + 1, n_out) for n_in, n_out in itertools.pairwise(sizes)]
        total = sum(a * b for a, b in shapes)
        self.theta = rng.uniform(-0.5, 0.5, total)
        self.grad = np.zeros(total)
        self.weights, self.grads, offset = [], [], 0
        for a, b in shapes:
            self.weights.append(self.theta[offset : offset + a * b].reshape(a, b))
            self.grads.append(self.grad[offset : offset + a * b].reshape(a, b))
            offset += a * b
        self.acts = [np.ones((batch, n + 1)) for n in sizes[:-1]]

    def step(self, x: np.ndarray, y: np.ndarray, lr: float) -> None:
        acts, weights, grads = self.acts, self.weights, self.grads
        acts[0][:, :-1] = x
        for i in range(1, len(acts)):
            np.tanh(acts[i - 1] @ weights[i - 1], out=acts[i][:, :-1])
        z = acts[-1] @ weights[-1]
        delta = np.tanh(z * 0.5)
        delta += 1.0 - 2.0 * y  # 2·(sigmoid(z) − y) = tanh(z/2) + 1 − 2y
        delta *= 0.5 * lr / len(x)
        for i in range(len(weights) - 1, 0, -1):
            np.matmul(acts[i].T, delta, out=grads[i])
            a = acts[i][:, :-1]
            delta = (delta @ weights[i][:-1].T) * (1.0 - a * a)
        np.matmul(acts[0].T, delta, out=grads[0])
        self.theta -= self.grad
