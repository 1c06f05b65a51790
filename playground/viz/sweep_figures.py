"""Figures of a hyperparameter sweep: the grid as an annotated heatmap, and chosen cells' curves.

The heatmap has one cell per combination of the swept values: the first field across, the second
(if any) up. Each cell is coloured by its final test loss (on a log scale, darker blue = lower) or
its final test accuracy / R² (darker blue = higher), with the number written in it and the best
cell outlined. Cells without a number say why: "diverged", "cancelled", or "…" while they wait
to be trained. A transparent marker sits on every cell, because Plotly (and so Streamlit's
selection events) cannot select heatmap cells, only points: clicking a cell selects its marker,
whose point index is the cell's flat index. The curves figure draws the training (dotted) and
test (solid) loss over the epochs for the chosen cells, one colour each.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import plotly.graph_objects as go

from playground.experiments.sweep import CANCELLED, DIVERGED, SweepResult
from playground.settings import SETTINGS, format_metric, plain_number
from playground.viz.insight_style import (
    BLUE_HEX,
    LAYER_PALETTE,
    MUTED,
    base_layout,
    epoch_axis,
    finite_list,
    make_figure,
)

Array = np.ndarray
Index = tuple[int, ...]
EMPTY_CELL_HEX = "#f1f3f4"  # background of cells without a number
LOSS_SCALE = [[0.0, BLUE_HEX], [1.0, "#ffffff"]]  # low loss = dark blue
METRIC_SCALE = [[0.0, "#ffffff"], [1.0, BLUE_HEX]]  # high accuracy = dark blue
METRIC_TITLES = {"accuracy": "test accuracy", "r2": "test R²"}


# --- labels -----------------------------------------------------------------------------------
def field_title(field: str) -> str:
    """A config field's name in words: "learning rate" for `learning_rate` (the settings
    table's `words`); another name (an argument such as `epochs`) with spaces for underscores."""
    return SETTINGS[field].words if field in SETTINGS else field.replace("_", " ")


def value_text(field: str, value: Any) -> str:
    """A swept value as a short label: 0.001, "10 %", "8, 8", "none", "on"."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, tuple):
        return ", ".join(value_text(field, v) for v in value) if value else "none"
    if field in SETTINGS and SETTINGS[field].percent and isinstance(value, float):
        return f"{100 * value:g} %"
    if isinstance(value, float):
        return plain_number(value) if value >= 1e-6 else f"{value:g}"
    return str(value)


def cell_label(result: SweepResult, index: Index) -> str:
    """ "learning rate 0.1 · batch size 10" for a cell."""
    values = result.values_at(index)
    return " · ".join(f"{field_title(f)} {value_text(f, v)}" for f, v in values.items())


def metric_title(result: SweepResult) -> str:
    return METRIC_TITLES.get(result.metric_name, f"test {result.metric_name}")


# --- the heatmap ------------------------------------------------------------------------------
def sweep_heatmap(
    result: SweepResult,
    finished: Array,
    quantity: str = "test_loss",
    running: bool = False,
) -> go.Figure:
    """The grid coloured by `quantity` ("test_loss" or "test_metric"), annotated.

    Args:
        result: the sweep so far; cells not in `finished` are drawn as still to come.
        finished: bool array of `result.shape`, True for each cell already reported.
        quantity: "test_loss" or "test_metric" (accuracy, or R² for regression).
        running: the sweep is still going (unfinished cells say "…" rather than "cancelled").
    """
    grid = _Grid(result)
    values = np.asarray(getattr(result, quantity), dtype=np.float64)
    shown = np.where(finished & np.isfinite(values), values, np.nan)
    is_loss = quantity == "test_loss"
    text = _cell_texts(result, finished, shown, is_loss, running)
    colour_values = np.log10(np.maximum(shown, 1e-12)) if is_loss else shown
    data = [
        _heatmap_trace(grid, colour_values, shown, text, is_loss, result),
        _empty_cell_text(grid, text, shown),
        _click_targets(grid, result, finished, text),
    ]
    title = _title(result, shown, is_loss, finished, running)
    layout = base_layout(title, field_title(grid.x_field), grid.y_title, height=grid.height)
    layout["xaxis"].update(type="category", showgrid=False, fixedrange=True)
    layout["yaxis"].update(type="category", showgrid=False, fixedrange=True)
    if grid.y_field is None:
        layout["yaxis"].update(showticklabels=False)
    layout.update(
        plot_bgcolor=EMPTY_CELL_HEX,
        hovermode="closest",
        hoverdistance=-1,  # a click anywhere in a cell picks that cell's marker
        showlegend=False,
        dragmode=False,
    )
    best = _best_index(shown, is_loss)
    if best is not None:
        layout["shapes"] = [_outline(grid, best)]
    return make_figure(data, layout)


class _Grid:
    """Where each cell of a one- or two-field sweep goes on the heatmap."""

    def __init__(self, result: SweepResult):
        self.x_field = result.axes[0].field
        self.x_labels = [value_text(self.x_field, v) for v in result.axes[0].values]
        if len(result.axes) > 1:
            self.y_field: str | None = result.axes[1].field
            self.y_labels = [value_text(self.y_field, v) for v in result.axes[1].values]
            self.y_title: str | None = field_title(self.y_field)
        else:
            self.y_field, self.y_labels, self.y_title = None, [""], None
        self.height = max(300, 150 + 52 * len(self.y_labels))

    def to_rows(self, values: Array) -> Array:
        """(n_x[, n_y]) result-shaped array -> (n_y, n_x) rows for the heatmap."""
        values = np.asarray(values)
        return values[None, :] if values.ndim == 1 else values.T

    def cells(self) -> list[tuple[Index, str, str]]:
        """(result index, x label, y label) for every cell, in flat (row-major) order."""
        return [
            ((i,) if self.y_field is None else (i, j), x, y)
            for i, x in enumerate(self.x_labels)
            for j, y in enumerate(self.y_labels)
        ]


def _cell_texts(
    result: SweepResult, finished: Array, shown: Array, is_loss: bool, running: bool
) -> Array:
    """What each cell says: its number, or why it has none."""
    text = np.empty(result.shape, dtype=object)
    for index in np.ndindex(*result.shape):
        if np.isfinite(shown[index]):
            text[index] = _number_text(result, shown[index], is_loss)
        elif not finished[index]:
            text[index] = "…" if running else "cancelled"
        elif result.status[index] == DIVERGED:
            text[index] = "✕ diverged"
        elif result.status[index] == CANCELLED:
            text[index] = "cancelled"
        else:
            text[index] = "—"
    return text


def _number_text(result: SweepResult, value: float, is_loss: bool) -> str:
    if is_loss or result.metric_name == "r2":
        return f"{value:.3g}"
    return f"{100 * value:.1f} %"


def _heatmap_trace(
    grid: _Grid,
    colour_values: Array,
    shown: Array,
    text: Array,
    is_loss: bool,
    result: SweepResult,
) -> dict[str, Any]:
    trace: dict[str, Any] = {
        "type": "heatmap",
        "x": grid.x_labels,
        "y": grid.y_labels,
        "z": finite_list(grid.to_rows(colour_values)),
        "text": grid.to_rows(np.where(np.isfinite(shown), text, "")),
        "texttemplate": "%{text}",
        "textfont": {"size": 13},
        "colorscale": LOSS_SCALE if is_loss else METRIC_SCALE,
        "xgap": 2,
        "ygap": 2,
        "hoverinfo": "skip",
    }
    finite = colour_values[np.isfinite(colour_values)]
    if is_loss:
        trace["colorbar"] = _log_colorbar(finite)
    else:
        low = min(float(finite.min()), 0.5) if finite.size else 0.5
        trace.update(zmin=low, zmax=1.0)
        trace["colorbar"] = {"title": {"text": metric_title(result)}}
        if result.metric_name == "accuracy":
            trace["colorbar"]["tickformat"] = ".0%"
    if finite.size == 0:
        trace["showscale"] = False
    return trace


def _log_colorbar(log_values: Array) -> dict[str, Any]:
    """Colour bar of log10(loss) with ticks labelled in plain loss values."""
    bar: dict[str, Any] = {"title": {"text": "test loss"}}
    if log_values.size == 0:
        return bar
    low, high = math.floor(float(log_values.min())), math.ceil(float(log_values.max()))
    ticks = [
        math.log10(m * 10.0**e) for e in range(low, high + 1) for m in (1, 2, 5) if high > low
    ] or [float(log_values.min())]
    inside = [t for t in ticks if log_values.min() - 1e-9 <= t <= log_values.max() + 1e-9]
    ticks = inside or [float(log_values.min()), float(log_values.max())]
    bar.update(tickvals=ticks, ticktext=[f"{10**t:.3g}" for t in ticks])
    return bar


def _empty_cell_text(grid: _Grid, text: Array, shown: Array) -> dict[str, Any]:
    """The words in cells that have no number."""
    xs, ys, words = [], [], []
    for index, x, y in grid.cells():
        if not np.isfinite(shown[index]):
            xs.append(x), ys.append(y), words.append(text[index])
    return {
        "type": "scatter",
        "mode": "text",
        "x": xs,
        "y": ys,
        "text": words,
        "textfont": {"color": MUTED, "size": 12},
        "hoverinfo": "skip",
        # Plotly dims the points of every trace that is not selected: keep the words readable.
        "selected": {"textfont": {"color": MUTED}},
        "unselected": {"textfont": {"color": MUTED}},
    }


def _click_targets(grid: _Grid, result: SweepResult, finished: Array, text: Array) -> dict:
    """An invisible marker per cell, in flat order: hover text and click selection."""
    xs, ys, hover = [], [], []
    for index, x, y in grid.cells():
        xs.append(x), ys.append(y)
        lines = [cell_label(result, index), f"{text[index]}"]
        if finished[index] and np.isfinite(result.test_loss[index]):
            metric = format_metric(result.test_metric[index], result.metric_name)
            lines = [
                cell_label(result, index),
                f"test loss {result.test_loss[index]:.4g} · training loss "
                f"{result.train_loss[index]:.4g}",
                f"{metric_title(result)} {metric}",
                f"{result.seconds[index]:.1f} s to train",
            ]
        hover.append("<br>".join(lines))
    return {
        "type": "scatter",
        "mode": "markers",
        "x": xs,
        "y": ys,
        "text": hover,
        "hovertemplate": "%{text}<extra>click to choose</extra>",
        "marker": {
            "size": 40,
            "symbol": "square-open",
            "color": "#000000",
            "opacity": 0.0,
            "line": {"width": 2},
        },
        "selected": {"marker": {"opacity": 1.0}},
        "unselected": {"marker": {"opacity": 0.0}},
    }


def _best_index(shown: Array, is_loss: bool) -> Index | None:
    if not np.any(np.isfinite(shown)):
        return None
    flat = int(np.nanargmin(shown) if is_loss else np.nanargmax(shown))
    return tuple(int(i) for i in np.unravel_index(flat, shown.shape))


def _outline(grid: _Grid, index: Index) -> dict[str, Any]:
    """A black frame around the best cell (categorical axes count cells 0, 1, ...)."""
    x = index[0]
    y = index[1] if len(index) > 1 else 0
    return {
        "type": "rect",
        "xref": "x",
        "yref": "y",
        "x0": x - 0.48,
        "x1": x + 0.48,
        "y0": y - 0.46,
        "y1": y + 0.46,
        "line": {"color": "#000000", "width": 3},
    }


def _title(result: SweepResult, shown: Array, is_loss: bool, finished: Array, running: bool) -> str:
    what = "Final test loss" if is_loss else f"Final {metric_title(result)}"
    title = f"{what} after {result.epochs} epochs"
    best = _best_index(shown, is_loss)
    if best is not None:
        title += f" — best (outlined): {cell_label(result, best)}"
    if running:
        title += f" — {int(finished.sum())} of {finished.size} cells done"
    return title


# --- curves -----------------------------------------------------------------------------------
def sweep_curves_figure(
    result: SweepResult, indices: list[Index], log_y: bool = False
) -> go.Figure:
    """Training (dotted) and test (solid) loss over the epochs of the chosen cells."""
    data: list[dict[str, Any]] = []
    epochs = np.arange(1, result.epochs + 1)
    for number, index in enumerate(indices):
        colour = LAYER_PALETTE[number % len(LAYER_PALETTE)]
        label = cell_label(result, index)
        for kind, dash, width, curves in (
            ("test", "solid", 2.2, result.test_curves),
            ("training", "dot", 1.6, result.train_curves),
        ):
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "x": epochs,
                    "y": finite_list(curves[index]),
                    "name": f"{label} ({kind})",
                    "legendgroup": label,
                    "line": {"color": colour, "dash": dash, "width": width},
                    "hovertemplate": f"{label}<br>{kind} loss %{{y:.4g}} at epoch %{{x}}"
                    "<extra></extra>",
                }
            )
    layout = base_layout(
        "Loss curves of the chosen cells — solid: test, dotted: training", "epoch", "loss"
    )
    layout["legend"] = {"orientation": "v", "x": 1.02, "y": 1.0, "font": {"size": 11}}
    layout["margin"]["r"] = 20
    if log_y:
        layout["yaxis"]["type"] = "log"
    layout["xaxis"] = epoch_axis(rangemode="tozero")
    return make_figure(data, layout)
