"""One backpropagation step drawn on the network diagram, and as tables of equations.

The diagram (laid out by `backprop_layout`) shows every neuron with its activation (forward pass)
and its ∂L/∂z (backward pass) for one training point, and every weight as a line whose thickness
grows with |∂L/∂w| and whose colour gives the gradient's sign (orange negative, blue positive):
the thick lines are the weights the gradient-descent step changes most. Hovering a node or the
middle of a line shows the written out chain rule. The tables give the same numbers and equations
row by row, ready for a data frame.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go

from playground.analysis.walkthrough import BackpropStep
from playground.analysis.walkthrough_equations import (
    backward_equation,
    forward_equation,
    num,
    symbol,
    update_equation,
    weight_equation,
)
from playground.viz.backprop_layout import (
    LABEL_FONT,
    MARGIN,
    TITLE_FONT,
    DiagramLayout,
    diagram_layout,
)
from playground.viz.insight_style import (
    BLUE_HEX,
    DIVERGING_SCALE,
    MUTED,
    ORANGE_HEX,
    axis,
    base_layout,
    make_figure,
)

Array = np.ndarray
EDGE_WIDTHS = (0.6, 1.5, 3.0, 5.0)  # by |∂L/∂w| as a share of the largest: ≤¼, ≤½, ≤¾, more
MAX_HOVER_EDGES = 600  # hovering equations per edge; bigger networks keep them in the tables


def backprop_figure(step: BackpropStep) -> go.Figure:
    """The network diagram for one point: nodes with a and ∂L/∂z, edges sized by |∂L/∂w|."""
    labels = _node_labels(step)
    layout_ = diagram_layout(labels)
    positions = layout_.positions
    data = _edge_traces(step, positions)
    data.append(_edge_hover_trace(step, positions))
    data.append(_node_trace(step, layout_, labels))
    point = "a point" if step.index is None else f"training point {step.index}"
    layout = base_layout(
        f"One gradient-descent step on {point}: loss {num(step.loss)} → {num(step.new_loss)}",
        height=layout_.height,
    )
    layout["margin"] = dict(MARGIN)
    layout["xaxis"] = axis(visible=False, range=list(layout_.x_range), fixedrange=True)
    layout["yaxis"] = axis(visible=False, range=list(layout_.y_range), fixedrange=True)
    layout["annotations"] = _column_titles(step)
    if not all(layout_.labelled):
        layout["annotations"].append(_hidden_labels_note())
    layout["legend"] = {"orientation": "h", "x": 0.0, "y": 0.0, "yanchor": "top", "yref": "paper"}
    return make_figure(data, layout)


def _edges(step: BackpropStep, positions: list[Array]) -> tuple[Array, Array]:
    """Every edge at once: (segments (E, 3, 2), each ending in a NaN row, and ∂L/∂w (E,))."""
    segments, grads = [], []
    for c, layer in enumerate(step.layers):
        n_in, n_out = layer.dW.shape
        start = np.repeat(positions[c], n_out, axis=0)  # edge (j, k) in row-major order
        end = np.tile(positions[c + 1], (n_in, 1))
        segments.append(np.stack([start, end, np.full_like(start, np.nan)], axis=1))
        grads.append(layer.dW.ravel())
    return np.concatenate(segments), np.concatenate(grads)


def _edge_traces(step: BackpropStep, positions: list[Array]) -> list[dict[str, Any]]:
    """Edges grouped by sign and width class: at most 8 traces, whatever the network's size."""
    segments, grads = _edges(step, positions)
    peak = float(np.abs(grads).max()) or 1.0
    width_class = np.minimum((np.abs(grads) / peak * 4).astype(int), 3)
    traces = []
    for negative in (False, True):
        name = (
            "∂L/∂w < 0 (the step increases w)" if negative else "∂L/∂w > 0 (the step decreases w)"
        )
        chosen = (grads < 0) == negative
        present = [w for w in range(4) if np.any(chosen & (width_class == w))]
        for w in present:
            xy = segments[chosen & (width_class == w)].reshape(-1, 2)
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "x": xy[:, 0],
                    "y": xy[:, 1],
                    "line": {
                        "color": ORANGE_HEX if negative else BLUE_HEX,
                        "width": EDGE_WIDTHS[w],
                    },
                    "opacity": 0.8,
                    "name": name,
                    "legendgroup": name,
                    "showlegend": w == present[-1],
                    "hoverinfo": "skip",
                }
            )
    return traces


def _edge_hover_trace(step: BackpropStep, positions: list[Array]) -> dict[str, Any]:
    """Invisible markers at the middle of every edge carrying its gradient and update (only up
    to MAX_HOVER_EDGES edges: beyond that the tables hold the equations)."""
    segments, _ = _edges(step, positions)
    middles = segments[:, :2].mean(axis=1)
    texts = []
    if len(segments) <= MAX_HOVER_EDGES:
        for c, layer in enumerate(step.layers):
            for j, k in np.ndindex(layer.dW.shape):
                texts.append(
                    f"{weight_equation(step, c + 1, j, k)}<br>{update_equation(step, c + 1, j, k)}"
                )
    else:
        middles = middles[:0]
    return {
        "type": "scatter",
        "mode": "markers",
        "x": middles[:, 0],
        "y": middles[:, 1],
        "marker": {"size": 8, "opacity": 0.0},
        "hovertext": texts,
        "hoverinfo": "text",
        "showlegend": False,
    }


def _node_labels(step: BackpropStep) -> list[list[str]]:
    """Per column, each node's label: "x₁ = 0.5" for an input, its activation and ∂L/∂z on two
    lines for a neuron."""
    columns = [
        [
            f"{name} = {num(v)}"
            for name, v in zip(step.input_names, step.layers[0].inputs, strict=True)
        ]
    ]
    for layer in step.layers:
        columns.append(
            [
                f"{_output_name(step, layer, k)} = {num(layer.a[k])}<br>∂L/∂z = {num(layer.dz[k])}"
                for k in range(layer.z.size)
            ]
        )
    return columns


def _node_trace(
    step: BackpropStep, layout: DiagramLayout, labels: list[list[str]]
) -> dict[str, Any]:
    """Every node, coloured by its value (orange negative … blue positive), labelled below
    where its column has room (see `diagram_layout`)."""
    xy = np.concatenate(layout.positions)
    values = [*step.layers[0].inputs]
    hovers = list(labels[0])
    for layer in step.layers:
        for k in range(layer.z.size):
            values.append(layer.a[k])
            hovers.append(
                f"{forward_equation(step, layer.number, k)}<br>"
                f"{backward_equation(step, layer.number, k)}"
            )
    text = [
        label if shown else ""
        for column, shown in zip(labels, layout.labelled, strict=True)
        for label in column
    ]
    return {
        "type": "scatter",
        "mode": "markers+text",
        "x": xy[:, 0],
        "y": xy[:, 1],
        "text": text,
        "textposition": "bottom center",
        # A halo of the background colour keeps the numbers readable over the edges.
        "textfont": {"size": LABEL_FONT, "color": MUTED, "shadow": "auto"},
        "marker": {
            "size": layout.node_px,
            "color": np.clip(values, -1.0, 1.0),
            "colorscale": DIVERGING_SCALE,
            "cmin": -1.0,
            "cmax": 1.0,
            "line": {"color": MUTED, "width": 1},
        },
        "hovertext": hovers,
        "hoverinfo": "text",
        "showlegend": False,
        "cliponaxis": False,  # labels of the outer columns may reach into the margins
    }


def _output_name(step: BackpropStep, layer: Any, k: int) -> str:
    if not layer.is_output:
        return symbol("a", layer.number, k + 1)
    if step.output_kind == "multiclass":
        return f"p{k + 1} (t = {num(step.target[k])})"
    return f"{'o' if step.output_kind == 'regression' else 'p'} (t = {num(step.target[k])})"


def _column_titles_text(step: BackpropStep) -> list[str]:
    """ "inputs", then "layer 1<br>tanh" … "output<br>sigmoid": two short lines, so that even
    eleven columns' titles stay apart."""
    return ["inputs"] + [
        f"{'output' if layer.is_output else f'layer {layer.number}'}<br>{layer.activation}"
        for layer in step.layers
    ]


def _column_titles(step: BackpropStep) -> list[dict[str, Any]]:
    return [
        {
            "text": name,
            "x": c,
            "y": 1.0,
            "xref": "x",
            "yref": "paper",
            "yanchor": "bottom",
            "yshift": 4,
            "showarrow": False,
            "font": {"size": TITLE_FONT, "color": MUTED},
        }
        for c, name in enumerate(_column_titles_text(step))
    ]


def _hidden_labels_note() -> dict[str, Any]:
    return {
        "text": "Columns too crowded for their numbers show them on hover and in the tables below.",
        "x": 1.0,
        "y": 0.0,
        "xref": "paper",
        "yref": "paper",
        "xanchor": "right",
        "yanchor": "top",
        "yshift": -24,
        "showarrow": False,
        "font": {"size": LABEL_FONT, "color": MUTED},
    }


# --- tables -------------------------------------------------------------------------------------
def neuron_rows(step: BackpropStep) -> list[dict[str, object]]:
    """One row per neuron (hidden and output): its numbers and equations, for a table."""
    rows = []
    for ls in step.layers:
        name = "output" if ls.is_output else f"hidden {ls.number}"
        for k in range(ls.z.size):
            rows.append(
                {
                    "layer": name,
                    "neuron": k + 1,
                    "z": float(ls.z[k]),
                    "a": float(ls.a[k]),
                    "∂L/∂z": float(ls.dz[k]),
                    "∂L/∂b": float(ls.db[k]),
                    "forward": forward_equation(step, ls.number, k),
                    "backward": backward_equation(step, ls.number, k),
                }
            )
    return rows


def weight_rows(step: BackpropStep, layer: int) -> list[dict[str, object]]:
    """One row per weight of layer `layer` (1-based): value, gradient, update, equations."""
    ls = step.layers[layer - 1]
    rows = []
    for j, k in np.ndindex(ls.W.shape):
        rows.append(
            {
                "weight": symbol("w", layer, j + 1, k + 1),
                "w": float(ls.W[j, k]),
                "∂L/∂w": float(ls.dW[j, k]),
                "new w": float(ls.new_W[j, k]),
                "gradient": weight_equation(step, layer, j, k),
                "update": update_equation(step, layer, j, k),
            }
        )
    return rows
