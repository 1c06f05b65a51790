"""The long-running child processes `playground serve` starts: a name, a command, a log file.

A `Child` starts its command in a session of its own (so a Ctrl-C in the terminal reaches only
the supervisor, which then stops the children in order), writes the child's output to a log file
in the run directory, and is stopped by its PID: SIGTERM, then SIGKILL if it has not exited
within a grace period. Workers and the proxy are both `Child`ren, so the supervisor watches and
restarts them with one loop.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

STOP_GRACE_SECONDS = 10.0


class Child:
    """One named subprocess that can be started again after it dies."""

    def __init__(
        self,
        name: str,
        command: Sequence[str],
        log_path: Path,
        cwd: Path | None = None,
        env: Mapping[str, str] | None = None,
    ):
        self.name = name
        self.command = list(command)
        self.log_path = log_path
        self.cwd = cwd
        self.env = dict(env) if env is not None else None
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def label(self) -> str:
        """How messages name this child."""
        return f"{self.name} (pid {self.pid})"

    def start(self) -> None:
        """Start the command (again), appending its output to the log file."""
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                self.command,
                cwd=self.cwd,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.started_at = time.monotonic()

    def exit_code(self) -> int | None:
        """The exit code once the process has ended (negative: killed by that signal)."""
        return self.process.poll() if self.process is not None else None

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def uptime(self) -> float:
        return time.monotonic() - self.started_at

    def failure(self, what: str) -> str:
        """A one-line report that the child `what` (e.g. "exited with code 1"), quoting the last
        line of its output."""
        try:
            lines = self.log_path.read_text(errors="replace").strip().splitlines()
        except OSError:
            lines = []
        return f"{self.label()} {what}" + (f": {lines[-1]}" if lines else "")

    def terminate(self) -> None:
        """Ask the process to stop (SIGTERM); `stop_all` waits for it."""
        if self.running():
            os.kill(self.process.pid, signal.SIGTERM)

    def wait_or_kill(self, deadline: float) -> None:
        """Wait until `deadline` (monotonic) for the process to end, then SIGKILL it."""
        if self.process is None:
            return
        try:
            self.process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()


def stop_all(children: Sequence[Child], grace: float = STOP_GRACE_SECONDS) -> None:
    """Stop every child by its PID: SIGTERM to all at once, SIGKILL to any still running after
    `grace` seconds. Returns once every one of them has exited."""
    for child in children:
        child.terminate()
    deadline = time.monotonic() + grace
    for child in children:
        child.wait_or_kill(deadline)
