"""Figures of what happens inside the layers: gradient flow, activations, weights, hidden space.

Each builder takes the numbers computed in `playground.analysis` and returns a Plotly figure with
a title, labelled axes and colour-blind-safe colours (see `insight_style`). Histograms are binned
with NumPy before they reach Plotly, so a figure carries a few dozen bars per layer rather than
every value, and stays a few milliseconds to build and to send.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go

from playground.analysis.activity import (
    SATURATION_LIMITS,
    LayerActivity,
    LayerWeights,
    activity_summary,
    histogram,
    saturation_mask,
)
from playground.analysis.hidden_space import HiddenSpace
from playground.core.activations import ACTIVATION_RANGE
from playground.live.frame import downsample_indices
from playground.viz.insight_style import (
    BLUE_HEX,
    DIVERGING_SCALE,
    ORANGE_HEX,
    axis,
    base_layout,
    class_hex_colors,
    epoch_axis,
    finite_list,
    grid_axes,
    layer_colors,
    make_figure,
)

Array = np.ndarray
N_BINS = 30
# 50 bins over a bounded range put the saturation limits (0.02, 0.98; ±0.96) on bin edges.
BOUNDED_BINS = 50
WEIGHT_HEX = "#7f8c99"
GRID_LINE_HEX = ("#80868b", "#bdc1c6")  # lines of constant x1, of constant x2
GRADIENT_FLOOR = 1e-6  # where the gradient bars start: far under any gradient still learning


# --- gradient flow ------------------------------------------------------------------------------
def gradient_history_figure(epochs: Array, norms: Array, layer_names: list[str]) -> go.Figure:
    """Per-layer gradient norm over training, log y.

    Parameters
    ----------
    epochs : (T,) epoch numbers.
    norms : (T, layers) Frobenius norm of ∂L/∂W per dense block.
    layer_names : one name per dense block (`analysis.activity.layer_names`).
    """
    norms = np.asarray(norms, dtype=np.float64)
    keep = downsample_indices(len(epochs))
    epochs = np.asarray(epochs)[keep]
    colors = layer_colors(len(layer_names))
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "x": epochs,
            "y": _positive(norms[keep, i]),
            "name": name,
            "line": {"color": colors[i], "width": 2},
            "hovertemplate": f"{name}<br>epoch %{{x}}<br>‖∂L/∂W‖ = %{{y:.3g}}<extra></extra>",
        }
        for i, name in enumerate(layer_names)
    ]
    layout = base_layout(
        "Gradient flow: size of each layer's gradient during training",
        "epoch",
        "gradient norm ‖∂L/∂W‖ (log scale)",
    )
    layout["xaxis"] = epoch_axis()
    layout["yaxis"]["type"] = "log"
    layout["yaxis"]["exponentformat"] = "power"
    return make_figure(data, layout)


def gradient_bars_figure(norms: Array, layer_names: list[str]) -> go.Figure:
    """One bar per layer: its gradient norm now (log y from a fixed floor); the title gives the
    first/output ratio."""
    norms = np.asarray(norms, dtype=np.float64)
    ratio = norms[0] / norms[-1] if norms[-1] > 0 else float("nan")
    data = [
        {
            "type": "bar",
            "x": layer_names,
            "y": _positive(norms),
            "marker": {"color": layer_colors(len(layer_names))},
            "text": [f"{value:.2g}" for value in norms],
            "textposition": "outside",
            "cliponaxis": False,
            "hovertemplate": "%{x}<br>‖∂L/∂W‖ = %{y:.3g}<extra></extra>",
        }
    ]
    layout = base_layout(
        f"Gradient size per layer now — first layer / output layer = {ratio:.2g}",
        "layer (input side → output side)",
        "gradient norm ‖∂L/∂W‖ (log scale)",
    )
    layout["yaxis"].update(
        type="log", exponentformat="power", range=list(gradient_bar_range(norms))
    )
    layout["showlegend"] = False
    return make_figure(data, layout)


def gradient_bar_range(norms: Array) -> tuple[float, float]:
    """The bar chart's log10 y range: from GRADIENT_FLOOR (lower if a bar is within a decade
    of it, and at least 4.5 decades under the top) to half a decade over the tallest bar.

    Plotly's autorange fits a log axis to the data: bars of 0.0164 and 0.0167 then filled the
    plot from top to bottom and one of them seemed to collapse. From a floor decades down, equal
    gradients draw bars of equal height, and a vanishing layer is still a short bar.
    """
    positive = norms[np.isfinite(norms) & (norms > 0)]
    if positive.size == 0:
        return (float(np.log10(GRADIENT_FLOOR)), 0.0)
    high = np.log10(positive.max()) + 0.5  # room for the value written over the bar
    low = min(np.log10(GRADIENT_FLOOR), np.floor(np.log10(positive.min())) - 1.0, high - 4.5)
    return (float(low), float(high))


def _positive(values: Array) -> Array:
    """Values for a log axis: zero, negative or non-finite become gaps."""
    values = finite_list(values)
    return np.where(values > 0, values, np.nan)


# --- activations and weights --------------------------------------------------------------------
def activity_figure(activity: list[LayerActivity], weights: list[LayerWeights]) -> go.Figure:
    """Per layer, a histogram of its activations (top row) and of its weights (bottom row).

    Activation bars inside a saturation zone are orange; the titles give the saturated share or
    the dead units, and the number of weights that are exactly zero.
    """
    n_cols = len(weights)
    titles: list[list[str | None]] = [
        [_activity_title(layer) for layer in activity] + [None] * (n_cols - len(activity)),
        [f"{w.name} weights<br>{w.n_zero} of {w.values.size} are exactly 0" for w in weights],
    ]
    grid, refs = grid_axes(2, n_cols, titles)
    data = []
    for layer, (x_ref, y_ref) in zip(activity, refs[0], strict=False):
        data.append(_activation_bars(layer, x_ref, y_ref))
    for w, (x_ref, y_ref) in zip(weights, refs[1], strict=True):
        data.append(_weight_bars(w, x_ref, y_ref))
    layout = {
        **base_layout(
            "Activations on the training data (top) and weights (bottom), layer by layer",
            height=520,
        ),
        **grid,
    }
    layout["xaxis"]["title"] = {"text": "activation"}
    layout["yaxis"]["title"] = {"text": "share of values"}
    layout[f"xaxis{n_cols + 1}"]["title"] = {"text": "weight"}
    layout[f"yaxis{n_cols + 1}"]["title"] = {"text": "share of weights"}
    layout["showlegend"] = False
    layout["margin"]["t"] = 90
    return make_figure(data, layout)


def _activity_title(layer: LayerActivity) -> str:
    summary = activity_summary(layer)
    return f"{layer.name}<br>{layer.activation}{': ' + summary if summary else ''}"


def _bars(counts: Array, edges: Array, colors: Any, x_ref: str, y_ref: str) -> dict[str, Any]:
    total = max(int(counts.sum()), 1)
    return {
        "type": "bar",
        "x": 0.5 * (edges[:-1] + edges[1:]),
        "y": counts / total,
        "width": np.diff(edges),
        "marker": {"color": colors, "line": {"width": 0}},
        "xaxis": x_ref,
        "yaxis": y_ref,
        "hovertemplate": "%{x:.3g}: %{y:.1%}<extra></extra>",
    }


def _activation_bars(layer: LayerActivity, x_ref: str, y_ref: str) -> dict[str, Any]:
    low, high = ACTIVATION_RANGE.get(layer.activation, (-np.inf, np.inf))
    if np.isfinite(low) and np.isfinite(high):
        counts, edges = histogram(layer.values, BOUNDED_BINS, (low, high))
    else:
        counts, edges = histogram(layer.values, N_BINS)
    colors: Any = BLUE_HEX
    if layer.activation in SATURATION_LIMITS:
        saturated = saturation_mask(0.5 * (edges[:-1] + edges[1:]), layer.activation)
        colors = np.where(saturated, ORANGE_HEX, BLUE_HEX)
    return _bars(counts, edges, colors, x_ref, y_ref)


def _weight_bars(weights: LayerWeights, x_ref: str, y_ref: str) -> dict[str, Any]:
    peak = float(np.abs(weights.values).max()) if weights.values.size else 1.0
    peak = peak if peak > 0 else 1.0
    counts, edges = histogram(weights.values, N_BINS + 1, (-peak, peak))  # a bin centred on 0
    return _bars(counts, edges, WEIGHT_HEX, x_ref, y_ref)


# --- hidden space -------------------------------------------------------------------------------
def hidden_space_figure(space: HiddenSpace, n_classes: int) -> go.Figure:
    """The training points (coloured by class, or by value for regression, n_classes = 0) and
    the warped input grid, in the 2-D view of one hidden layer."""
    data = [
        _line_family(space.x1_lines, "lines of constant x₁", GRID_LINE_HEX[0], "solid"),
        _line_family(space.x2_lines, "lines of constant x₂", GRID_LINE_HEX[1], "dot"),
        *_point_traces(space.points, space.labels, n_classes),
    ]
    x_title, y_title = space.projection.labels
    layout = base_layout(
        f"Hidden layer {space.layer + 1}: the data and the input grid as this layer sees them",
        x_title,
        y_title or None,
        height=460,
    )
    if space.projection.method == "single":
        layout["yaxis"] = axis(visible=False)
    return make_figure(data, layout)


def _line_family(lines: Array, name: str, color: str, dash: str) -> dict[str, Any]:
    """All lines (n_lines, m, 2) as one trace, separated by NaN breaks."""
    n_lines, m, _ = lines.shape
    padded = np.full((n_lines, m + 1, 2), np.nan)
    padded[:, :m] = lines
    flat = padded.reshape(-1, 2)
    return {
        "type": "scatter",
        "mode": "lines",
        "x": flat[:, 0],
        "y": flat[:, 1],
        "name": name,
        "line": {"color": color, "width": 1, "dash": dash},
        "hoverinfo": "skip",
    }


def _point_traces(points: Array, labels: Array, n_classes: int) -> list[dict[str, Any]]:
    marker = {"size": 6, "line": {"color": "white", "width": 0.5}}
    if n_classes == 0:
        return [
            {
                "type": "scatter",
                "mode": "markers",
                "x": points[:, 0],
                "y": points[:, 1],
                "name": "training points",
                "marker": {
                    **marker,
                    "color": labels,
                    "colorscale": DIVERGING_SCALE,
                    "cmin": -1.0,
                    "cmax": 1.0,
                    "colorbar": {"title": {"text": "target"}},
                },
            }
        ]
    colors = class_hex_colors(n_classes)
    return [
        {
            "type": "scatter",
            "mode": "markers",
            "x": points[labels == k, 0],
            "y": points[labels == k, 1],
            "name": f"class {k}",
            "marker": {**marker, "color": colors[k]},
            "hovertemplate": f"class {k}<br>(%{{x:.3g}}, %{{y:.3g}})<extra></extra>",
        }
        for k in range(n_classes)
    ]
