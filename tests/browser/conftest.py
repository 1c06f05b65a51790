"""Fixtures for tests in a real browser: a Streamlit server on a free port and headless Chromium.

`streamlit_app(script, *args)` starts `streamlit run script` in a subprocess (headless, no usage
stats, bound to 127.0.0.1, post-script GC off as in production), waits until /_stcore/health says
"ok" and returns the base URL; the process is killed by its PID at teardown. `page` is a fresh
page in a Playwright-driven system Chromium (/usr/bin/chromium, never a downloaded one) with its
own temporary profile. A missing Chromium fails the test with the command that installs it.
The server and Chromium come from `playground_harness`, which the benchmarks use too.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from playground_harness import CHROMIUM, StreamlitServer, launch_chromium


@pytest.fixture
def streamlit_app(tmp_path: Path) -> Iterator[Callable[..., str]]:
    """Start `streamlit run <script> [args...]` (once or more per test); returns the base URL."""
    servers: list[StreamlitServer] = []

    def start(script: str | Path, *args: str) -> str:
        server = StreamlitServer(script, *args, log=tmp_path / f"streamlit-{len(servers)}.log")
        servers.append(server)
        try:
            server.wait_healthy()
        except RuntimeError as error:
            pytest.fail(f"{error}:\n{server.log.read_text()}")
        return server.url

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def browser_context(tmp_path: Path):
    """A headless system Chromium with a fresh profile in a temporary directory."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: browser tests need the system Chromium "
            "(install it with `apt-get install -y chromium`; never `playwright install`)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = launch_chromium(playwright, tmp_path / "chromium-profile")
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser_context):
    """A new page in the test's browser context."""
    page = browser_context.new_page()
    yield page
    page.close()


@pytest.fixture
def output_dir(tmp_path: Path) -> Path:
    """Where screenshots go: $PLAYGROUND_TEST_OUTPUT, or the test's tmp_path."""
    path = Path(os.environ.get("PLAYGROUND_TEST_OUTPUT", tmp_path))
    path.mkdir(parents=True, exist_ok=True)
    return path


def pytest_collection_modifyitems(items) -> None:
    """Browser tests may run up to three times. Streamlit 1.67 can drop a click or a widget when
    a full rerun races a `run_every` fragment (streamlit issue #9188), more often on a loaded
    machine; a test that fails three times is a real failure."""
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.flaky(reruns=2, reruns_delay=2))


_CONFIG: dict = {}


def pytest_configure(config) -> None:
    _CONFIG["config"] = config


@pytest.hookimpl(trylast=True)
def pytest_runtest_logreport(report) -> None:
    """Print why a browser test is being run again, so a flaky test says what went wrong."""
    config = _CONFIG.get("config")
    if report.outcome == "rerun" and report.longrepr and config is not None:
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"\nRERUN {report.nodeid} after:\n{report.longreprtext[-3000:]}")
