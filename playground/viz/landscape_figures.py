"""The loss-landscape figure: a contour map of the loss around the weights, with the path.

The map is the training loss over the slice θc + α·d1 + β·d2 (`analysis/landscape.py`), dark
where the loss is low, with contour lines; the optimizer's recent path, projected onto the same
plane, is a line of dots from the oldest kept epoch to the current weights, which sit at the
centre (a star). The axes keep their range while training plays, so the valley is seen to move
under the path rather than the picture rescaling; path points outside the slice are clipped
and counted in the title. Built from plain dicts (`insight_style.make_figure`), float32 grid.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go

from playground.analysis.landscape import LossLandscape
from playground.viz.insight_style import MUTED, ORANGE_HEX, axis, base_layout, make_figure

Array = np.ndarray
# Low loss dark (a valley), high loss light: a sequential scale reads as height.
LANDSCAPE_SCALE = "Viridis"
N_CONTOURS = 24
LOG_FLOOR = 1e-6  # the smallest loss a log-scale map shows (a regression loss can reach 0)


def landscape_figure(landscape: LossLandscape, log_scale: bool = False) -> go.Figure:
    """The contour map of `landscape.loss` with the projected path and the centre marked."""
    z = _finite(landscape.loss)
    if log_scale:
        z = np.log10(np.maximum(z, LOG_FLOOR))
    data: list[dict[str, Any]] = [
        {
            "type": "contour",
            "x": landscape.alphas.astype(np.float32),
            "y": landscape.betas.astype(np.float32),
            "z": z.astype(np.float32),
            "colorscale": LANDSCAPE_SCALE,
            "ncontours": N_CONTOURS,
            "line": {"width": 0.6, "color": "rgba(255, 255, 255, 0.45)"},
            "colorbar": {"title": {"text": "log₁₀ loss" if log_scale else "loss"}, "len": 0.9},
            "hovertemplate": (
                "α %{x:.2f}, β %{y:.2f}<br>"
                + ("log₁₀ loss %{z:.3f}" if log_scale else "loss %{z:.4g}")
                + "<extra></extra>"
            ),
            "name": "loss",
        },
        *_path_traces(landscape),
    ]
    span = float(max(np.abs(landscape.alphas).max(), np.abs(landscape.betas).max()))
    x_title, y_title = _axis_titles(landscape)
    layout = base_layout(_title(landscape), x_title, y_title, height=460)
    limits = [-span, span]
    layout["xaxis"] = axis(x_title, range=limits, constrain="domain")
    layout["yaxis"] = axis(y_title, range=limits, scaleanchor="x", scaleratio=1, constrain="domain")
    layout["legend"] = {"orientation": "h", "y": -0.16, "x": 0.0}
    return make_figure(data, layout)


def _path_traces(landscape: LossLandscape) -> list[dict[str, Any]]:
    path, epochs = landscape.path, landscape.path_epochs
    traces: list[dict[str, Any]] = []
    if len(path):
        # The path ends at the current weights (the centre), which may be mid-epoch.
        xs = np.append(path[:, 0], 0.0).astype(np.float32)
        ys = np.append(path[:, 1], 0.0).astype(np.float32)
        labels = [f"after epoch {epoch}" for epoch in epochs.tolist()]
        traces.append(
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "mode": "lines+markers",
                "line": {"color": ORANGE_HEX, "width": 1.5},
                "marker": {"size": 4, "color": ORANGE_HEX},
                "text": [*labels, "now"],
                "hovertemplate": "%{text}<br>α %{x:.3f}, β %{y:.3f}<extra></extra>",
                "name": f"path ({len(path)} epoch{'s' if len(path) > 1 else ''} kept)",
            }
        )
        traces.append(
            {
                "type": "scatter",
                "x": xs[:1],
                "y": ys[:1],
                "mode": "markers",
                "marker": {"size": 9, "color": "white", "line": {"color": ORANGE_HEX, "width": 2}},
                "text": labels[:1],
                "hovertemplate": "%{text} (oldest kept)<extra></extra>",
                "name": f"epoch {int(epochs[0])}",
            }
        )
    traces.append(
        {
            "type": "scatter",
            "x": [0.0],
            "y": [0.0],
            "mode": "markers",
            "marker": {"symbol": "star", "size": 15, "color": "white", "line": {"width": 1.5}},
            "hovertemplate": f"the weights now: loss {landscape.centre_loss:.4g}<extra></extra>",
            "name": "now",
        }
    )
    return traces


def _axis_titles(landscape: LossLandscape) -> tuple[str, str]:
    if landscape.path_shares is None:
        return "α · direction 1", "β · direction 2"
    first, second = landscape.path_shares
    return (
        f"α · the path's main direction ({first:.0%} of its motion)",
        f"β · its second direction ({second:.0%})",
    )


def _title(landscape: LossLandscape) -> str:
    loss = "loss + penalty" if landscape.penalty else "training loss"
    title = f"The {loss} around the weights at epoch {landscape.epoch}: {landscape.centre_loss:.4g}"
    notes = []
    if landscape.n_points < landscape.n_train:
        notes.append(f"on {landscape.n_points} of {landscape.n_train} training points")
    outside = _outside(landscape)
    if outside:
        notes.append(f"{outside} path point{'s' if outside > 1 else ''} beyond the slice")
    if notes:
        title += f"<br><span style='font-size:11px;color:{MUTED}'>{'; '.join(notes)}</span>"
    return title


def _outside(landscape: LossLandscape) -> int:
    """How many path points lie outside the drawn square."""
    if not len(landscape.path):
        return 0
    span = max(np.abs(landscape.alphas).max(), np.abs(landscape.betas).max())
    # A point on the edge is inside (a slice along the path puts its farthest point there).
    return int(np.sum(np.abs(landscape.path).max(axis=1) > span * (1 + 1e-6)))


def _finite(loss: Array) -> Array:
    """The grid with non-finite losses (overflowed weights) set to the largest finite one."""
    loss = np.asarray(loss, dtype=np.float64)
    finite = np.isfinite(loss)
    if finite.all():
        return loss
    fill = loss[finite].max() if finite.any() else 0.0
    return np.where(finite, loss, fill)
