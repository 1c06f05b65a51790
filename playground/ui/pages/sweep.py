"""The sweep page: train a grid of configurations in parallel and compare their final numbers.

The page has three parts. A base configuration (the sidebar form, filled from the URL's query
parameters, else from this session's playground, else the defaults; a button loads the lesson 9
question). The sweep itself: one or two config fields with a list of values each and the epochs
every cell trains. And the results: a heatmap of the final test loss or accuracy, the loss curves
of chosen cells, and a button that opens a chosen cell in the playground.

A sweep runs in a background thread of this session (`experiments.sweep.iter_sweep`, whose
cells run in worker processes on every core). The thread, its cancel event and the partial
results live in `st.session_state` in a `SweepJob`; while it runs, a fragment refreshes twice a
second so the progress bar and the heatmap fill in, and it stops refreshing when the sweep is
done. Widget values are copied aside so that they survive a visit to another page (Streamlit
forgets the values of widgets a page does not draw).
"""

from __future__ import annotations

import itertools
import math
import re
import threading
import time
from dataclasses import dataclass, field

import numpy as np
import streamlit as st

from playground.config import PlaygroundConfig
from playground.experiments.sweep import (
    CANCELLED,
    DIVERGED,
    SweepAxis,
    SweepError,
    SweepResult,
    iter_sweep,
    store_cell,
)
from playground.experiments.sweep import make_grid as sweep_grid
from playground.settings import DIGITS_IMAGES
from playground.ui.widgets import sweep_form as form
from playground.ui.workarounds.errors import guarded
from playground.ui.workarounds.session_lock import serialized
from playground.viz.sweep_figures import (
    cell_label,
    field_title,
    metric_title,
    sweep_curves_figure,
    sweep_heatmap,
)

JOB = "sweep:job"
SAVED = "sweep:saved"
WIDGET_PREFIX = "sweep:w:"
REFRESH_SECONDS = 0.5
MAX_CELLS = 100
MAX_CELL_EPOCHS = 20_000  # cells × epochs
MAX_STEPS = 2_000_000  # mini-batch steps over the whole sweep: about a minute on 2 cores
MAX_CURVES = 8
_job_ids = itertools.count(1)


# --- the running sweep ------------------------------------------------------------------------
@dataclass
class SweepJob:
    """One sweep of this session: its inputs, results so far, and the thread training it."""

    base: PlaygroundConfig
    axes: tuple[SweepAxis, ...]
    epochs: int
    result: SweepResult
    finished: np.ndarray  # bool per cell: reported by the sweep (trained, diverged or cancelled)
    cancel: threading.Event = field(default_factory=threading.Event)
    started: float = field(default_factory=time.perf_counter)
    first_cell: float | None = None
    ended: float | None = None
    error: str = ""
    id: int = field(default_factory=lambda: next(_job_ids))
    thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self.ended is None

    @property
    def done(self) -> int:
        return int(self.finished.sum())

    @property
    def total(self) -> int:
        return int(self.finished.size)

    def seconds(self) -> float:
        return (self.ended or time.perf_counter()) - self.started


def empty_result(base: PlaygroundConfig, axes: tuple[SweepAxis, ...], epochs: int) -> SweepResult:
    shape = tuple(len(axis.values) for axis in axes)
    nans = lambda *extra: np.full(shape + extra, np.nan)  # noqa: E731
    return SweepResult(
        axes=axes, epochs=epochs, metric_name="r2" if base.problem == "regression" else "accuracy",
        train_loss=nans(), test_loss=nans(), train_metric=nans(), test_metric=nans(),
        train_curves=nans(epochs), test_curves=nans(epochs),
        status=np.full(shape, CANCELLED, dtype=object), seconds=np.zeros(shape),
    )  # fmt: skip


def start_job(base: PlaygroundConfig, axes: tuple[SweepAxis, ...], epochs: int) -> SweepJob:
    """Start training the grid in a background thread and return its job."""
    result = empty_result(base, axes, epochs)
    job = SweepJob(base, axes, epochs, result, np.zeros(result.shape, dtype=bool))
    job.thread = threading.Thread(target=_work, args=(job,), name=f"sweep-{job.id}", daemon=True)
    job.thread.start()
    return job


def _work(job: SweepJob) -> None:
    """The thread: store each cell as it arrives; never raise (the page shows `job.error`)."""
    result = job.result
    try:
        for cell in iter_sweep(job.base, job.axes, job.epochs, cancel=job.cancel):
            store_cell(result, cell)
            job.first_cell = job.first_cell or time.perf_counter()
            job.finished[cell.index] = True
    except Exception as error:  # shown on the page in plain words, never as a traceback
        job.error = f"The sweep stopped because of an error: {error}"
    finally:
        job.ended = time.perf_counter()


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
    else:
        results(job)


def _run(base: PlaygroundConfig, axes: tuple[SweepAxis, ...], epochs: int) -> None:
    old: SweepJob | None = st.session_state.get(JOB)
    if old is not None and old.running:
        return
    for key in [k for k in st.session_state if isinstance(k, str) and ":job" in k]:
        del st.session_state[key]  # the previous sweep's choices
    saved = st.session_state.get(SAVED, {})
    st.session_state[SAVED] = {k: v for k, v in saved.items() if ":job" not in k}
    st.session_state[JOB] = start_job(base, axes, epochs)


def _cancel() -> None:
    job: SweepJob | None = st.session_state.get(JOB)
    if job is not None:
        job.cancel.set()


def quantity_control(job: SweepJob) -> str:
    key = f"{WIDGET_PREFIX}quantity"
    st.session_state.setdefault(key, "test_loss")
    st.segmented_control(
        "Colour the cells by",
        ["test_loss", "test_metric"],
        key=key,
        on_change=_keep_quantity,
        format_func=lambda q: _quantity_title(job, q),
        help="Final test loss (lower is better) or final test accuracy / R² (higher is better).",
    )
    return st.session_state[key] or "test_loss"


def _quantity_title(job: SweepJob, quantity: str) -> str:
    if quantity == "test_loss":
        return "Test loss"
    title = metric_title(job.result)
    return title[:1].upper() + title[1:]


def _keep_quantity() -> None:
    key = f"{WIDGET_PREFIX}quantity"
    if st.session_state[key] is None:  # a second click on the chosen segment deselects it
        st.session_state[key] = "test_loss"


@st.fragment(run_every=REFRESH_SECONDS)
@serialized
@guarded()
def live_progress() -> None:
    """Progress, Cancel and the heatmap filling in; a full rerun when the sweep is over."""
    job: SweepJob = st.session_state[JOB]
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
        key="sweep:btn:cancel",
        icon=":material/stop:",
        on_click=_cancel,
        disabled=job.cancel.is_set(),
        width="stretch",
        help="Start no new cell; the cells already training finish, the others are skipped.",
    )
    quantity = quantity_control(job)
    st.plotly_chart(
        sweep_heatmap(job.result, job.finished.copy(), quantity, running=True),
        config={"displayModeBar": False},
    )
    st.caption("The cells fill in as they finish; “…” marks a cell still to come.")


def results(job: SweepJob) -> None:
    """The finished (or cancelled) sweep: summary, heatmap, curves, open a cell."""
    summary(job)
    quantity = quantity_control(job)
    st.plotly_chart(
        sweep_heatmap(job.result, job.finished, quantity),
        key=f"sweep:chart:{job.id}",
        on_select=lambda: _pick_cell(job),
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
        return
    _init_choices(job, finite)
    flat = lambda index: int(np.ravel_multi_index(index, job.result.shape))  # noqa: E731
    unflat = lambda number: tuple(int(i) for i in np.unravel_index(number, job.result.shape))  # noqa: E731
    chosen = st.multiselect(
        "Cells to compare",
        [flat(idx) for idx in cells],
        key=f"{WIDGET_PREFIX}job{job.id}:cells",
        max_selections=MAX_CURVES,
        format_func=lambda n: _cell_choice(job, unflat(n)),
        help=f"Up to {MAX_CURVES} cells whose loss curves to draw; clicking the heatmap adds one.",
    )
    log_y = st.toggle(
        "Logarithmic loss axis",
        key=f"{WIDGET_PREFIX}log_y",
        help="Show the loss on a log scale, to compare curves that end far apart.",
    )
    st.plotly_chart(
        sweep_curves_figure(job.result, [unflat(n) for n in chosen], log_y=log_y),
        config={"displayModeBar": False},
    )
    st.caption(
        "How each chosen cell got where it is: the test loss (solid) and the training loss "
        "(dotted) after every epoch. A curve that stops early diverged; a test curve that turns "
        "up while the training curve keeps falling is overfitting."
    )
    open_cell(job, [flat(idx) for idx in finite], unflat)


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


def _cell_choice(job: SweepJob, index: tuple[int, ...]) -> str:
    loss = job.result.test_loss[index]
    value = f"test loss {loss:.3g}" if np.isfinite(loss) else str(job.result.status[index])
    return f"{cell_label(job.result, index)} ({value})"


def _init_choices(job: SweepJob, finite: list[tuple[int, ...]]) -> None:
    best = job.result.best_index() or finite[0]
    best_flat = int(np.ravel_multi_index(best, job.result.shape))
    st.session_state.setdefault(f"{WIDGET_PREFIX}job{job.id}:cells", [best_flat])
    st.session_state.setdefault(f"{WIDGET_PREFIX}job{job.id}:open", best_flat)


def _pick_cell(job: SweepJob) -> None:
    """A click on the heatmap: add the cell to the curves and choose it to open."""
    event = st.session_state.get(f"sweep:chart:{job.id}")
    points = (event or {}).get("selection", {}).get("points", [])
    picked = [p["point_index"] for p in points if p.get("curve_number") == 2]
    if not picked:
        return
    number = int(picked[-1])
    index = tuple(int(i) for i in np.unravel_index(number, job.result.shape))
    if not np.isfinite(job.result.test_loss[index]):
        return
    cells_key = f"{WIDGET_PREFIX}job{job.id}:cells"
    cells = list(st.session_state.get(cells_key, []))
    if number not in cells:
        cells = [*cells, number][-MAX_CURVES:]
    st.session_state[cells_key] = cells
    st.session_state[f"{WIDGET_PREFIX}job{job.id}:open"] = number


def open_cell(job: SweepJob, finite: list[int], unflat) -> None:
    """Choose a cell and open its configuration in the playground (or the digits page)."""
    digits = job.base.dataset == "digits"
    where = "the digits page" if digits else "the playground"
    st.subheader(f"Open a cell in {where}", help="Train the chosen cell's configuration live.")
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    number = left.selectbox(
        "Cell to open",
        finite,
        key=f"{WIDGET_PREFIX}job{job.id}:open",
        format_func=lambda n: _cell_choice(job, unflat(n)),
        help="The base configuration with this cell's values; clicking the heatmap chooses too.",
    )
    config = job.base.replace(**job.result.values_at(unflat(number)))
    params = config.to_query_params()
    if right.button(
        f"Open in {where}",
        key="sweep:btn:open",
        icon=":material/open_in_new:",
        width="stretch",
        help=f"Go to {where} with this configuration, ready to press Play.",
    ):
        page = "views/digits.py" if digits else "views/playground.py"
        state_key = "digits:state" if digits else "live:main"
        st.session_state.pop(state_key, None)  # the page then reads its config from the URL
        st.switch_page(page, query_params=params)
    query = "&".join(f"{k}={v}" for k, v in params.items())
    st.markdown(
        f"Or [open it in a new tab](./{'digits' if digits else ''}?{query}) "
        f"(a fresh session: `?{query}`)."
    )
