"""Shared fixtures: the Streamlit app under AppTest (no browser).

`playground_app(query_params)` returns an `AppTest` of `app.py` that has run once, optionally
opened with URL query parameters. Each call is a separate session with its own session state.
AppTest never fires `run_every` timers (nor asks for more frames, as the live view does): every
`.run()` is one tick of the live loop. The app runs in the test process, which is busy all the
time: its load governor (playground/live/load.py) would take that for a class playing and cut
the frames, so it is pinned to its top rung here (tests/unit/test_load.py tests it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from playground.live.load import LOAD

APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture(autouse=True)
def quiet_server(monkeypatch) -> None:
    """The load governor sees no load: every run gets the top rung's plan."""
    monkeypatch.setattr(LOAD, "high", float("inf"))
    monkeypatch.setattr(LOAD, "level", 0)


@pytest.fixture
def playground_app() -> Callable[..., AppTest]:
    def start(query_params: Mapping[str, str] | None = None) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.query_params.update(query_params or {})
        at.run()
        return at

    return start
