"""A sweep running in a background thread of a session, and what it has found so far.

`start_job` trains the grid with `iter_sweep` in a daemon thread and returns its `SweepJob`: the
sweep's inputs, the partial `SweepResult` (filled cell by cell as each finishes), which cells are
in, the cancel event, the times and, if the thread failed, the error in plain words. A page keeps
the job in its session and draws whatever the job holds; it never waits for the thread. Pure
Python: no Streamlit here.
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from playground.config import PlaygroundConfig
from playground.experiments.sweep import (
    SweepAxis,
    SweepResult,
    empty_result,
    iter_sweep,
    store_cell,
)

_job_ids = itertools.count(1)


@dataclass
class SweepJob:
    """One sweep of this session: its inputs, results so far, and the thread training it."""

    base: PlaygroundConfig
    axes: tuple[SweepAxis, ...]
    epochs: int
    result: SweepResult
    finished: np.ndarray  # bool per cell: reported by the sweep (trained, diverged or cancelled)
    cancel: threading.Event = field(default_factory=threading.Event)
    started: float = field(default_factory=time.perf_counter)
    first_cell: float | None = None
    ended: float | None = None
    error: str = ""
    id: int = field(default_factory=lambda: next(_job_ids))
    thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self.ended is None

    @property
    def done(self) -> int:
        return int(self.finished.sum())

    @property
    def total(self) -> int:
        return int(self.finished.size)

    def seconds(self) -> float:
        return (self.ended or time.perf_counter()) - self.started


def start_job(base: PlaygroundConfig, axes: tuple[SweepAxis, ...], epochs: int) -> SweepJob:
    """Start training the grid in a background thread and return its job."""
    result = empty_result(axes, epochs, base.problem)
    job = SweepJob(base, axes, epochs, result, np.zeros(result.shape, dtype=bool))
    job.thread = threading.Thread(target=_work, args=(job,), name=f"sweep-{job.id}", daemon=True)
    job.thread.start()
    return job


def _work(job: SweepJob) -> None:
    """The thread: store each cell as it arrives; never raise (the page shows `job.error`)."""
    result = job.result
    try:
        for cell in iter_sweep(job.base, job.axes, job.epochs, cancel=job.cancel):
            store_cell(result, cell)
            job.first_cell = job.first_cell or time.perf_counter()
            job.finished[cell.index] = True
    except Exception as error:  # shown on the page in plain words, never as a traceback
        job.error = f"The sweep stopped because of an error: {error}"
    finally:
        job.ended = time.perf_counter()
