"""The network's numbers as named per-layer arrays, for code outside the playground.

`playground.model_io` saves the parameters as one flat vector `theta` (the layout the optimizer
works on), which only the playground knows how to cut up. `named_weights` cuts it: for each dense
layer i (hidden layers first, the output layer last) `W{i}` (n_in, n_out), `b{i}` (n_out,), and
for a hidden layer with batch norm `gamma{i}`, `beta{i}`, `running_mean{i}` and `running_var{i}`
(all (n_out,)). `weights_npz` writes them into an `.npz` archive that any NumPy reads with
`allow_pickle=False`; the exported PyTorch and Keras scripts read it as well as `model.npz`.
"""

from __future__ import annotations

import io

import numpy as np

from playground.core.network import Network
from playground.trainer import Trainer

Array = np.ndarray


def named_weights(network: Network) -> dict[str, Array]:
    """Per-layer copies of the network's parameters and batch-norm statistics, by name."""
    state = network.get_state()
    arrays: dict[str, Array] = {}
    for i, block in enumerate(network.params):
        for name, values in block.items():
            arrays[f"{name}{i}"] = np.array(values)
        if f"running_mean_{i}" in state and "gamma" in block:
            arrays[f"running_mean{i}"] = state[f"running_mean_{i}"]
            arrays[f"running_var{i}"] = state[f"running_var_{i}"]
    return arrays


def weights_npz(trainer: Trainer) -> bytes:
    """The trainer's current network as `.npz` bytes of named arrays (see the module doc)."""
    buffer = io.BytesIO()
    np.savez(buffer, **named_weights(trainer.network))
    return buffer.getvalue()
