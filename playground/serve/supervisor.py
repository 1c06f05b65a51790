"""The supervisor: start the workers and the proxy, keep them running, stop them all on a signal.

Start-up is in order: every worker must answer its health check before HAProxy starts, and the
command says it is serving only once a health check answers through the proxy. Then it polls
its children twice a second. A worker that dies is reported on stderr and started again on the
same port (HAProxy's own health check has meanwhile stopped sending new sessions to it); a
child that keeps dying right after it starts waits longer each time, up to half a minute. If
HAProxy dies it is started again with the same configuration. SIGINT (Ctrl-C), SIGTERM or
SIGHUP stops the proxy first, then every worker, by PID, and the command exits 0.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from playground.serve import ServeError
from playground.serve.children import Child, stop_all
from playground.serve.proxy import make_proxy, stats_socket
from playground.serve.workers import (
    COOKIE_SECRET_VARIABLE,
    Worker,
    answers_health,
    http_url,
    make_workers,
)
from playground.serve.workers import wait_until_healthy as wait_for_workers

POLL_SECONDS = 0.5
PROXY_STARTUP_SECONDS = 30.0
STABLE_SECONDS = 30.0  # a child that ran this long before dying is restarted at once
MAX_RESTART_DELAY = 30.0
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def say(message: str) -> None:
    print(f"playground serve: {message}", file=sys.stderr, flush=True)


class StopRequest:
    """Set by SIGINT, SIGTERM or SIGHUP; the supervisor checks it between steps."""

    def __init__(self) -> None:
        self.signal_name: str | None = None

    def install(self) -> None:
        """Catch the stop signals, SIGINT too when a shell started us in the background with it
        ignored; only a SIGHUP that `nohup` ignores stays ignored."""
        for number in STOP_SIGNALS:
            if number != signal.SIGHUP or signal.getsignal(number) is not signal.SIG_IGN:
                signal.signal(number, self._on_signal)

    def _on_signal(self, number: int, _frame: object) -> None:
        self.signal_name = signal.Signals(number).name

    def requested(self) -> bool:
        return self.signal_name is not None


@dataclass
class Watch:
    """A child under supervision: how to tell it is up, and when to start it again."""

    child: Child
    is_up: Callable[[], bool]
    quick_deaths: int = 0
    restart_at: float | None = None
    reported_up: bool = True


class Supervisor:
    """The workers and the proxy of one `playground serve`, and the loop that keeps them."""

    def __init__(
        self, workers: list[Worker], proxy: Child, address: str, port: int, stop: StopRequest
    ):
        self.workers = workers
        self.proxy = proxy
        self.port = port
        self.probe_host = probe_host(address)
        self.public_url = public_url(address, port)
        self.stop_request = stop
        self.watches = [Watch(worker, worker.healthy) for worker in workers]
        self.watches.append(Watch(proxy, self.proxy_answers))

    def proxy_answers(self) -> bool:
        return self.proxy.running() and answers_health(self.probe_host, self.port)

    def start(self) -> None:
        """Workers first, each healthy, then the proxy; returns once the proxy answers."""
        for worker in self.workers:
            worker.start()
        wait_for_workers(self.workers, self.stop_request.requested)
        if self.stop_request.requested():
            return
        for worker in self.workers:
            say(f"worker {worker.name} up: pid {worker.pid}, {worker.url}")
        self.proxy.start()
        self.wait_for_proxy()
        if self.stop_request.requested():
            return
        say(f"proxy up: haproxy pid {self.proxy.pid}, stats socket {stats_socket_of(self.proxy)}")
        count = f"{len(self.workers)} worker" + ("s" if len(self.workers) > 1 else "")
        say(f"serving {count} at {self.public_url} (Ctrl-C stops them)")

    def wait_for_proxy(self) -> None:
        deadline = time.monotonic() + PROXY_STARTUP_SECONDS
        while not self.stop_request.requested() and not self.proxy_answers():
            if not self.proxy.running():
                raise ServeError(self.proxy.failure(f"exited with code {self.proxy.exit_code()}"))
            if time.monotonic() > deadline:
                raise ServeError(self.proxy.failure(f"silent after {PROXY_STARTUP_SECONDS:.0f} s"))
            time.sleep(0.2)

    def watch(self) -> None:
        """Keep every child running until a stop signal arrives."""
        while not self.stop_request.requested():
            for watch in self.watches:
                self.check(watch)
            time.sleep(POLL_SECONDS)

    def check(self, watch: Watch) -> None:
        """One look at one child: notice its death, restart it when due, report it back up."""
        child = watch.child
        if watch.restart_at is None and child.exit_code() is not None:
            self.schedule_restart(watch)
        elif watch.restart_at is not None and time.monotonic() >= watch.restart_at:
            watch.restart_at = None
            watch.reported_up = False
            child.start()
        elif not watch.reported_up and watch.is_up():
            watch.reported_up = True
            say(f"{child.label()} is back")

    def schedule_restart(self, watch: Watch) -> None:
        child = watch.child
        stable = child.uptime() >= STABLE_SECONDS
        watch.quick_deaths = 0 if stable else watch.quick_deaths + 1
        delay = min(MAX_RESTART_DELAY, 2.0**watch.quick_deaths - 1.0)
        watch.restart_at = time.monotonic() + delay
        say(death_message(child, delay))

    def stop(self) -> None:
        """The proxy first (no new connections), then every worker."""
        stop_all([self.proxy])
        stop_all(self.workers)


def death_message(child: Child, restart_delay: float) -> str:
    """What stderr says when a child has died and will be started again."""
    message = f"{child.label()} exited with code {child.exit_code()}"
    if isinstance(child, Worker):
        message += "; the proxy sends new sessions to the other workers"
        message += f"; restarting it on port {child.port}"
    else:
        message += "; restarting it"
    if restart_delay:
        message += f" in {restart_delay:.0f} s"
    return f"{message} (log: {child.log_path})"


def stats_socket_of(proxy: Child) -> Path:
    return stats_socket(proxy.log_path.parent)


def probe_host(address: str) -> str:
    """Where this machine reaches the proxy: its own address, or loopback for 0.0.0.0 / ::."""
    ip = ipaddress.ip_address(address)
    if ip.is_unspecified:
        return "::1" if ip.version == 6 else "127.0.0.1"
    return str(ip)


def public_url(address: str, port: int) -> str:
    if ipaddress.ip_address(address).is_unspecified:
        return f"http://<this machine's address>:{port}"
    return http_url(str(ipaddress.ip_address(address)), port)


def cookie_secret() -> str:
    """The one cookie secret of all workers: $STREAMLIT_SERVER_COOKIE_SECRET when several hosts
    must share it (docs/serving.md), else a fresh one for this run."""
    return os.environ.get(COOKIE_SECRET_VARIABLE) or secrets.token_hex(32)


def serve(worker_count: int, address: str, port: int, haproxy: str) -> int:
    """Run a class server until a stop signal; 0 once everything it started has stopped."""
    stop = StopRequest()
    stop.install()
    run_dir = Path(tempfile.mkdtemp(prefix="playground-serve-"))
    try:
        workers = make_workers(worker_count, run_dir, cookie_secret())
        proxy = make_proxy(haproxy, address, port, workers, run_dir)
        supervisor = Supervisor(workers, proxy, address, port, stop)
        try:
            supervisor.start()
            supervisor.watch()
        finally:
            signal_name = stop.signal_name
            say(f"stopping{f' ({signal_name})' if signal_name else ''}: haproxy and the workers")
            supervisor.stop()
        say("stopped")
        return 0
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
