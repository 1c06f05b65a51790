"""The sweep page's results: progress while the grid trains, then the heatmap and the curves.

`live_progress` is a fragment that refreshes twice a second while the session's `SweepJob` runs
(progress bar, Cancel, the heatmap filling in) and reruns the page when it ends; `results` shows a
finished or cancelled sweep: a summary, the heatmap coloured by the chosen quantity (a click adds
a cell), the loss curves of the chosen cells. Both take the sweep's `SweepKeys` (the sweep page's
by default, lesson 9's own for the lesson). Widget keys start with `sweep:w:` (for the page); a
job's own choices carry its id (`sweep:w:job<id>:cells`), so a new sweep starts with fresh ones.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground.experiments.sweep import CANCELLED, DIVERGED
from playground.experiments.sweep_job import SweepJob
from playground.ui.widgets.sweep_keys import SWEEP_PAGE, SweepKeys
from playground.ui.workarounds.errors import guarded
from playground.ui.workarounds.session_lock import serialized
from playground.viz.sweep_figures import (
    cell_label,
    metric_title,
    sweep_curves_figure,
    sweep_heatmap,
)

REFRESH_SECONDS = 0.5
MAX_CURVES = 8
Index = tuple[int, ...]


def _cancel(keys: SweepKeys) -> None:
    job: SweepJob | None = st.session_state.get(keys.job)
    if job is not None:
        job.cancel.set()


def quantity_control(job: SweepJob, keys: SweepKeys = SWEEP_PAGE) -> str:
    key = f"{keys.widget}quantity"
    st.session_state.setdefault(key, "test_loss")
    st.segmented_control(
        "Colour the cells by",
        ["test_loss", "test_metric"],
        key=key,
        on_change=_keep_quantity,
        args=(key,),
        format_func=lambda q: _quantity_title(job, q),
        help="Final test loss (lower is better) or final test accuracy / R² (higher is better).",
    )
    return st.session_state[key] or "test_loss"


def _quantity_title(job: SweepJob, quantity: str) -> str:
    if quantity == "test_loss":
        return "Test loss"
    title = metric_title(job.result)
    return title[:1].upper() + title[1:]


def _keep_quantity(key: str) -> None:
    if st.session_state[key] is None:  # a second click on the chosen segment deselects it
        st.session_state[key] = "test_loss"


@st.fragment(run_every=REFRESH_SECONDS)
@serialized
@guarded()
def live_progress(keys: SweepKeys = SWEEP_PAGE) -> None:
    """Progress, Cancel and the heatmap filling in; a full rerun when the sweep is over."""
    job: SweepJob = st.session_state[keys.job]
    if not job.running:
        st.rerun()
    done, total = job.done, job.total
    if job.cancel.is_set():
        text = f"Cancelling: waiting for the running cells to finish ({done} of {total} done)"
    else:
        text = f"{done} of {total} cells done · {job.seconds():.0f} s"
        if job.first_cell is None:
            text += " — training the first cells (or waiting for another sweep on this server)"
    left, right = st.columns([5, 1], vertical_alignment="bottom")
    left.progress(done / total, text=text)
    right.button(
        "Cancel",
        key=keys.button("cancel"),
        icon=":material/stop:",
        on_click=_cancel,
        args=(keys,),
        disabled=job.cancel.is_set(),
        width="stretch",
        help="Start no new cell; the cells already training finish, the others are skipped.",
    )
    quantity = quantity_control(job, keys)
    st.plotly_chart(
        sweep_heatmap(job.result, job.finished.copy(), quantity, running=True),
        config={"displayModeBar": False},
    )
    st.caption("The cells fill in as they finish; “…” marks a cell still to come.")


def results(job: SweepJob, keys: SweepKeys = SWEEP_PAGE) -> list[int]:
    """The finished (or cancelled) sweep: summary, heatmap, curves; the numbers
    (`cell_number`) of the cells that ended with a loss, which a page may offer to open."""
    summary(job)
    quantity = quantity_control(job, keys)
    st.plotly_chart(
        sweep_heatmap(job.result, job.finished, quantity),
        key=keys.chart(job.id),
        on_select=lambda: _pick_cell(job, keys),
        selection_mode="points",
        config={"displayModeBar": False},
    )
    st.caption(
        "Each cell is one training run from the same starting weights, with the values on the "
        "axes. Darker blue is better; the outlined cell is the best. Cells marked ✕ diverged (the "
        "loss blew up, usually a learning rate too large for the batch size); cancelled cells "
        "never trained. Click a cell to add its curves below and to choose it for the playground."
    )
    cells = [idx for idx in np.ndindex(*job.result.shape) if job.finished[idx]]
    finite = [idx for idx in cells if np.isfinite(job.result.test_loss[idx])]
    if not finite:
        return []
    _init_choices(job, finite, keys)
    chosen = st.multiselect(
        "Cells to compare",
        [cell_number(job, idx) for idx in cells],
        key=job_key(job, "cells", keys),
        max_selections=MAX_CURVES,
        format_func=lambda n: cell_choice(job, n),
        help=f"Up to {MAX_CURVES} cells whose loss curves to draw; clicking the heatmap adds one.",
    )
    log_y = st.toggle(
        "Logarithmic loss axis",
        key=f"{keys.widget}log_y",
        help="Show the loss on a log scale, to compare curves that end far apart.",
    )
    st.plotly_chart(
        sweep_curves_figure(job.result, [cell_index(job, n) for n in chosen], log_y=log_y),
        config={"displayModeBar": False},
    )
    st.caption(
        "How each chosen cell got where it is: the test loss (solid) and the training loss "
        "(dotted) after every epoch. A curve that stops early diverged; a test curve that turns "
        "up while the training curve keeps falling is overfitting."
    )
    return [cell_number(job, idx) for idx in finite]


def summary(job: SweepJob) -> None:
    status = job.result.status
    diverged = int(np.sum(status == DIVERGED))
    cancelled = int(np.sum(status == CANCELLED))
    seconds = f"{job.seconds():.1f} s"
    if job.error:
        st.error(job.error, icon=":material/error:")
    elif cancelled:
        st.warning(
            f"Cancelled: {job.total - cancelled} of {job.total} cells trained in {seconds}; "
            f"{cancelled} never ran.",
            icon=":material/stop_circle:",
        )
    else:
        extra = f" ({diverged} diverged)" if diverged else ""
        st.success(
            f"Done: {job.total} cells × {job.epochs} epochs in {seconds}{extra}.",
            icon=":material/check_circle:",
        )


def job_key(job: SweepJob, name: str, keys: SweepKeys = SWEEP_PAGE) -> str:
    """The key of a widget that belongs to one sweep: `sweep:w:job<id>:<name>`."""
    return f"{keys.widget}job{job.id}:{name}"


def cell_number(job: SweepJob, index: Index) -> int:
    """A cell's position in the grid as one number (row-major), as the widgets hold it."""
    return int(np.ravel_multi_index(index, job.result.shape))


def cell_index(job: SweepJob, number: int) -> Index:
    return tuple(int(i) for i in np.unravel_index(number, job.result.shape))


def cell_choice(job: SweepJob, number: int) -> str:
    """A cell as a choice in a list: its values and its final test loss (or status)."""
    index = cell_index(job, number)
    loss = job.result.test_loss[index]
    value = f"test loss {loss:.3g}" if np.isfinite(loss) else str(job.result.status[index])
    return f"{cell_label(job.result, index)} ({value})"


def _init_choices(job: SweepJob, finite: list[Index], keys: SweepKeys) -> None:
    best = cell_number(job, job.result.best_index() or finite[0])
    st.session_state.setdefault(job_key(job, "cells", keys), [best])
    st.session_state.setdefault(job_key(job, "open", keys), best)


def _pick_cell(job: SweepJob, keys: SweepKeys) -> None:
    """A click on the heatmap: add the cell to the curves and choose it to open."""
    event = st.session_state.get(keys.chart(job.id))
    points = (event or {}).get("selection", {}).get("points", [])
    picked = [p["point_index"] for p in points if p.get("curve_number") == 2]
    if not picked:
        return
    number = int(picked[-1])
    if not np.isfinite(job.result.test_loss[cell_index(job, number)]):
        return
    cells = list(st.session_state.get(job_key(job, "cells", keys), []))
    if number not in cells:
        cells = [*cells, number][-MAX_CURVES:]
    st.session_state[job_key(job, "cells", keys)] = cells
    st.session_state[job_key(job, "open", keys)] = number
