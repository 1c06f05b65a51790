"""`streamlit run` on a free 127.0.0.1 port with the production settings, stopped by its PID.

Headless, no usage stats, post-script GC off (docs/design.md, "Live rendering"), run from the
repository's root so that `app.py` and `benchmarks/demo_live_view.py` resolve as relative paths.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playground.serve.workers import free_port  # one way to find a free port, for both

ROOT = Path(__file__).resolve().parents[1]


class StreamlitServer:
    """`streamlit run <script>` in a subprocess; a context manager that stops it by PID."""

    def __init__(self, script: str | Path = "app.py", *args: str, log: Path | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log or Path(os.devnull)
        command = [
            sys.executable, "-m", "streamlit", "run", str(script),
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--server.address", "127.0.0.1", "--server.port", str(self.port),
            "--server.runOnSave", "false", *args,
        ]  # fmt: skip
        env = {**os.environ, "STREAMLIT_RUNNER_POST_SCRIPT_GC": "false"}
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )

    def wait_healthy(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as response:
                    if response.read().strip() == b"ok":
                        return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"streamlit not healthy after {timeout:.0f} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def __enter__(self) -> StreamlitServer:
        try:
            self.wait_healthy()
        except Exception:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
