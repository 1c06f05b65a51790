"""One frame of the live view: the trainer's current state as the payload the canvas draws.

`FrameBuilder` is made once per trainer (it precomputes the grids of input features the network
is evaluated on) and `build(trainer, ...)` returns the dict the live-view component takes: the
output over a grid of the plane, every node's map on a coarser grid, the weights, the points and
the loss history downsampled, all as float32 bytes (the payload contract in
`playground/ui/widgets/live_view.py`). Every map is scaled to [-1, 1] for colouring and no NaN or
infinity ever reaches it. Pure NumPy; nothing here knows about Streamlit.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np

from playground.core.activations import ACTIVATION_RANGE
from playground.core.training import TrainingLoop
from playground.data import FEATURE_LABELS, Dataset, make_features
from playground.live.frame_schema import CARRIED_KEYS

Array = np.ndarray
# The output grid gets coarser for big networks so a frame stays a few milliseconds of work.
OUTPUT_RESOLUTIONS = ((1_500, 100), (6_000, 60), (10**12, 40))  # (up to this many weights, res)
# Node maps get coarser as the diagram grows, so a 10 × 64 network still sends a small frame.
NEURON_RESOLUTIONS = ((40, 40), (150, 24), (10**9, 12))  # (up to this many nodes, resolution)
MAX_HISTORY_POINTS = 400
METRIC_LABELS = {"accuracy": "accuracy", "r2": "R²"}


def grid_points(bounds: tuple[float, float], resolution: int) -> Array:
    """(resolution², 2) points of a square grid in image order: row 0 is the top (y = hi)."""
    lo, hi = bounds
    centres = lo + (np.arange(resolution) + 0.5) * (hi - lo) / resolution
    xx, yy = np.meshgrid(centres, centres[::-1])
    return np.column_stack([xx.ravel(), yy.ravel()])


def to_f32_bytes(values: Array) -> bytes:
    """Finite float32 little-endian bytes (NaN → 0, ±inf → ±1e30)."""
    array = np.asarray(values, dtype=np.float32)
    if not np.isfinite(array).all():  # rare: a check is 6x cheaper than nan_to_num each frame
        array = np.nan_to_num(array, nan=0.0, posinf=1e30, neginf=-1e30)
    return array.astype("<f4", copy=False).tobytes()


def scale_map(values: Array, activation: str | None) -> Array:
    """Rows of a (nodes, points) array scaled into [-1, 1] for colouring.

    Bounded activations map their range onto [-1, 1]; unbounded values are divided by each row's
    largest magnitude, so the map shows where the node is most and least active.
    """
    low, high = ACTIVATION_RANGE.get(activation, (-np.inf, np.inf)) if activation else (0, 0)
    if not np.isfinite(values).all():
        values = np.nan_to_num(values, nan=0.0, posinf=0.0, neginf=0.0)
    if activation and math.isfinite(low) and math.isfinite(high):
        return (values - low) * (2.0 / (high - low)) - 1.0
    peak = np.abs(values).max(axis=1, keepdims=True)
    return values / np.where(peak > 1e-12, peak, 1.0)


def neuron_resolution(n_nodes: int) -> int:
    """The side of each node's map for a diagram of `n_nodes` nodes."""
    return next(resolution for limit, resolution in NEURON_RESOLUTIONS if n_nodes <= limit)


def downsample_indices(n: int, limit: int = MAX_HISTORY_POINTS) -> Array:
    """At most `limit` indices spread over range(n), always including the last."""
    if n <= limit:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, limit).round().astype(int))


class FrameBuilder:
    """Precomputed grids for one dataset and feature set; builds frames for a trainer.

    `layer_sizes` are the diagram's columns: inputs, each hidden layer, outputs.
    """

    def __init__(self, data: Dataset, layer_sizes: list[int]):
        self.data = data
        n_nodes = sum(layer_sizes)
        n_weights = sum(a * b for a, b in itertools.pairwise(layer_sizes))
        self.output_resolution = next(
            res for limit, res in OUTPUT_RESOLUTIONS if n_weights <= limit
        )
        self.bounds = (float(data.bounds[0]), float(data.bounds[1]))
        self.neuron_resolution = neuron_resolution(n_nodes)
        output_points = grid_points(self.bounds, self.output_resolution)
        neuron_points = grid_points(self.bounds, self.neuron_resolution)
        names = data.feature_names
        self.output_inputs = make_features(output_points, names).astype(np.float32)
        self.neuron_inputs = make_features(neuron_points, names).astype(np.float32)
        self.input_maps = scale_map(self.neuron_inputs.T, None)
        self.problem = _problem_kind(data)
        points = np.vstack([data.x_train, data.x_test])
        labels = np.concatenate([data.y_train, data.y_test])
        is_test = np.r_[np.zeros(len(data.x_train)), np.ones(len(data.x_test))]
        self.static_part = {
            "problem": self.problem,
            "n_classes": int(data.n_classes),
            "bounds": list(self.bounds),
            "output_res": self.output_resolution,
            "neuron_res": self.neuron_resolution,
            "points": to_f32_bytes(points.ravel()),
            "labels": to_f32_bytes(labels),
            "is_test": is_test.astype(np.uint8).tobytes(),
            "feature_names": [FEATURE_LABELS.get(name, name) for name in names],
        }

    def build(
        self,
        trainer: TrainingLoop,
        frame: int,
        status: str,
        show_test: bool = True,
        discretize: bool = False,
        first: bool = True,
    ) -> dict[str, Any]:
        """The payload for the trainer's current weights and history. A message's later frames
        (`first=False`) leave out the keys the decoder carries over from the frame before
        (CARRIED_KEYS: the points and the history, which their latest figures extend)."""
        network = trainer.network
        payload: dict[str, Any] = dict(self.static_part)
        if not first:
            payload = {k: v for k, v in payload.items() if k not in CARRIED_KEYS}
        payload.update(
            frame=frame,
            epoch=trainer.epoch,
            step=trainer.step,
            status=status,
            show_test=show_test,
            discretize=discretize,
        )
        payload.update(self._output(network.evaluate_grid(self.output_inputs, reuse=True).output))
        payload["neurons"] = self._neurons(network)
        sizes = [len(self.data.feature_names), *network.spec.hidden_layers, network.spec.n_outputs]
        payload["layers"] = sizes
        payload["skips"] = [int(skip) for skip in network.spec.skips]
        payload["weights"] = to_f32_bytes(np.concatenate([p["W"].ravel() for p in network.params]))
        payload["biases"] = to_f32_bytes(np.concatenate([p["b"] for p in network.params]))
        payload.update(self._history(trainer, first))
        return payload

    def _output(self, output: Array) -> dict[str, bytes]:
        if self.problem == "multiclass":
            return {
                "output": to_f32_bytes(output.argmax(axis=1)),
                "output_conf": to_f32_bytes(output.max(axis=1)),
            }
        values = output[:, 0]
        if self.problem == "binary":
            values = 2.0 * values - 1.0
        return {"output": to_f32_bytes(np.clip(values, -1.0, 1.0))}

    def _neurons(self, network) -> bytes:
        maps = network.evaluate_grid(self.neuron_inputs, reuse=True)
        rows = [self.input_maps]
        spec = network.spec
        for hidden, activation, skip in zip(maps.hidden, spec.activations, spec.skips, strict=True):
            # A skip adds the layer's input: the sum leaves the activation's range.
            rows.append(scale_map(hidden, "linear" if skip else activation))
        if self.problem == "regression":
            rows.append(np.clip(maps.output.T, -1.0, 1.0))
        else:
            rows.append(2.0 * maps.output.T - 1.0)
        return to_f32_bytes(np.vstack(rows).ravel())

    def _history(self, trainer: TrainingLoop, with_history: bool = True) -> dict[str, Any]:
        metric, latest = trainer.metric_name, trainer.latest()
        figures = {
            "metric_name": METRIC_LABELS[metric],
            "train_loss": _finite(latest["train_loss"]),
            "test_loss": _finite(latest["test_loss"]),
            "train_metric": _finite(latest[f"train_{metric}"]),
            "test_metric": _finite(latest[f"test_{metric}"]),
        }
        if not with_history:
            return figures
        history = trainer.history
        keep = downsample_indices(len(history))
        columns = {
            "epoch": "epoch",
            "train_loss": "train_loss",
            "test_loss": "test_loss",
            "train_metric": f"train_{metric}",
            "test_metric": f"test_{metric}",
        }
        series = {
            key: history.column(name)[keep] if len(history) else np.zeros(0)
            for key, name in columns.items()
        }
        return {"history": {key: to_f32_bytes(v) for key, v in series.items()}, **figures}


def _problem_kind(data: Dataset) -> str:
    if data.problem == "regression":
        return "regression"
    return "binary" if data.n_classes == 2 else "multiclass"


def _finite(value: float) -> float | None:
    """The value, or None (null: shown as a dash) when there is none, e.g. no points."""
    return float(value) if math.isfinite(value) else None
