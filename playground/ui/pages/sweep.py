"""The sweep page: train a grid of configurations in parallel and compare their final numbers.

The page has three parts. A base configuration (the sidebar form, filled from the URL's query
parameters, else from this session's playground, else the defaults; a button loads the lesson 9
question). The sweep itself: one or two config fields with a list of values each and the epochs
every cell trains (`widgets.sweep_form`). And the results (`widgets.sweep_results`): a heatmap of
the final test loss or accuracy, the loss curves of chosen cells, and a button that opens a chosen
cell in the playground.

A sweep runs in a background thread of this session (`experiments.sweep_job`, whose cells run in
worker processes on every core). The thread, its cancel event and the partial results live in
`st.session_state` in a `SweepJob`; while it runs, a fragment refreshes twice a second so the
progress bar and the heatmap fill in, and it stops refreshing when the sweep is done. Before it
runs, `check_sweep` holds the grid to this server's limits. Widget values are copied aside so that
they survive a visit to another page (Streamlit forgets the values of widgets a page does not
draw).
"""

from __future__ import annotations

import math
import re

import streamlit as st

from playground.config import PlaygroundConfig
from playground.experiments.sweep import SweepAxis, SweepError
from playground.experiments.sweep import make_grid as sweep_grid
from playground.experiments.sweep_job import SweepJob, start_job
from playground.settings import DIGITS_IMAGES
from playground.ui.pages import digits
from playground.ui.widgets import sweep_form as form
from playground.ui.widgets.sweep_results import (
    JOB,
    WIDGET_PREFIX,
    cell_choice,
    cell_index,
    job_key,
    live_progress,
    results,
)
from playground.ui.workarounds.errors import guarded
from playground.viz.sweep_figures import field_title

SAVED = "sweep:saved"
MAX_CELLS = 100
MAX_CELL_EPOCHS = 20_000  # cells × epochs
MAX_STEPS = 2_000_000  # mini-batch steps over the whole sweep: about a minute on 2 cores


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
    steps = sum(epochs * _steps_per_epoch(config) for _, config in grid)
    if steps > MAX_STEPS:
        return (
            f"This sweep would train about {steps / 1e6:.1f} million mini-batch steps (cells × "
            f"epochs × batches per epoch); the limit is {MAX_STEPS / 1e6:g} million, about a "
            "minute on this server. Use fewer cells or epochs, fewer points or larger batches."
        )
    return None


def _steps_per_epoch(config: PlaygroundConfig) -> int:
    n = DIGITS_IMAGES if config.dataset == "digits" else config.n_samples
    n_train = max(1, round(n * config.train_ratio))
    return math.ceil(n_train / max(1, min(config.batch_size, n_train)))


# --- widget memory across pages ---------------------------------------------------------------
def restore_widgets() -> None:
    """Put back the widget values saved when this page last ran."""
    for key, value in st.session_state.get(SAVED, {}).items():
        if key not in st.session_state:
            st.session_state[key] = value


def save_widgets() -> None:
    st.session_state[SAVED] = {
        key: st.session_state[key]
        for key in st.session_state
        if isinstance(key, str) and key.startswith(WIDGET_PREFIX)
    }


# --- the page ---------------------------------------------------------------------------------
@guarded()
def main() -> None:
    restore_widgets()
    source = form.source_config()
    with st.sidebar:
        base = form.base_form(source)
    st.title("Hyperparameter sweep")
    st.caption(
        "Train the same network many times, changing one or two settings, and compare where each "
        "combination ends up. Every cell starts from the same seed, so the only difference "
        "between two cells is the setting you swept. The cells train in parallel on every core."
    )
    job: SweepJob | None = st.session_state.get(JOB)
    running = job is not None and job.running
    plan = form.sweep_form(base or source, disabled=running)
    message = None
    if base is None:
        message = "Fix the base configuration in the sidebar first."
    elif plan.error:
        message = plan.error
    else:
        message = check_sweep(base, plan.axes, plan.epochs)
    if message:
        st.error(message, icon=":material/error:")
    elif plan.warning:
        st.warning(plan.warning, icon=":material/info:")
    left, right = st.columns([1.4, 4], vertical_alignment="center")
    run = left.button(
        "Run the sweep",
        key="sweep:btn:run",
        type="primary",
        icon=":material/play_arrow:",
        disabled=running or message is not None,
        width="stretch",
        help="Train every cell of the grid for the given epochs, in parallel on all cores.",
    )
    if run and base is not None and not running and message is None:
        # Started here, not in a callback: a value typed just before the click is included.
        _run(base, plan.axes, plan.epochs)
        save_widgets()
        st.rerun()
    if not running and message is None:
        right.caption(
            f"{plan.n_cells} cells × {plan.epochs} epochs. At most {MAX_CELLS} cells and "
            f"{MAX_CELL_EPOCHS:,} epochs in all per sweep."
        )
    save_widgets()
    if job is None:
        st.info("Choose the fields to sweep and press **Run the sweep**.", icon=":material/info:")
        return
    st.divider()
    if job.running:
        live_progress()
    elif finite := results(job):
        open_cell(job, finite)


def _run(base: PlaygroundConfig, axes: tuple[SweepAxis, ...], epochs: int) -> None:
    old: SweepJob | None = st.session_state.get(JOB)
    if old is not None and old.running:
        return
    for key in [k for k in st.session_state if isinstance(k, str) and ":job" in k]:
        del st.session_state[key]  # the previous sweep's choices
    saved = st.session_state.get(SAVED, {})
    st.session_state[SAVED] = {k: v for k, v in saved.items() if ":job" not in k}
    st.session_state[JOB] = start_job(base, axes, epochs)


def open_cell(job: SweepJob, finite: list[int]) -> None:
    """Choose a cell and open its configuration in the playground (or the digits page)."""
    to_digits = job.base.dataset == "digits"
    where = "the digits page" if to_digits else "the playground"
    st.subheader(f"Open a cell in {where}", help="Train the chosen cell's configuration live.")
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    number = left.selectbox(
        "Cell to open",
        finite,
        key=job_key(job, "open"),
        format_func=lambda n: cell_choice(job, n),
        help="The base configuration with this cell's values; clicking the heatmap chooses too.",
    )
    config = job.base.replace(**job.result.values_at(cell_index(job, number)))
    params = config.to_query_params()
    if right.button(
        f"Open in {where}",
        key="sweep:btn:open",
        icon=":material/open_in_new:",
        width="stretch",
        help=f"Go to {where} with this configuration, ready to press Play.",
    ):
        page = "views/digits.py" if to_digits else "views/playground.py"
        state_key = digits.STATE if to_digits else form.PLAYGROUND_STATE
        st.session_state.pop(state_key, None)  # the page then reads its config from the URL
        st.switch_page(page, query_params=params)
    query = "&".join(f"{k}={v}" for k, v in params.items())
    st.markdown(
        f"Or [open it in a new tab](./{'digits' if to_digits else ''}?{query}) "
        f"(a fresh session: `?{query}`)."
    )
