"""Submissions scored in a process of their own, so the students' live views keep their pace.

A server process's Python threads share one GIL: a submission re-trained in a page's thread (a
quarter of a second of pure Python for the default challenge, up to ~10 s for the costliest one
the limits allow) took half the GIL from thirty live views while it ran, and a class submitting
once a minute each halved everyone's frame rate. `ProcessVerifier` sends each submission to one
worker process instead (`measure_submission` there: the same code, and the engine is
deterministic, so the measurement is the same to the bit), which runs on a core the live views
are not using. The worker is started on first use ("spawn": never a fork of a server full of
threads) and started again if it dies; a submission it could not score, or that took longer
than `timeout` seconds, is refused in words and the student submits again. The worker ends
itself within a second of its server process ending, however that ended (a killed server
would otherwise leave it waiting for work forever).
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import threading
import time
from concurrent.futures.process import BrokenProcessPool

from playground.classroom.challenge import Challenge
from playground.classroom.errors import SubmissionError
from playground.classroom.verification import Measurement, measure_submission
from playground.config import PlaygroundConfig

VERIFY_TIMEOUT = 120.0  # seconds: well above the costliest submission the limits let through
PARENT_CHECK = 1.0  # seconds between the worker's looks at whether its server is still there
LOST = "The server could not finish scoring this submission; please submit again."


class ProcessVerifier:
    """A `Verifier` that scores in a worker process; `close()` stops the worker."""

    def __init__(self, timeout: float = VERIFY_TIMEOUT):
        self.timeout = timeout
        self._lock = threading.Lock()
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None

    def __call__(self, challenge: Challenge, config: PlaygroundConfig, epochs: int) -> Measurement:
        future, pool = self._send(challenge, config, epochs)
        try:
            return future.result(timeout=self.timeout)
        except (BrokenProcessPool, concurrent.futures.CancelledError):  # died, or closed
            self._discard(pool)
            raise SubmissionError(LOST) from None
        except concurrent.futures.TimeoutError:  # it is stuck: stop it rather than queue on it
            self._discard(pool)
            raise SubmissionError(LOST) from None

    def _send(self, *task: object) -> tuple[concurrent.futures.Future, object]:
        """The submission handed to the worker; a worker that died while idle (or a pool shut
        down meanwhile) is replaced once, so the student does not pay for it."""
        for _ in range(2):
            pool = self._worker()
            try:
                return pool.submit(measure_submission, *task), pool
            except (BrokenProcessPool, RuntimeError):
                self._discard(pool)
        raise SubmissionError(LOST)

    def close(self) -> None:
        """Stop the worker process (a later call starts a new one)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _worker(self) -> concurrent.futures.ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = concurrent.futures.ProcessPoolExecutor(
                    1, mp_context=multiprocessing.get_context("spawn"),
                    initializer=exit_with_parent, initargs=(os.getpid(),),
                )  # fmt: skip
            return self._pool

    def _discard(self, pool: concurrent.futures.ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()  # a stuck worker would otherwise train on after shutdown
        pool.shutdown(wait=False, cancel_futures=True)


def exit_with_parent(parent: int) -> None:
    """In the worker: end this process once `parent` is no longer its parent (it died)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
