"""`playground serve` refuses bad arguments in one line with a non-zero exit, starting nothing.

Each case runs the installed console script and reads its stderr: one line that names the
problem, no traceback, and no child process left (it exits before starting any).
"""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator

import pytest
from support.serve_helpers import PLAYGROUND, free_port

from playground.serve.proxy import INSTALL_SCRIPT

pytestmark = pytest.mark.timeout(60)
TOO_MANY = (os.cpu_count() or 1) * 4 + 1


def run_serve(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PLAYGROUND), "serve", *args], capture_output=True, text=True, timeout=30
    )


def assert_one_line(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--workers", "0"], ["--workers", "between 1 and", "not 0"]),
        (["--workers", str(TOO_MANY)], ["--workers", f"not {TOO_MANY}", "per core"]),
        (["--workers", "two"], ["--workers", "invalid int value"]),
        (["--port", "70000"], ["--port", "between 1 and 65535"]),
        (["--address", "the-lab"], ["--address", "IP address"]),
        (["--colour", "red"], ["unrecognized arguments", "--colour"]),
    ],
    ids=["no-workers", "too-many-workers", "workers-not-a-number", "port", "address", "unknown"],
)
def test_a_bad_argument_gets_one_line_and_exit_2(args, words):
    result = run_serve("--port", str(free_port()), *args)
    assert_one_line(result, *words)
    assert result.returncode == 2


def test_a_busy_port_is_named(busy_port):
    result = run_serve("--port", str(busy_port))
    assert_one_line(result, f"port {busy_port}", "busy")


def test_missing_haproxy_names_the_install_script(tmp_path):
    result = run_serve("--port", str(free_port()), "--haproxy", str(tmp_path / "haproxy"))
    assert_one_line(result, "haproxy is not installed", f"bash {INSTALL_SCRIPT}")
    assert result.returncode == 1
