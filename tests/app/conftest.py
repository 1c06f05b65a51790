"""Shared fixtures: the Streamlit app under AppTest (no browser).

`playground_app(query_params)` returns an `AppTest` of `app.py` that has run once, optionally
opened with URL query parameters. Each call is a separate session with its own session state.
AppTest never fires `run_every` timers: every `.run()` is one tick of the live loop.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture
def playground_app() -> Callable[..., AppTest]:
    def start(query_params: Mapping[str, str] | None = None) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.query_params.update(query_params or {})
        at.run()
        return at

    return start
