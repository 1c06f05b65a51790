"""Run `playground serve` for the process tests: start it, read what it says, stop it by PID.

`ServeRun` starts the installed `playground` console script with a free port, its stderr in a
file, and parses the lines the command prints (each worker's PID and port, haproxy's PID and
stats socket). `cleanup()` stops it, and then kills by PID anything it started that is still
alive, so a failing test leaves no process behind. `get()` is a plain HTTP request through the
proxy that tells which worker answered; `server_stats()` reads HAProxy's view of each worker
from its stats socket.
"""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from playground.serve import ServeError
from playground.serve.proxy import AFFINITY_COOKIE, WORKER_HEADER, find_haproxy
from playground.serve.workers import HEALTH_PATH, free_port


def _haproxy() -> str | None:
    try:
        return find_haproxy()
    except ServeError:
        return None


HAPROXY = _haproxy()
requires_haproxy = pytest.mark.skipif(
    HAPROXY is None,
    reason="haproxy is not installed (bash scripts/test.sh installs it: apt-get install haproxy)",
)
PLAYGROUND = Path(sys.executable).with_name("playground")  # the console script of this venv
READY_SECONDS = 120.0
WORKER_UP = re.compile(r"worker (w\d+) up: pid (\d+), http://127\.0\.0\.1:(\d+)")
PROXY_UP = re.compile(r"proxy up: haproxy pid (\d+), stats socket (\S+)")
SERVING = re.compile(r"serving \d+ workers? at (http://\S+)")


@dataclass
class Response:
    status: int
    worker: str | None  # the X-Playground-Worker header: which worker answered
    set_cookie: str
    body: bytes


class ServeRun:
    """One `playground serve` process started by a test."""

    def __init__(self, log_dir: Path, *args: str, sigint_ignored: bool = False):
        """`sigint_ignored`: start it as `cmd &` in a shell script does, with SIGINT ignored."""
        self.port = free_port()
        self.stderr_path = log_dir / f"serve-{self.port}.stderr"
        command = [str(PLAYGROUND), "serve", "--port", str(self.port), *args]
        if sigint_ignored:  # the shell's `trap "" INT` survives its exec: same PID, SIGINT ignored
            command = ["bash", "-c", 'trap "" INT; exec "$@"', "bash", *command]
        with open(self.stderr_path, "wb") as err:
            self.process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err
            )
        self.workers: dict[str, tuple[int, int]] = {}  # name -> (pid, port)
        self.proxy_pid = 0
        self.stats_socket = Path()
        self.url = ""
        self.children: set[int] = set()

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    def wait_for(self, pattern: re.Pattern | str, timeout: float) -> re.Match:
        """The first match of `pattern` in the command's stderr, waiting up to `timeout` s."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(pattern, self.stderr())
            if match:
                return match
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(f"no {pattern!r} from playground serve; its stderr:\n{self.stderr()}")

    def wait_ready(self) -> ServeRun:
        self.url = self.wait_for(SERVING, READY_SECONDS).group(1)
        text = self.stderr()
        self.workers = {m[1]: (int(m[2]), int(m[3])) for m in WORKER_UP.finditer(text)}
        proxy = PROXY_UP.search(text)
        self.proxy_pid, self.stats_socket = int(proxy[1]), Path(proxy[2])
        self.children = {child.pid for child in psutil.Process(self.process.pid).children()}
        return self

    def started_pids(self) -> set[int]:
        """Every PID it said it started, and every child it has now."""
        said = {int(pid) for pid in re.findall(r"pid (\d+)", self.stderr())}
        try:
            now = {child.pid for child in psutil.Process(self.process.pid).children()}
        except psutil.NoSuchProcess:
            now = set()
        return said | now | self.children

    def cleanup(self) -> None:
        pids = self.started_pids()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for pid in pids - {self.process.pid}:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def alive(pid: int) -> bool:
    """The process exists and is not a zombie."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def get(url: str, worker_cookie: str | None = None, timeout: float = 10.0) -> Response:
    """GET `url`, sending the affinity cookie for `worker_cookie` if given."""
    request = urllib.request.Request(url)
    if worker_cookie is not None:
        request.add_header("Cookie", f"{AFFINITY_COOKIE}={worker_cookie}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read()
    cookies = "; ".join(headers.get_all("Set-Cookie") or [])
    return Response(status, headers.get(WORKER_HEADER), cookies, body)


def health(url: str, worker_cookie: str | None = None) -> Response:
    return get(url + HEALTH_PATH, worker_cookie)


def server_stats(stats_socket: Path) -> dict[str, dict[str, str]]:
    """HAProxy's `show stat` for each worker (status UP/DOWN, chkdown, req_tot, ...)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(5)
        sock.connect(str(stats_socket))
        sock.sendall(b"show stat\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    rows = csv.DictReader(io.StringIO(data.decode().lstrip("# ")))
    return {row["svname"]: row for row in rows if row["svname"] not in ("FRONTEND", "BACKEND")}


def wait_until(check, timeout: float, what: str, interval: float = 0.25):
    """Poll `check()` until it returns something truthy; fail saying `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"{what} within {timeout:.0f} s")


@contextmanager
def chromium_context(profile_dir: Path) -> Iterator:
    """A headless system Chromium (playground_harness) with a fresh profile; closed after."""
    from playwright.sync_api import sync_playwright

    from playground_harness import CHROMIUM, launch_chromium

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium`")
    with sync_playwright() as playwright:
        context = launch_chromium(playwright, profile_dir)
        try:
            yield context
        finally:
            context.close()
