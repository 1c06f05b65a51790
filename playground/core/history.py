"""The per-epoch training record, kept in bounded memory.

`History` stores one row per epoch (losses, metrics, learning rate, per-layer gradient and weight
norms) in NumPy columns. A playground can be left training for a whole lecture at thousands of
epochs a second, so the record thins itself: once it holds `capacity` rows it keeps every second
one and from then on records every 2nd epoch (then every 4th, ...). The newest epoch is always
there: `history[-1]` is the last epoch trained. Columns are read with `history.column(name)`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

Array = np.ndarray


class History:
    """Rows of named floats plus per-layer vectors; see the module docstring."""

    def __init__(self, scalar_names: tuple[str, ...], n_layers: int, capacity: int = 20_000):
        self.scalar_names = scalar_names
        self.n_layers = n_layers
        self.capacity = capacity
        self.stride = 1
        self._size = 0
        self._scalars = np.zeros((64, len(scalar_names)))
        self._grad_norms = np.zeros((64, n_layers))
        self._weight_norms = np.zeros((64, n_layers))
        self._index = {name: i for i, name in enumerate(scalar_names)}

    def __len__(self) -> int:
        return self._size

    def append(self, scalars: dict[str, float], grad_norms: Array, weight_norms: Array) -> None:
        """Add an epoch's row; `scalars` must contain an integer-valued 'epoch'."""
        last = self._size - 1
        if last >= 0 and int(self._scalars[last, 0]) % self.stride != 0:
            self._size = last  # the previous newest row was off the stride: replace it
        if self._size == len(self._scalars):
            self._grow()
        row = self._size
        self._scalars[row] = [scalars[name] for name in self.scalar_names]
        self._grad_norms[row] = grad_norms
        self._weight_norms[row] = weight_norms
        self._size += 1
        if self._size > self.capacity:
            self._thin()

    def __getitem__(self, index: int) -> dict[str, Any]:
        if not -self._size <= index < self._size:
            raise IndexError("history index out of range")
        row = index % self._size
        record: dict[str, Any] = dict(
            zip(self.scalar_names, self._scalars[row].tolist(), strict=True)
        )
        record["epoch"], record["step"] = int(record["epoch"]), int(record["step"])
        record["grad_norms"] = self._grad_norms[row].tolist()
        record["weight_norms"] = self._weight_norms[row].tolist()
        return record

    @property
    def last_epoch(self) -> int:
        """The epoch of the newest row (IndexError when empty)."""
        if not self._size:
            raise IndexError("the history is empty")
        return int(self._scalars[self._size - 1, 0])

    def truncate(self, epoch: int) -> None:
        """Forget the rows after `epoch` (going back to an earlier epoch's weights)."""
        epochs = self._scalars[: self._size, 0]
        self._size = int(np.searchsorted(epochs, epoch, side="right"))

    def column(self, name: str) -> Array:
        """One quantity over the recorded epochs (a copy); 'grad_norms'/'weight_norms' are 2-D."""
        if name == "grad_norms":
            return self._grad_norms[: self._size].copy()
        if name == "weight_norms":
            return self._weight_norms[: self._size].copy()
        return self._scalars[: self._size, self._index[name]].copy()

    def _grow(self) -> None:
        rows = 2 * len(self._scalars)
        for name in ("_scalars", "_grad_norms", "_weight_norms"):
            old = getattr(self, name)
            new = np.zeros((rows, old.shape[1]))
            new[: len(old)] = old
            setattr(self, name, new)

    def _thin(self) -> None:
        self.stride *= 2
        epochs = self._scalars[: self._size, 0].astype(np.int64)
        keep = np.flatnonzero(epochs % self.stride == 0)
        if keep.size == 0 or keep[-1] != self._size - 1:
            keep = np.append(keep, self._size - 1)
        for name in ("_scalars", "_grad_norms", "_weight_norms"):
            array = getattr(self, name)
            array[: keep.size] = array[keep]
        self._size = keep.size
