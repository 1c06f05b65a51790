"""One sweep on a page: the sweep form, the Run button, the live progress and the results.

`sweep_panel(base, keys)` is the part the sweep page and lesson 9 share: the fields and values to
sweep (`sweep_form`), the checks that hold the grid to this server's limits (`check_sweep`), a Run
button that starts a `SweepJob` in the background (`experiments.sweep_job`), then the progress
filling in while it runs, the heatmap and curves when it is done (`sweep_results`) and a cell to
open in the playground (or the digits page, for a sweep of the digits). Everything it keeps in
`st.session_state` is under `keys` (`SweepKeys`), so two sweeps on two pages never touch each
other. Widget values are copied aside under `keys.saved` at the end of each run and put back by
`restore_widgets` (Streamlit forgets the values of widgets a page does not draw).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import streamlit as st

from playground.config import PlaygroundConfig, steps_per_epoch
from playground.experiments.sweep import SweepAxis, SweepError
from playground.experiments.sweep import make_grid as sweep_grid
from playground.experiments.sweep_job import SweepJob, start_job
from playground.ui.widgets import sweep_form as form
from playground.ui.widgets.digits_view import DIGITS_PAGE
from playground.ui.widgets.sweep_keys import SweepKeys
from playground.ui.widgets.sweep_results import (
    cell_choice,
    cell_index,
    job_key,
    live_progress,
    results,
)
from playground.viz.sweep_figures import field_title

MAX_CELLS = 100
MAX_CELL_EPOCHS = 20_000  # cells × epochs
MAX_STEPS = 2_000_000  # mini-batch steps over the whole sweep: about a minute on 2 cores


@dataclass(frozen=True)
class PanelResult:
    """What the panel shows: the sweep asked for and its job (None before the first run)."""

    plan: form.SweepPlan
    job: SweepJob | None


# --- checking a sweep before it runs ----------------------------------------------------------
def check_sweep(base: PlaygroundConfig, axes: tuple[SweepAxis, ...], epochs: int) -> str | None:
    """A plain message when the grid is invalid or too big for this server, else None."""
    try:
        grid = sweep_grid(base, axes)
    except SweepError as error:
        detail = re.sub(r" \(in \{.*\}\)$", "", str(error).split(": ", 1)[-1])
        return f"**{field_title(error.field).capitalize()}**: {detail}."
    n_cells = len(grid)
    if n_cells > MAX_CELLS:
        return f"That is {n_cells} cells; a sweep may have at most {MAX_CELLS}. Use fewer values."
    if n_cells * epochs > MAX_CELL_EPOCHS:
        return (
            f"{n_cells} cells × {epochs} epochs = {n_cells * epochs:,} epochs in all; the limit "
            f"is {MAX_CELL_EPOCHS:,}. Use fewer cells or fewer epochs."
        )
    steps = sum(epochs * steps_per_epoch(config) for _, config in grid)
    if steps > MAX_STEPS:
        return (
            f"This sweep would train about {steps / 1e6:.1f} million mini-batch steps (cells × "
            f"epochs × batches per epoch); the limit is {MAX_STEPS / 1e6:g} million, about a "
            "minute on this server. Use fewer cells or epochs, fewer points or larger batches."
        )
    return None


# --- widget memory across pages ---------------------------------------------------------------
def restore_widgets(keys: SweepKeys) -> None:
    """Put back the widget values saved when this sweep was last drawn."""
    for key, value in st.session_state.get(keys.saved, {}).items():
        if key not in st.session_state:
            st.session_state[key] = value


def save_widgets(keys: SweepKeys) -> None:
    st.session_state[keys.saved] = {
        key: st.session_state[key]
        for key in st.session_state
        if isinstance(key, str) and key.startswith(keys.widget)
    }


# --- the panel --------------------------------------------------------------------------------
def sweep_panel(
    base: PlaygroundConfig | None,
    keys: SweepKeys,
    *,
    form_base: PlaygroundConfig | None = None,
    fields: tuple[str, ...] | None = None,
) -> PanelResult:
    """The sweep of `base` (None: its form is invalid, say so) under `keys`: the form offering
    `fields` (default all; `form_base` decides what fits the data while `base` is None), Run,
    then the progress or the results and a cell to open in the playground (or the digits page)."""
    restore_widgets(keys)
    job: SweepJob | None = st.session_state.get(keys.job)
    running = job is not None and job.running
    plan = form.sweep_form(base or form_base, running, keys, fields)
    message = _problem(base, plan)
    if message:
        st.error(message, icon=":material/error:")
    elif plan.warning:
        st.warning(plan.warning, icon=":material/info:")
    left, right = st.columns([1.4, 4], vertical_alignment="center")
    run = left.button(
        "Run the sweep",
        key=keys.button("run"),
        type="primary",
        icon=":material/play_arrow:",
        disabled=running or message is not None,
        width="stretch",
        help="Train every cell of the grid for the given epochs, in parallel on all cores.",
    )
    if run and base is not None and not running and message is None:
        # Started here, not in a callback: a value typed just before the click is included.
        _run(keys, base, plan.axes, plan.epochs)
        save_widgets(keys)
        st.rerun()
    if not running and message is None:
        right.caption(
            f"{plan.n_cells} cells × {plan.epochs} epochs. At most {MAX_CELLS} cells and "
            f"{MAX_CELL_EPOCHS:,} epochs in all per sweep."
        )
    save_widgets(keys)
    if job is None:
        st.info("Choose the fields to sweep and press **Run the sweep**.", icon=":material/info:")
        return PanelResult(plan, None)
    st.divider()
    if job.running:
        live_progress(keys)
    elif finite := results(job, keys):
        open_cell(job, finite, keys)
    return PanelResult(plan, job)


def _problem(base: PlaygroundConfig | None, plan: form.SweepPlan) -> str | None:
    """Why the sweep cannot run, in words, or None."""
    if base is None:
        return "Fix the base configuration in the sidebar first."
    return plan.error or check_sweep(base, plan.axes, plan.epochs)


def _run(keys: SweepKeys, base: PlaygroundConfig, axes: tuple[SweepAxis, ...], epochs: int) -> None:
    old: SweepJob | None = st.session_state.get(keys.job)
    if old is not None and old.running:
        return
    mine = lambda key: isinstance(key, str) and key.startswith(keys.widget)  # noqa: E731
    for key in [k for k in st.session_state if mine(k) and ":job" in k]:
        del st.session_state[key]  # the previous sweep's choices
    saved = st.session_state.get(keys.saved, {})
    st.session_state[keys.saved] = {k: v for k, v in saved.items() if ":job" not in k}
    st.session_state[keys.job] = start_job(base, axes, epochs)


def open_cell(job: SweepJob, finite: list[int], keys: SweepKeys) -> None:
    """Choose a cell and open its configuration in the playground (or the digits page)."""
    to_digits = job.base.dataset == "digits"
    where = "the digits page" if to_digits else "the playground"
    st.subheader(f"Open a cell in {where}", help="Train the chosen cell's configuration live.")
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    number = left.selectbox(
        "Cell to open",
        finite,
        key=job_key(job, "open", keys),
        format_func=lambda n: cell_choice(job, n),
        help="The base configuration with this cell's values; clicking the heatmap chooses too.",
    )
    config = job.base.replace(**job.result.values_at(cell_index(job, number)))
    params = config.to_query_params()
    if right.button(
        f"Open in {where}",
        key=keys.button("open"),
        icon=":material/open_in_new:",
        width="stretch",
        help=f"Go to {where} with this configuration, ready to press Play.",
    ):
        page = "views/digits.py" if to_digits else "views/playground.py"
        state_key = DIGITS_PAGE.state if to_digits else form.PLAYGROUND_STATE
        st.session_state.pop(state_key, None)  # the page then reads its config from the URL
        st.switch_page(page, query_params=params)
    query = "&".join(f"{k}={v}" for k, v in params.items())
    st.markdown(
        f"Or [open it in a new tab](./{'digits' if to_digits else ''}?{query}) "
        f"(a fresh session: `?{query}`)."
    )
