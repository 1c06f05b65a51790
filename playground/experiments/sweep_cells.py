"""The cells of a sweep: one trained config's result, and where cells train.

`train_cell` trains one cell's config for a number of epochs and reports its final numbers and
loss curves as a `CellResult`; `run_cells` trains a list of cells here, one after the other
(`workers == 1`), or in joblib's loky worker processes with one BLAS thread each, handing a cell
out only when a worker is free so that a set `stop` event starts nothing new. Sweeps in one server
process share the worker pool, so they run one at a time. Pure Python: no Streamlit here.
"""

from __future__ import annotations

import dataclasses
import math
import threading
import time
from collections.abc import Iterator
from typing import Any

import numpy as np
from joblib import Parallel, delayed
from threadpoolctl import threadpool_limits

from playground.config import PlaygroundConfig
from playground.data.dataset import Dataset
from playground.trainer import Trainer

DONE, DIVERGED, CANCELLED = "done", "diverged", "cancelled"
# Sweeps in one server process share joblib's worker pool: run them one at a time.
_POOL_LOCK = threading.Lock()
_worker_limited = False

Index = tuple[int, ...]
Task = tuple[Index, dict[str, Any], PlaygroundConfig]  # grid position, swept values, config


@dataclasses.dataclass(frozen=True)
class CellResult:
    """One trained cell: where it is in the grid, its values, final numbers and loss curves.

    `status` is "done", "diverged" (final numbers NaN; the curves hold the epochs before) or
    "cancelled" (never trained: NaN and empty curves).
    """

    index: Index
    values: dict[str, Any]
    status: str
    train_loss: float
    test_loss: float
    train_metric: float
    test_metric: float
    train_curve: np.ndarray
    test_curve: np.ndarray
    seconds: float
    message: str = ""


# --- training one cell ------------------------------------------------------------------------
def train_cell(
    index: Index,
    values: dict[str, Any],
    config: PlaygroundConfig,
    epochs: int,
    data: Dataset | None,
) -> CellResult:
    """Train one cell's config for `epochs` epochs."""
    start = time.perf_counter()
    trainer = Trainer(config, data=data)
    trainer.run_epochs(epochs)
    history = trainer.history
    train_curve, test_curve = history.column("train_loss"), history.column("test_loss")
    if trainer.diverged or len(history) == 0:
        finals = [math.nan] * 4
        status = DIVERGED
    else:
        last = history[-1]
        metric = trainer.metric_name
        finals = [last["train_loss"], last["test_loss"], last[f"train_{metric}"]]
        finals.append(last[f"test_{metric}"])
        status = DONE
    return CellResult(
        index, values, status, *finals, train_curve, test_curve,
        seconds=time.perf_counter() - start, message=trainer.divergence,
    )  # fmt: skip


def _train_cell_in_worker(*args: Any) -> CellResult:
    """`train_cell(*args)` in a worker process, which keeps one BLAS/OpenMP thread from then on."""
    global _worker_limited
    if not _worker_limited:
        threadpool_limits(limits=1)
        _worker_limited = True
    return train_cell(*args)


def cancelled_cell(index: Index, values: dict[str, Any]) -> CellResult:
    """The result reported for a cell that never trained."""
    empty = np.zeros(0)
    nan = math.nan
    return CellResult(index, values, CANCELLED, nan, nan, nan, nan, empty, empty, 0.0)


# --- where the cells train ---------------------------------------------------------------------
def run_cells(
    tasks: list[Task], epochs: int, data: Dataset | None, stop: threading.Event, workers: int
) -> Iterator[CellResult]:
    """Train `tasks` in this order, here (one worker) or in `workers` worker processes, and
    yield each cell as it finishes; after `stop` is set no new cell starts."""
    run = _serial if workers == 1 else _parallel
    return run(tasks, epochs, data, stop, workers)


def _serial(
    tasks: list[Task], epochs: int, data: Dataset | None, stop: threading.Event, workers: int
) -> Iterator[CellResult]:
    """Cells one after the other in this process, checking `stop` before each."""
    for index, values, config in tasks:
        if stop.is_set():
            return
        with threadpool_limits(limits=1):
            cell = train_cell(index, values, config, epochs, data)
        yield cell


def _parallel(
    tasks: list[Task], epochs: int, data: Dataset | None, stop: threading.Event, workers: int
) -> Iterator[CellResult]:
    """Cells in loky workers; a task is handed out only when a worker is free, so after `stop`
    is set nothing new starts and the generator ends when the running cells are done."""
    own_stop = threading.Event()

    def pending():
        for index, values, config in tasks:
            if stop.is_set() or own_stop.is_set():
                return
            yield delayed(_train_cell_in_worker)(index, values, config, epochs, data)

    with _POOL_LOCK:
        parallel = Parallel(
            n_jobs=workers,
            backend="loky",
            inner_max_num_threads=1,
            batch_size=1,
            pre_dispatch="n_jobs",
            return_as="generator_unordered",
        )
        results = parallel(pending())
        try:
            for cell in results:  # noqa: UP028 - `yield from` would close joblib's generator too
                yield cell
        finally:
            # Closed early by our caller: start nothing new and let the running cells finish
            # (closing joblib's generator instead would kill the shared worker processes).
            own_stop.set()
            for _ in results:
                pass
