"""`playground serve` keeps its class served: a killed worker or proxy comes back, and Ctrl-C
or SIGTERM stops every process it started.

Each test starts its own `playground serve --workers 2` (real HAProxy, real Streamlit workers on
127.0.0.1), kills one of its children with SIGKILL or signals the command itself, and watches
from outside: HTTP through the proxy, the worker's own port, HAProxy's stats socket, the PIDs.
"""

from __future__ import annotations

import os
import re
import signal
import socket
from collections.abc import Iterator

import pytest
from support.serve_helpers import (
    ServeRun,
    alive,
    chromium_context,
    health,
    requires_haproxy,
    server_stats,
    wait_until,
)

from playground.serve.workers import answers_health

pytestmark = [requires_haproxy, pytest.mark.timeout(150)]
BACK_SECONDS = 60  # a restarted worker imports Streamlit again: seconds on a loaded machine
LOAD_MS = 60_000


@pytest.fixture
def class_server(tmp_path, request) -> Iterator[ServeRun]:
    """`playground serve --workers 2`; indirect parameter True: started with SIGINT ignored."""
    run = ServeRun(tmp_path, "--workers", "2", sigint_ignored=getattr(request, "param", False))
    try:
        yield run.wait_ready()
    finally:
        run.cleanup()


def test_a_killed_worker_is_routed_around_and_restarted_on_its_port(class_server, tmp_path):
    old_pid, port = class_server.workers["w1"]
    os.kill(old_pid, signal.SIGKILL)
    wait_until(lambda: not alive(old_pid), 10, "the killed worker did not die")
    pinned = health(class_server.url, worker_cookie="w1")  # its sessions' next request
    assert (pinned.status, pinned.body.strip()) == (200, b"ok")
    answers = [health(class_server.url) for _ in range(10)]  # new sessions, right away
    assert [answer.status for answer in answers] == [200] * 10
    wait_until(
        lambda: int(server_stats(class_server.stats_socket)["w1"]["chkdown"] or 0) >= 1,
        20,
        "HAProxy did not mark the killed worker down",
    )
    with chromium_context(tmp_path / "profile") as context:  # a new browser still gets the app
        page = context.new_page()
        page.goto(class_server.url)
        page.get_by_role("button", name="Play").wait_for(timeout=LOAD_MS)
        assert page.get_by_test_id("stException").count() == 0
    back = class_server.wait_for(r"worker w1 \(pid (\d+), port (\d+)\) is back", BACK_SECONDS)
    assert int(back[1]) != old_pid and int(back[2]) == port
    assert f"worker w1 (pid {old_pid}, port {port}) exited with code -9" in class_server.stderr()
    assert answers_health("127.0.0.1", port)
    wait_until(
        lambda: server_stats(class_server.stats_socket)["w1"]["status"] == "UP",
        20,
        "HAProxy did not take the restarted worker back",
    )
    assert health(class_server.url, worker_cookie="w1").worker == "w1"


def test_a_killed_proxy_is_started_again(class_server):
    os.kill(class_server.proxy_pid, signal.SIGKILL)
    back = class_server.wait_for(r"haproxy \(pid (\d+)\) is back", 30)
    assert int(back[1]) != class_server.proxy_pid
    assert health(class_server.url).status == 200


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        return sock.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.parametrize(
    ("class_server", "stop_signal"),
    [(False, signal.SIGINT), (True, signal.SIGINT), (False, signal.SIGTERM)],
    ids=["ctrl-c", "ctrl-c-started-in-the-background", "sigterm"],
    indirect=["class_server"],
)
def test_a_stop_signal_stops_every_process_it_started_and_exits_0(class_server, stop_signal):
    started = class_server.started_pids() - {class_server.process.pid}
    worker_pids = {pid for pid, _ in class_server.workers.values()}
    assert worker_pids | {class_server.proxy_pid} <= started
    assert all(alive(pid) for pid in started)
    class_server.process.send_signal(stop_signal)
    assert class_server.process.wait(timeout=30) == 0
    still_running = [pid for pid in started if alive(pid)]
    assert still_running == [], f"left running: {still_running}"
    assert port_is_free(class_server.port)
    assert all(port_is_free(port) for _, port in class_server.workers.values())
    stderr = class_server.stderr()
    assert "Traceback" not in stderr
    assert re.search(rf"stopping \({stop_signal.name}\)", stderr)
    assert stderr.rstrip().endswith("playground serve: stopped")
