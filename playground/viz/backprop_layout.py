"""Where the backpropagation diagram's nodes and labels go, and how tall it is.

`diagram_layout` places the columns (inputs, then each layer) one data unit apart and the nodes
of a column one unit apart, and says which columns carry labels and how tall the figure is. Pure
geometry: no Plotly here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Array = np.ndarray

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
