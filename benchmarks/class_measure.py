"""Measuring a class: the server under test, its processes' CPU and memory, and what each
emulated student got.

`class_server(workers, app)` starts what is measured and stops it by PID: one `streamlit run`
(playground_harness.StreamlitServer) or, with workers, the classroom command `playground serve
--workers N` (HAProxy with cookie affinity in front of a Streamlit process per worker).
`ServerTree` sums CPU seconds and RSS over the server's whole process tree. `Window` takes the
server's CPU, this client's own CPU and the loopback interface's bytes (bench_live's
`loopback_bytes`) at the start and end of a measured span. `session_rates` turns one student's
`Record` into frames/s and epochs/s over the time it was playing inside that span (from each
Pause click sent until its Play click took effect it is not), and `percentile` gives the click
latencies' p50/p95; `errors_of` / `fmt_errors` sum and print what the students counted as errors.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import subprocess
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
from bench_live import loopback_bytes

from playground_harness import ROOT, StreamlitServer, free_port
from playground_harness.student import PAUSE, Record, Student

PLAYGROUND = ROOT / ".venv" / "bin" / "playground"
HEALTH = "/_stcore/health"


@dataclass
class Served:
    url: str
    pid: int
    hops: int  # times each byte crosses the loopback interface (2 through the proxy)


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url + HEALTH, timeout=1) as r:
            if r.read().strip() == b"ok":
                return
        time.sleep(0.2)
    raise RuntimeError(f"{url} not healthy after {timeout:.0f} s")


def _stop(process: subprocess.Popen) -> None:
    """Ctrl-C (the serve command stops what it started), then SIGKILL if it hangs."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()


@contextlib.contextmanager
def class_server(workers: int, app: Path, log: Path | None = None) -> Iterator[Served]:
    """The server under test, on a free 127.0.0.1 port, stopped by PID on exit."""
    if workers <= 1:
        with StreamlitServer(app, log=log) as server:
            yield Served(server.url, server.process.pid, hops=1)
        return
    port = free_port()
    command = [str(PLAYGROUND), "serve", "--workers", str(workers), "--port", str(port)]
    env = {**os.environ, "STREAMLIT_RUNNER_POST_SCRIPT_GC": "false"}
    with open(log or os.devnull, "wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield Served(url, process.pid, hops=2)
    finally:
        _stop(process)


class ServerTree:
    """The server's process and all its descendants (workers, proxy), summed."""

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)

    def processes(self) -> list[psutil.Process]:
        return [self.root, *self.root.children(recursive=True)]

    def _sum(self, read) -> float:
        total = 0.0
        for process in self.processes():
            with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
                total += read(process)
        return total

    def cpu_seconds(self) -> float:
        return self._sum(lambda p: sum(p.cpu_times()[:2]))

    def rss_mb(self) -> float:
        return self._sum(lambda p: p.memory_info().rss) / 2**20


def _own_cpu() -> float:
    return sum(psutil.Process().cpu_times()[:2])


@dataclass
class Window:
    """A measured span: server CPU, this client's CPU and loopback bytes at its start."""

    tree: ServerTree
    start: float = 0.0
    server_cpu: float = 0.0
    client_cpu: float = 0.0
    wire: int = 0

    def open(self) -> Window:
        self.start, self.wire = time.monotonic(), loopback_bytes()
        self.server_cpu, self.client_cpu = self.tree.cpu_seconds(), _own_cpu()
        return self

    def close(self) -> dict[str, float]:
        """Seconds, server and client CPU (% of one core) and loopback bytes since `open`."""
        seconds = time.monotonic() - self.start
        return {
            "start": self.start,
            "seconds": seconds,
            "server_cpu": 100 * (self.tree.cpu_seconds() - self.server_cpu) / seconds,
            "client_cpu": 100 * (_own_cpu() - self.client_cpu) / seconds,
            "wire": loopback_bytes() - self.wire,
        }


def _paused_spans(record: Record, end: float) -> list[tuple[float, float]]:
    """When the student was not playing: from each Pause click sent to the next Play's effect."""
    spans, since = [], None
    for click in record.clicks:
        if click.label == PAUSE:
            since = click.sent
        elif since is not None:
            spans.append((since, click.effect or end))
            since = None
    return [*spans, (since, end)] if since is not None else spans


def session_rates(record: Record, start: float, end: float) -> tuple[float, float]:
    """Frames/s and epochs/s one student received while playing inside [start, end]."""
    spans = _paused_spans(record, end)
    paused = sum(max(0.0, min(b, end) - max(a, start)) for a, b in spans)
    playing = max(1e-9, end - start - paused)
    frames = [
        f
        for f in record.frames
        if start <= f.at <= end and not any(a <= f.at <= b for a, b in spans)
    ]
    shown = [f for f in frames if f.status == "playing"]
    epochs = sum(max(0, b.epoch - a.epoch) for a, b in itertools.pairwise(shown))
    return len(shown) / playing, epochs / playing


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def errors_of(students: list[Student]) -> Counter:
    """Every error the students saw, by kind."""
    return sum((student.record.errors for student in students), Counter())


def fmt_errors(errors: Counter) -> str:
    total = sum(errors.values())
    return f"{total}" + (f" ({', '.join(f'{k}: {v}' for k, v in errors.items())})" if total else "")
