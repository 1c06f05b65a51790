"""The Streamlit workers: one `streamlit run app.py` process per worker, each on its own port.

A worker runs from the repository's root, so `.streamlit/config.toml` (headless, no usage
stats, no post-script GC, websocket compression) applies to it as to a plain `streamlit run`;
it listens on 127.0.0.1 only, since students reach it through the proxy. All workers of one
`playground serve` share one cookie secret, as Streamlit asks of replicas behind one address.
A worker is up when `/_stcore/health` answers `ok`; a restarted worker keeps its port, so the
proxy's configuration never changes. Workers run with two malloc arenas (`MALLOC_ARENA_MAX`):
glibc gives each contending thread an arena of its own, up to eight per core, and keeps freed
memory in the arena it came from, while Streamlit runs every script run in a new thread; so a
class that left did not leave its memory to the next one (five waves of thirty students grew a
server by 78 MB, from 60 MB more at the start). It must be in the environment at start: glibc
fixes the limit when it makes its second arena, before app.py runs.
"""

from __future__ import annotations

import os
import socket
import sys
import time
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path

from playground.serve import ServeError
from playground.serve.children import Child

REPO_ROOT = Path(__file__).resolve().parents[2]
APP = REPO_ROOT / "app.py"
HEALTH_PATH = "/_stcore/health"
WORKER_HOST = "127.0.0.1"
STARTUP_TIMEOUT_SECONDS = 120.0
COOKIE_SECRET_VARIABLE = "STREAMLIT_SERVER_COOKIE_SECRET"  # Streamlit's server.cookieSecret
MALLOC_ARENAS = {"MALLOC_ARENA_MAX": "2"}  # see the module docstring


class Worker(Child):
    """A Streamlit process serving app.py on `port` of 127.0.0.1."""

    def __init__(self, name: str, port: int, run_dir: Path, cookie_secret: str):
        # An operator's own MALLOC_ARENA_MAX wins; the secret goes in the env, not in `ps`.
        env = {**MALLOC_ARENAS, **os.environ, COOKIE_SECRET_VARIABLE: cookie_secret}
        super().__init__(name, worker_command(port), run_dir / f"{name}.log", REPO_ROOT, env)
        self.port = port

    @property
    def url(self) -> str:
        return http_url(WORKER_HOST, self.port)

    def label(self) -> str:
        return f"worker {self.name} (pid {self.pid}, port {self.port})"

    def healthy(self) -> bool:
        return self.running() and answers_health(WORKER_HOST, self.port)


def worker_command(port: int) -> list[str]:
    return [
        sys.executable, "-m", "streamlit", "run", str(APP.name),
        "--server.address", WORKER_HOST, "--server.port", str(port),
        "--server.headless", "true",
    ]  # fmt: skip


def http_url(host: str, port: int) -> str:
    """http://host:port, with an IPv6 host in brackets."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def answers_health(host: str, port: int, timeout: float = 2.0) -> bool:
    """True when http://host:port/_stcore/health answers `ok` (a worker, or the proxy)."""
    try:
        url = http_url(host, port) + HEALTH_PATH
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except OSError:
        return False


def free_port(taken: Sequence[int] = ()) -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now and that is not in `taken`."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((WORKER_HOST, 0))
            port = sock.getsockname()[1]
        if port not in taken:
            return port


def make_workers(count: int, run_dir: Path, cookie_secret: str) -> list[Worker]:
    """`count` workers named w1, w2, ... on distinct free ports (not started yet)."""
    if not APP.exists():
        raise ServeError(f"{APP} is missing: run `playground serve` from a clone of the repository")
    workers: list[Worker] = []
    for number in range(1, count + 1):
        port = free_port([worker.port for worker in workers])
        workers.append(Worker(f"w{number}", port, run_dir, cookie_secret))
    return workers


def wait_until_healthy(
    workers: Sequence[Worker],
    should_stop: Callable[[], bool],
    timeout: float = STARTUP_TIMEOUT_SECONDS,
) -> None:
    """Return once every worker answers its health check; a worker that exits or stays silent
    for `timeout` seconds raises ServeError quoting its log. Returns early if `should_stop()`."""
    waiting = list(workers)
    deadline = time.monotonic() + timeout
    while waiting and not should_stop():
        for worker in list(waiting):
            if worker.exit_code() is not None:
                raise ServeError(worker.failure(f"exited with code {worker.exit_code()}"))
            if answers_health(WORKER_HOST, worker.port, timeout=1.0):
                waiting.remove(worker)
        if waiting and time.monotonic() > deadline:
            raise ServeError(waiting[0].failure(f"not healthy after {timeout:.0f} s"))
        time.sleep(0.2)
