"""Whether Streamlit has asked the current script run to stop (a click is waiting for it), and
whether the current run is a whole page run (a click's own) or a fragment's rerun.

Streamlit stops a run only at its next `st.*` call, and a live run trains and builds frames for
up to a tenth of a second (more on a busy server) before its one `st.*` call; a Pause clicked
meanwhile waited for all of it. With `runner.fastReruns` (the default) a click asks the running
script to stop, and a rerun asks it to rerun: the live loop checks `interrupted()` before each
frame and ends its run at once, so the click's own run starts. It reads the private state of
Streamlit's `ScriptRequests` (1.67) and applies Streamlit's own rule for which reruns stop a run;
tests/unit/test_interrupts.py checks both against the real class, so an upgrade that changes
them fails there.
"""

from __future__ import annotations

from typing import Any

from streamlit.runtime.scriptrunner_utils.script_requests import (
    ScriptRequestType,
    _fragment_run_should_not_preempt_script,
)
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx


def interrupted() -> bool:
    """True when the current script run has been asked to stop or to rerun."""
    ctx = get_script_run_ctx(suppress_warning=True)
    return requested(getattr(ctx, "script_requests", None))


def page_run() -> bool:
    """True when the current script run is a whole page run (a click, a slider), not a rerun
    of a fragment only (the live loop asking for more frames)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx is not None and not getattr(ctx, "fragment_ids_this_run", None)


def requested(requests: Any) -> bool:
    """True when these `ScriptRequests` hold a stop, or a rerun that Streamlit will start by
    stopping this run. A fragment's rerun (the live view asking for more, a panel's timer)
    waits for the run to finish instead, so it interrupts nothing: Streamlit's own rule decides."""
    state = getattr(requests, "_state", ScriptRequestType.CONTINUE)
    if state is not ScriptRequestType.RERUN:
        return state is not ScriptRequestType.CONTINUE
    data = requests._rerun_data
    return not _fragment_run_should_not_preempt_script(
        data.fragment_id_queue, data.is_fragment_scoped_rerun
    )
