"""The optimizer's recent path through weight space: a bounded record of parameter vectors.

The loss-landscape view draws where training has been on a slice of weight space around the
current weights, so the training loop keeps a copy of the flat parameter vector `theta` at the
end of every epoch (and of the initial weights; an epoch's start replaces the record of the epoch
before, so weights loaded or edited in between are what the path shows). Only the newest
`capacity` are kept: at most `PATH_LENGTH` epochs, and fewer for a large network so that a
session never holds more than `PATH_FLOATS` numbers (a [64]×10 network keeps 10 epochs, a
[4, 2] network 200). Snapshots are stored as float32: they are only drawn. Recording copies
numbers and draws nothing random, so it never changes what training does.
"""

from __future__ import annotations

from collections import deque

import numpy as np

Array = np.ndarray
PATH_LENGTH = 200  # epochs kept at most
PATH_FLOATS = 400_000  # numbers kept at most (1.6 MB of float32 per session)


class ParameterPath:
    """The last `capacity` epochs' (epoch, theta) pairs, oldest first; see the module docstring.

    `length` 0 records nothing (a switch for tests and benchmarks).
    """

    def __init__(self, n_params: int, length: int = PATH_LENGTH, max_floats: int = PATH_FLOATS):
        self.n_params = n_params
        self.capacity = min(length, max(1, max_floats // max(n_params, 1))) if length else 0
        self._epochs: deque[int] = deque(maxlen=max(self.capacity, 1))
        self._thetas: deque[Array] = deque(maxlen=max(self.capacity, 1))

    def __len__(self) -> int:
        return len(self._epochs)

    def record(self, epoch: int, theta: Array) -> None:
        """Keep a float32 copy of `theta` as the weights after `epoch`; replaces an existing
        newest record of the same epoch (weights edited or restored since)."""
        if not self.capacity:
            return
        if self._epochs and self._epochs[-1] >= epoch:
            self.truncate(epoch - 1)
        self._epochs.append(int(epoch))
        self._thetas.append(theta.astype(np.float32))

    def truncate(self, epoch: int) -> None:
        """Forget the records after `epoch` (training went back to an earlier epoch's weights)."""
        while self._epochs and self._epochs[-1] > epoch:
            self._epochs.pop()
            self._thetas.pop()

    def clear(self) -> None:
        self._epochs.clear()
        self._thetas.clear()

    @property
    def epochs(self) -> Array:
        """(k,) int: the epoch of each kept snapshot, oldest first."""
        return np.array(self._epochs, dtype=np.int64)

    @property
    def thetas(self) -> Array:
        """(k, n_params) float32: the kept parameter vectors, oldest first (a copy)."""
        if not self._thetas:
            return np.zeros((0, self.n_params), dtype=np.float32)
        return np.stack(self._thetas)
