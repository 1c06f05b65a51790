"""How long does a 5 × 5 hyperparameter sweep take, in parallel and serially? Prints seconds.

Run: `python benchmarks/bench_sweep.py`. The sweep is learning rate × batch size for a [8,8] tanh
network on 500 points of the circle set (250 for training), 100 epochs per cell — 25 cells. It runs
the sweep on every core with joblib's loky workers twice (cold: the first run starts the worker
processes; warm: they are reused, as in a long-running server) and once serially in this process,
checks that all three give identical numbers, and prints the wall times with the speed-up and
the machine's load average (other processes on a shared machine slow the parallel run first).
Target (issue 5, 2-vCPU machine): the parallel sweep under 10 s.
"""

from __future__ import annotations

import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
from joblib import cpu_count

from playground.config import PlaygroundConfig
from playground.experiments.sweep import SweepResult, run_sweep

BASE = PlaygroundConfig(dataset="circle", n_samples=500, noise=0.1, hidden_layers=(8, 8))
AXES = {
    "learning_rate": [0.001, 0.003, 0.01, 0.03, 0.1],
    "batch_size": [1, 5, 10, 25, 50],
}
EPOCHS = 100
TARGET_SECONDS = 10.0


def timed_sweep(n_jobs: int) -> tuple[float, SweepResult]:
    """Wall time of the whole sweep with `n_jobs` workers (1 = serial, in this process)."""
    start = time.perf_counter()
    result = run_sweep(BASE, AXES, EPOCHS, n_jobs=n_jobs)
    return time.perf_counter() - start, result


def same_numbers(a: SweepResult, b: SweepResult) -> bool:
    return np.array_equal(a.test_loss, b.test_loss, equal_nan=True) and np.array_equal(
        a.test_curves, b.test_curves, equal_nan=True
    )


def main() -> None:
    cores = cpu_count()
    load_before = os.getloadavg()[0]
    cold, parallel = timed_sweep(n_jobs=-1)
    warm, parallel_again = timed_sweep(n_jobs=-1)
    serial_time, serial = timed_sweep(n_jobs=1)
    cell_seconds = serial.seconds
    print(f"5 x 5 sweep (learning rate x batch size), [8,8] net, {EPOCHS} epochs, 500 points")
    print(
        f"  load average: {load_before:.1f} before, {os.getloadavg()[0]:.1f} after ({cores} cores)"
    )
    print(f"  parallel, {cores} workers, cold (starts workers): {cold:6.2f} s")
    print(f"  parallel, {cores} workers, warm (reused):         {warm:6.2f} s")
    print(f"  serial, this process:                        {serial_time:6.2f} s")
    print(f"  speed-up (serial / warm parallel):           {serial_time / warm:6.2f} x")
    print(f"  cells: {cell_seconds.min():.2f} s to {cell_seconds.max():.2f} s each")
    identical = same_numbers(parallel, serial) and same_numbers(parallel, parallel_again)
    print(f"  identical results in all three runs: {identical}")
    verdict = "OK" if cold < TARGET_SECONDS else "SLOW"
    print(f"  target: parallel under {TARGET_SECONDS:g} s -> {verdict}")
    best = parallel.best_index()
    if best is not None:
        print(f"  best cell: {parallel.values_at(best)}, test loss {parallel.test_loss[best]:.3f}")


if __name__ == "__main__":
    main()
