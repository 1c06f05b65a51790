"""Shared look of the "Seeing inside training" figures: colours, layout and a fast figure builder.

The figures are redrawn about twice a second while a network trains, so they are built from plain
dicts (Plotly validates a dict figure several times faster than one assembled from graph objects
and `make_subplots`) on a light, uncluttered layout. Colours are colour-blind safe: the
playground's orange #f59322 and blue #0877bd for the two classes (and for negative and positive
values), the Okabe–Ito palette for layers and for more classes, greys for everything secondary.
Training and test data look as they do in the live view above the tabs (TRAIN_HEX, TEST_HEX).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go

from playground.viz.colors import OKABE_ITO, class_colors, hex_color

ORANGE_HEX, BLUE_HEX, GREY_HEX = "#f59322", "#0877bd", "#e8eaeb"
# Train and test data as the live view draws them; MUST MATCH static/live_view/colours.js:
# its curves are the training series in the text colour, solid (`currentColor`, from
# `color: var(--st-text-color, #31333f)` on the view's root), and the test series in TEST_LINE
# "#CC79A7" (Okabe–Ito reddish purple) dashed [5, 3]; its points (paintPoints) are outlined in
# white for training and in black for test. tests/unit/test_viz_insights.py reads the JS to check.
TRAIN_HEX = "#31333f"
TEST_HEX = "#cc79a7"
TRAIN_DASH, TEST_DASH = "solid", "dash"
TRAIN_OUTLINE_HEX, TEST_OUTLINE_HEX = "#ffffff", "#000000"
MUTED = "#5f6368"  # secondary text and reference lines
GRID = "#eceff1"
# Okabe–Ito reordered so neighbouring layers contrast and the pale yellow comes last.
LAYER_PALETTE = [hex_color(OKABE_ITO[i]) for i in (4, 5, 2, 6, 1, 0, 3)]
OUTPUT_LAYER_HEX = "#000000"
DIVERGING_SCALE = [[0.0, ORANGE_HEX], [0.5, GREY_HEX], [1.0, BLUE_HEX]]
SEQUENTIAL_SCALE = [[0.0, "#ffffff"], [1.0, BLUE_HEX]]


def layer_colors(n_layers: int) -> list[str]:
    """A colour per dense block: Okabe–Ito for the hidden layers, black for the output layer."""
    hidden = [LAYER_PALETTE[i % len(LAYER_PALETTE)] for i in range(n_layers - 1)]
    return [*hidden, OUTPUT_LAYER_HEX]


def class_hex_colors(n_classes: int) -> list[str]:
    """Orange and blue for two classes, Okabe–Ito for more."""
    return [hex_color(rgb) for rgb in class_colors(max(n_classes, 2))]


def faint(hex_color_: str, alpha: float) -> str:
    """'#rrggbb' as an rgba() string with opacity `alpha` (for fills)."""
    r, g, b = (int(hex_color_[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def epoch_axis(**extra: Any) -> dict[str, Any]:
    """An x axis of epochs, its ticks written out: "1,000" and "20,000", never "1e+3" or "20k"
    (and "2.5" when zoomed in, where a whole-number format would repeat a tick)."""
    return axis("epoch", exponentformat="none", separatethousands=True, **extra)


def axis(title: str | None = None, **extra: Any) -> dict[str, Any]:
    """An axis dict with a title and the light grid."""
    spec: dict[str, Any] = {"gridcolor": GRID, "zeroline": False, "automargin": True}
    if title:
        spec["title"] = {"text": title}
    spec.update(extra)
    return spec


def base_layout(
    title: str, x_title: str | None = None, y_title: str | None = None, height: int = 360
) -> dict[str, Any]:
    """A layout dict: left-aligned title, titled axes, white background, compact margins."""
    return {
        "title": {"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 15}},
        "xaxis": axis(x_title),
        "yaxis": axis(y_title),
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 56, "b": 50},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "legend": {"orientation": "h", "y": -0.2, "x": 0.0},
        "font": {"size": 12},
    }


def grid_axes(
    n_rows: int,
    n_cols: int,
    titles: list[list[str | None]],
    gap: tuple[float, float] = (0.06, 0.2),
) -> tuple[dict[str, Any], list[list[tuple[str, str]]]]:
    """Axes for an n_rows × n_cols grid of small plots, without `make_subplots` (slow).

    Returns the layout entries (axes and title annotations) and, per cell, the (xaxis, yaxis)
    names a trace uses ("x2", "y2"). Cell [0][0] is the top left; `titles[r][c]` is the
    cell's title, or None to leave the cell empty (its axes hidden).
    """
    x_gap, y_gap = gap
    width = (1.0 - x_gap * (n_cols - 1)) / n_cols
    height = (1.0 - y_gap * (n_rows - 1)) / n_rows
    layout: dict[str, Any] = {"annotations": []}
    refs: list[list[tuple[str, str]]] = []
    for r in range(n_rows):
        row_refs = []
        top = 1.0 - r * (height + y_gap)
        for c in range(n_cols):
            i = r * n_cols + c + 1
            suffix = "" if i == 1 else str(i)
            left = c * (width + x_gap)
            visible = titles[r][c] is not None
            layout[f"xaxis{suffix}"] = axis(
                domain=_unit_interval(left, left + width), anchor=f"y{suffix}", visible=visible
            )
            layout[f"yaxis{suffix}"] = axis(
                domain=_unit_interval(top - height, top), anchor=f"x{suffix}", visible=visible
            )
            if visible:
                layout["annotations"].append(
                    {
                        "text": titles[r][c],
                        "x": left + width / 2,
                        "y": top,
                        "xref": "paper",
                        "yref": "paper",
                        "xanchor": "center",
                        "yanchor": "bottom",
                        "showarrow": False,
                        "font": {"size": 11},
                    }
                )
            row_refs.append((f"x{suffix}", f"y{suffix}"))
        refs.append(row_refs)
    return layout, refs


def _unit_interval(low: float, high: float) -> list[float]:
    """[low, high] clipped to [0, 1] (rounding can step just outside it)."""
    return [min(max(low, 0.0), 1.0), min(max(high, 0.0), 1.0)]


def finite_list(values: np.ndarray) -> np.ndarray:
    """Values as float64 with non-finite entries replaced by NaN (a gap in a line)."""
    values = np.asarray(values, dtype=np.float64)
    return np.where(np.isfinite(values), values, np.nan)


def make_figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    """A `go.Figure` from trace and layout dicts (one validation pass, no graph-object trees)."""
    return go.Figure({"data": data, "layout": layout})
