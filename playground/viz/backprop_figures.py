"""One backpropagation step drawn on the network diagram, and as tables of equations.

The diagram shows every neuron with its activation (forward pass) and its ∂L/∂z (backward pass)
for one training point, and every weight as a line whose thickness grows with |∂L/∂w| and whose
colour gives the gradient's sign (orange negative, blue positive): the thick lines are the weights
the gradient-descent step changes most. Hovering a node or the middle of a line shows the written
out chain rule. The tables give the same numbers and equations row by row, ready for a data frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import plotly.graph_objects as go

from playground.analysis.walkthrough import (
    BackpropStep,
    backward_equation,
    forward_equation,
    num,
    symbol,
    update_equation,
    weight_equation,
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

# Where nodes and labels go. Every node carries its numbers as a label of one or two lines under
# it, so the figure grows with the tallest column until each label has room above the next node.
# A column whose labels would still touch something (more than MAX_LABELLED_UNITS nodes, or
# columns closer together than the labels are wide) is drawn without them: its numbers are in
# the hover and in the tables. Text sizes are estimated from the font size (CHAR_EM, LINE_EM)
# on a chart of REFERENCE_WIDTH; wider screens only add room.
REFERENCE_WIDTH = 900  # px: the chart in the main column at 1280×720 with the sidebar open
MARGIN = {"l": 20, "r": 20, "t": 84, "b": 64}
NODE_PX = 26  # marker diameter
LABEL_FONT = 10
TITLE_FONT = 10
CHAR_EM = 0.6  # average character width in font sizes (Open Sans digits and letters ≤ 0.6)
LINE_EM = 1.3  # line height of Plotly's <br> text, in font sizes
TEXT_OFFSET_PX = 3  # Plotly puts "bottom center" text this far below the marker
LABEL_GAP_PX = 6  # kept free between a label and the next node, or the next column's label
MAX_LABELLED_UNITS = 8
MIN_HEIGHT = 440
UNLABELLED_PLOT_PX = 560  # the height a column of more than MAX_LABELLED_UNITS nodes shares
MIN_UNIT_PX = 10  # closest spacing of nodes (64 units: a 640 px column)


@dataclass(frozen=True)
class DiagramLayout:
    """Where the diagram's nodes go and which columns carry labels.

    positions : per column (inputs, then each layer) the (n, 2) data coordinates of its nodes.
    labelled : per column, whether its nodes' labels are drawn.
    node_px : marker diameter in px.
    height : figure height in px.
    x_range, y_range : the axes' ranges (one data unit is the spacing of two nodes).
    """

    positions: list[Array]
    labelled: list[bool]
    node_px: float
    height: int
    x_range: tuple[float, float]
    y_range: tuple[float, float]


def text_width_px(text: str, font_size: float) -> float:
    """Estimated width of `text` (lines split by <br>) in px."""
    return max(len(line) for line in text.split("<br>")) * CHAR_EM * font_size


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


def diagram_layout(labels: list[list[str]]) -> DiagramLayout:
    """Positions, label choice and size of the diagram whose columns carry `labels`."""
    sizes = [len(column) for column in labels]
    n_columns = len(sizes)
    column_px = (REFERENCE_WIDTH - MARGIN["l"] - MARGIN["r"]) / n_columns
    lines = [max((t.count("<br>") + 1 for t in column), default=1) for column in labels]
    fits_across = _columns_with_room_across(labels, column_px)
    biggest = max(sizes)
    if biggest <= MAX_LABELLED_UNITS:
        node_px = float(NODE_PX)
        pitches = [
            _pitch_px(node_px, lines[c])
            for c in range(n_columns)
            if fits_across[c] and sizes[c] > 1
        ]
        unit_px = max(pitches, default=node_px + LABEL_GAP_PX)
    else:
        unit_px = float(np.clip(UNLABELLED_PLOT_PX / biggest, MIN_UNIT_PX, NODE_PX + LABEL_GAP_PX))
        node_px = min(float(NODE_PX), unit_px - 3.0)
    labelled = [
        fits_across[c] and (sizes[c] == 1 or unit_px >= _pitch_px(node_px, lines[c]))
        for c in range(n_columns)
    ]
    # Extent of the drawing in px around y = 0, the columns' common centre.
    top_px = max((n - 1) / 2 * unit_px for n in sizes) + node_px / 2 + LABEL_GAP_PX
    bottom_px = (
        max(
            (n - 1) / 2 * unit_px
            + node_px / 2
            + (TEXT_OFFSET_PX + lines[c] * LINE_EM * LABEL_FONT if labelled[c] else 0.0)
            for c, n in enumerate(sizes)
        )
        + LABEL_GAP_PX
    )
    content_px = top_px + bottom_px
    height = max(MIN_HEIGHT, int(np.ceil(content_px)) + MARGIN["t"] + MARGIN["b"])
    spare = (height - MARGIN["t"] - MARGIN["b"] - content_px) / 2
    positions = [
        np.column_stack([np.full(n, float(c)), (n - 1) / 2.0 - np.arange(n)])
        for c, n in enumerate(sizes)
    ]
    return DiagramLayout(
        positions=positions,
        labelled=labelled,
        node_px=node_px,
        height=height,
        x_range=(-0.5, n_columns - 0.5),
        y_range=(-(bottom_px + spare) / unit_px, (top_px + spare) / unit_px),
    )


def _columns_with_room_across(labels: list[list[str]], column_px: float) -> list[bool]:
    """Per column, whether its labels fit between the neighbouring columns.

    First every column whose labels are narrower than a column's width; then, left to right,
    those that fit beside neighbours without labels of their own (a wide network labels every
    other layer). The outer columns may use the figure's margin."""
    half = [
        max((text_width_px(t, LABEL_FONT) for t in column), default=0.0) / 2 for column in labels
    ]
    chosen = [2 * h + LABEL_GAP_PX <= column_px for h in half]
    for c in range(len(labels)):
        if chosen[c]:
            continue
        room = []
        for neighbour in (c - 1, c + 1):
            if 0 <= neighbour < len(labels):
                other = half[neighbour] if chosen[neighbour] else NODE_PX / 2
                room.append(column_px - other - LABEL_GAP_PX)
            else:
                room.append(column_px / 2 + min(MARGIN["l"], MARGIN["r"]))
        chosen[c] = half[c] <= min(room)
    return chosen


def _pitch_px(node_px: float, lines: int) -> float:
    """The node spacing at which a label of `lines` lines clears the next node down."""
    return node_px + TEXT_OFFSET_PX + lines * LINE_EM * LABEL_FONT + LABEL_GAP_PX


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
