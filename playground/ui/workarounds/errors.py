"""A page section that fails shows a plain message in its place, never a traceback.

`guarded(advice)` wraps a section (a function drawing part of a page, often a fragment) so that
an unexpected error becomes one `st.error` naming what went wrong and what to do, while the rest
of the page keeps working. Streamlit's rerun and stop signals are BaseExceptions and pass through.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

import streamlit as st

LOGGER = logging.getLogger(__name__)


def guarded(advice: str = "") -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Decorate a page section: an error in it is shown as a message ending with `advice`."""

    def wrap(function: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(function)
        def run(*args, **kwargs) -> None:
            try:
                function(*args, **kwargs)
            except Exception as error:
                LOGGER.exception("page section %s failed", function.__name__)
                message = f"Something went wrong on this page: {error}."
                st.error(f"{message} {advice}".strip(), icon=":material/error:")

        return run

    return wrap
