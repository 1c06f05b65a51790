"""The live loop's click detector reads Streamlit's own request state correctly (1.67)."""

from __future__ import annotations

from streamlit.runtime.scriptrunner_utils.script_requests import RerunData, ScriptRequests

from playground.ui.workarounds.interrupts import interrupted, page_run, requested


def test_a_run_is_interrupted_by_a_stop_or_a_rerun_and_not_otherwise() -> None:
    assert not requested(ScriptRequests())
    stopped = ScriptRequests()
    stopped.request_stop()  # what a click does with runner.fastReruns
    assert requested(stopped)
    rerun = ScriptRequests()
    assert rerun.request_rerun(RerunData())
    assert requested(rerun)


def test_a_fragments_rerun_waits_for_the_run_and_interrupts_nothing() -> None:
    asked = ScriptRequests()
    assert asked.request_rerun(RerunData(fragment_id="live-view"))  # "more", a panel's timer
    assert not requested(asked)
    assert asked.on_scriptrunner_yield() is None  # Streamlit agrees: the run goes on


def test_outside_a_script_run_nothing_interrupts() -> None:
    assert not interrupted() and not page_run()
    assert not requested(None)
