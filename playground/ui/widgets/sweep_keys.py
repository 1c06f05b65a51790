"""Where one sweep keeps its things in `st.session_state`: every key starts with its prefix.

The sweep page's sweep lives under `sweep:` (`SWEEP_PAGE`): its job at `sweep:job`, its widgets
under `sweep:w:`, its buttons under `sweep:btn:`. Lesson 9 runs its own sweep under
`lesson9:sweep:`, so the lesson's grid, job and choices never overwrite the page's, nor the other
way round. The forms (`sweep_form`), the results (`sweep_results`) and the panel that runs a
sweep (`sweep_panel`) take a `SweepKeys` and build every key from it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SweepKeys:
    """The session-state keys of one sweep, all under `prefix`."""

    prefix: str

    @property
    def job(self) -> str:
        """The `SweepJob` of this sweep."""
        return f"{self.prefix}:job"

    @property
    def widget(self) -> str:
        """The start of every widget key (kept aside while the user is on another page)."""
        return f"{self.prefix}:w:"

    @property
    def saved(self) -> str:
        """The widget values copied aside at the end of each run."""
        return f"{self.prefix}:saved"

    def button(self, name: str) -> str:
        return f"{self.prefix}:btn:{name}"

    def chart(self, job_id: int) -> str:
        """The heatmap of job `job_id` (its selection: the clicked cell)."""
        return f"{self.prefix}:chart:{job_id}"

    def values(self, field: str) -> str:
        """The widget holding the values swept for `field`."""
        return f"{self.widget}values:{field}"


SWEEP_PAGE = SweepKeys("sweep")
