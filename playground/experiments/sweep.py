"""Hyperparameter sweeps: train one network per cell of a grid, in parallel on every core.

A sweep varies one or two fields of a `PlaygroundConfig` (any field: `learning_rate` ×
`batch_size`, `regularization_rate` × `noise`, `activation`, `hidden_layers` ...) over a list of
values each, trains every combination from the same base config for the same number of epochs,
and collects the final losses and metric (accuracy, or R² for regression) and the loss curve of
every cell. Each cell is an independent `Trainer` seeded from the base config, so the results do
not depend on the order or the process the cells ran in: the same base config and seed always
give the same numbers. Cells run in joblib's loky worker processes (one BLAS thread each, so the
pools never compete), most expensive first. `iter_sweep` yields each cell as it finishes, for a
progress bar; `run_sweep` gathers them into arrays. Setting a `threading.Event` cancels: no new
cell starts, the running ones finish, and every cell that never ran is reported as "cancelled".
This module is the grid and the whole sweep; `sweep_cells` trains the cells (its `CellResult` and
statuses are importable from here too).
"""

from __future__ import annotations

import dataclasses
import math
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
from joblib import cpu_count

from playground.config import DATA_FIELDS, FIELD_NAMES, ConfigError, PlaygroundConfig
from playground.data.dataset import Dataset
from playground.experiments.sweep_cells import (
    CANCELLED,
    DIVERGED,
    DONE,
    CellResult,
    Index,
    Task,
    cancelled_cell,
    run_cells,
    train_cell,
)

__all__ = [
    "CANCELLED", "DIVERGED", "DONE", "MAX_AXES", "MAX_EPOCHS", "CellResult", "SweepAxis",
    "SweepError", "SweepResult", "empty_result", "iter_sweep", "make_grid", "run_sweep",
    "store_cell", "sweep_axes", "train_cell",
]  # fmt: skip

MAX_AXES = 2
MAX_EPOCHS = 20_000  # the history keeps every epoch up to this many
AxesArgument = Mapping[str, Sequence[Any]] | Sequence["SweepAxis"]


class SweepError(ValueError):
    """A sweep cannot run as asked; `field` names the offending config field or argument."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclasses.dataclass(frozen=True)
class SweepAxis:
    """One axis of the grid: a config field and the values it takes, in order."""

    field: str
    values: tuple[Any, ...]


@dataclasses.dataclass
class SweepResult:
    """A whole sweep as arrays whose shape is one entry per axis value (axis 0 = first axis).

    `train_curves`/`test_curves` add a last dimension of `epochs`, NaN past the epochs a cell
    trained. `status` holds "done", "diverged" or "cancelled" per cell.
    """

    axes: tuple[SweepAxis, ...]
    epochs: int
    metric_name: str
    train_loss: np.ndarray
    test_loss: np.ndarray
    train_metric: np.ndarray
    test_metric: np.ndarray
    train_curves: np.ndarray
    test_curves: np.ndarray
    status: np.ndarray
    seconds: np.ndarray

    @property
    def shape(self) -> tuple[int, ...]:
        return self.test_loss.shape

    @property
    def cancelled(self) -> bool:
        """True when at least one cell never ran."""
        return bool(np.any(self.status == CANCELLED))

    def values_at(self, index: Index) -> dict[str, Any]:
        """The swept field values of the cell at `index`."""
        return {axis.field: axis.values[i] for axis, i in zip(self.axes, index, strict=True)}

    def best_index(self) -> Index | None:
        """The finished cell with the lowest final test loss (None if none finished)."""
        if not np.any(np.isfinite(self.test_loss)):
            return None
        flat = int(np.nanargmin(self.test_loss))
        return tuple(int(i) for i in np.unravel_index(flat, self.shape))


# --- the grid ---------------------------------------------------------------------------------
def sweep_axes(axes: AxesArgument) -> tuple[SweepAxis, ...]:
    """Axes from `{field: values}` (one or two fields) or a sequence of `SweepAxis`."""
    if isinstance(axes, Mapping):
        items = [SweepAxis(field, tuple(values)) for field, values in axes.items()]
    else:
        items = [SweepAxis(axis.field, tuple(axis.values)) for axis in axes]
    if not 1 <= len(items) <= MAX_AXES:
        raise SweepError("axes", f"sweep one or two fields, got {len(items)}")
    if len(items) == 2 and items[0].field == items[1].field:
        raise SweepError(items[0].field, "the same field is on both axes")
    return tuple(SweepAxis(a.field, tuple(_canonical(v) for v in a.values)) for a in items)


def make_grid(
    base: PlaygroundConfig, axes: AxesArgument, data: Dataset | None = None
) -> list[tuple[Index, PlaygroundConfig]]:
    """Every cell's (index, config), in row-major order; SweepError names a bad field or value."""
    checked = sweep_axes(axes)
    for axis in checked:
        _check_axis(axis, base, data)
    cells = []
    for index in np.ndindex(*(len(axis.values) for axis in checked)):
        changes = {axis.field: axis.values[i] for axis, i in zip(checked, index, strict=True)}
        cells.append((tuple(int(i) for i in index), _cell_config(base, changes)))
    return cells


def _check_axis(axis: SweepAxis, base: PlaygroundConfig, data: Dataset | None) -> None:
    if axis.field not in FIELD_NAMES:
        raise SweepError(
            axis.field, f"not a config field; fields you can sweep: {', '.join(FIELD_NAMES)}"
        )
    if data is not None and axis.field in (*DATA_FIELDS, "features") and axis.field != "seed":
        raise SweepError(axis.field, "changes the generated data, but this sweep has its own data")
    if not axis.values:
        raise SweepError(axis.field, "give at least one value")
    if len(set(map(repr, axis.values))) != len(axis.values):
        raise SweepError(axis.field, "a value is listed twice")
    for value in axis.values:
        _cell_config(base, {axis.field: value})


def _cell_config(base: PlaygroundConfig, changes: dict[str, Any]) -> PlaygroundConfig:
    try:
        return base.replace(**changes)
    except ConfigError as error:
        raise SweepError(error.field, f"{str(error).split(': ', 1)[1]} (in {changes})") from None


def _canonical(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _estimated_cost(config: PlaygroundConfig, n_train: int) -> int:
    """Relative training time of a cell: steps per epoch × layers (tiny nets cost per call)."""
    steps = math.ceil(n_train / max(1, min(config.batch_size, n_train)))
    return (steps + 2) * (len(config.hidden_layers) + 1)


# --- running the grid -------------------------------------------------------------------------
def iter_sweep(
    base: PlaygroundConfig,
    axes: AxesArgument,
    epochs: int,
    *,
    data: Dataset | None = None,
    n_jobs: int = -1,
    cancel: threading.Event | None = None,
    seed: int | None = None,
) -> Iterator[CellResult]:
    """Train every cell and yield each `CellResult` as it finishes (in no fixed order).

    Args:
        base: the config every cell starts from.
        axes: `{field: values}` for one or two fields, e.g. `{"learning_rate": [0.01, 0.1]}`.
        epochs: epochs each cell trains, 1 to 20,000.
        data: a dataset to train on instead of the generated one (e.g. the digits).
        n_jobs: worker processes; -1 = every core, 1 = train here without workers.
        cancel: when set, no new cell starts; the cells that never ran come last as "cancelled".
        seed: overrides `base.seed` for every cell.

    Yields:
        One `CellResult` per cell, exactly once each.
    """
    if isinstance(epochs, bool) or not isinstance(epochs, int) or not 1 <= epochs <= MAX_EPOCHS:
        raise SweepError("epochs", f"must be a whole number from 1 to {MAX_EPOCHS}, got {epochs!r}")
    if seed is not None:
        base = _cell_config(base, {"seed": seed})
    checked = sweep_axes(axes)
    grid = make_grid(base, checked, data)
    n_train = len(data.y_train) if data is not None else None
    tasks: list[Task] = [
        (index, {a.field: a.values[i] for a, i in zip(checked, index, strict=True)}, config)
        for index, config in grid
    ]
    tasks.sort(key=lambda task: -_estimated_cost(task[2], n_train or _train_points(task[2])))
    stop = cancel if cancel is not None else threading.Event()
    workers = min(cpu_count() if n_jobs == -1 else max(1, n_jobs), len(tasks))
    finished: set[Index] = set()
    cells = run_cells(tasks, epochs, data, stop, workers)
    try:
        for cell in cells:
            finished.add(cell.index)
            yield cell
    finally:
        cells.close()  # if our caller stopped early: start no new cell, let running ones end
    for index, values, _ in sorted(tasks, key=lambda task: task[0]):
        if index not in finished:
            yield cancelled_cell(index, values)


def _train_points(config: PlaygroundConfig) -> int:
    return max(1, round(config.n_samples * config.train_ratio))


def run_sweep(
    base: PlaygroundConfig,
    axes: AxesArgument,
    epochs: int,
    *,
    on_cell: Callable[[CellResult, int, int], None] | None = None,
    **options: Any,
) -> SweepResult:
    """Run the whole sweep and gather it into a `SweepResult`; `options` are `iter_sweep`'s
    (`data`, `n_jobs`, `cancel`, `seed`).

    `on_cell(cell, n_finished, n_total)` is called after each cell, cancelled ones included.
    """
    checked = sweep_axes(axes)
    data = options.get("data")
    result = empty_result(checked, epochs, data.problem if data is not None else base.problem)
    total = int(np.prod(result.shape))
    for count, cell in enumerate(iter_sweep(base, checked, epochs, **options), start=1):
        store_cell(result, cell)
        if on_cell is not None:
            on_cell(cell, count, total)
    return result


def empty_result(
    axes: tuple[SweepAxis, ...], epochs: int, problem: str | None = None
) -> SweepResult:
    """A result with every cell still to come: NaN numbers and curves, status "cancelled"."""
    shape = tuple(len(axis.values) for axis in axes)

    def nans(*extra: int) -> np.ndarray:
        return np.full(shape + extra, np.nan)

    return SweepResult(
        axes=axes,
        epochs=epochs,
        metric_name="r2" if problem == "regression" else "accuracy",
        train_loss=nans(),
        test_loss=nans(),
        train_metric=nans(),
        test_metric=nans(),
        train_curves=nans(epochs),
        test_curves=nans(epochs),
        status=np.full(shape, CANCELLED, dtype=object),
        seconds=np.zeros(shape),
    )


def store_cell(result: SweepResult, cell: CellResult) -> None:
    """Write one finished cell's numbers, curves and status into `result`."""
    i = cell.index
    result.train_loss[i], result.test_loss[i] = cell.train_loss, cell.test_loss
    result.train_metric[i], result.test_metric[i] = cell.train_metric, cell.test_metric
    result.train_curves[i][: len(cell.train_curve)] = cell.train_curve
    result.test_curves[i][: len(cell.test_curve)] = cell.test_curve
    result.status[i], result.seconds[i] = cell.status, cell.seconds
