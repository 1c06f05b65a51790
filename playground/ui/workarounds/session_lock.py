"""One script run at a time per browser session: the lock every run that touches a trainer holds.

Streamlit (with `runner.fastReruns`, the default) answers a widget change by starting a new script
thread at once and only *asking* the old one to stop; the old thread stops at its next `st.*`
call, which may be after a whole batch of training. So for a moment two threads of one session
run side by side: a live fragment training and a full run reading the same trainer (the export
panel once read a history of 516 epochs for one column and 517 for the next). Here that cannot
happen by design: the page script, every fragment and every callback that reads or changes a
session's trainers runs under the session's re-entrant lock, so the new run simply waits until
the old one has reached its next `st.*` call and stopped. Sessions never wait for each other.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

import streamlit as st

LOCK_KEY = "session-run-lock"
_MAKING = threading.Lock()  # two threads of one session must not each make a lock
P = ParamSpec("P")
R = TypeVar("R")


def session_lock() -> threading.RLock:
    """The current session's run lock (made on first use)."""
    with _MAKING:
        lock = st.session_state.get(LOCK_KEY)
        if lock is None:
            lock = st.session_state[LOCK_KEY] = threading.RLock()
    return lock


def serialized(function: Callable[P, R]) -> Callable[P, R]:
    """`function`, run under the session's lock (for fragments and widget callbacks)."""

    @wraps(function)
    def run_alone(*args: P.args, **kwargs: P.kwargs) -> R:
        with session_lock():
            return function(*args, **kwargs)

    return run_alone
