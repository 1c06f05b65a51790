"""Figures of how well training goes: the overfitting monitor and the prediction metrics.

The overfitting monitor draws the training and test loss over the epochs with the gap between
them shaded and the epoch of the best test loss marked (the weights early stopping would keep).
The metrics are a confusion-matrix heatmap with the count and the row share written in every
cell, for classification, and a predicted-against-actual scatter with the perfect-prediction
diagonal, for regression. Builders take the results of `playground.analysis`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go

from playground.analysis.metrics import ClassificationMetrics, RegressionMetrics
from playground.analysis.overfitting import OverfittingReport
from playground.live.frame import downsample_indices
from playground.settings import format_metric
from playground.viz.insight_style import (
    MUTED,
    SEQUENTIAL_SCALE,
    TEST_DASH,
    TEST_HEX,
    TEST_OUTLINE_HEX,
    TRAIN_DASH,
    TRAIN_HEX,
    TRAIN_OUTLINE_HEX,
    axis,
    base_layout,
    epoch_axis,
    faint,
    finite_list,
    make_figure,
)

Array = np.ndarray
GAP_FILL = faint(TEST_HEX, 0.18)


def overfitting_figure(report: OverfittingReport, log_y: bool = False) -> go.Figure:
    """Training vs test loss, the generalization gap shaded, the best test epoch marked."""
    keep = downsample_indices(len(report.epochs))
    epochs = report.epochs[keep]
    train, test = finite_list(report.train_loss[keep]), finite_list(report.test_loss[keep])
    data: list[dict[str, Any]] = [
        _loss_line(epochs, train, "training loss", TRAIN_HEX, TRAIN_DASH),
        {
            **_loss_line(epochs, test, "test loss", TEST_HEX, TEST_DASH),
            "fill": "tonexty",
            "fillcolor": GAP_FILL,
        },
    ]
    layout = base_layout(
        f"Training vs test loss — {report.status.label}", "epoch", "loss (mean per point)"
    )
    layout["xaxis"] = epoch_axis()
    layout["shapes"], layout["annotations"] = [], []
    if report.best_epoch is not None:
        _mark_epoch(
            layout, report.best_epoch, f"best test loss (epoch {report.best_epoch})", "dash"
        )
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [report.best_epoch],
                "y": [report.best_test_loss],
                "marker": {"color": TEST_HEX, "size": 10, "symbol": "star"},
                "name": "best test loss",
                "hovertemplate": "best test loss %{y:.3g} at epoch %{x}<extra></extra>",
            }
        )
    if report.early_stop is not None and report.early_stop != report.best_epoch:
        _mark_epoch(
            layout,
            report.early_stop,
            f"early stopping (patience {report.patience}) keeps epoch {report.early_stop}",
            "dot",
        )
    if log_y:
        layout["yaxis"]["type"] = "log"
    layout["hovermode"] = "x unified"
    return make_figure(data, layout)


def _loss_line(epochs: Array, values: Array, name: str, color: str, dash: str) -> dict[str, Any]:
    return {
        "type": "scatter",
        "mode": "lines",
        "x": epochs,
        "y": values,
        "name": name,
        "line": {"color": color, "width": 2, "dash": dash},
        "hovertemplate": f"{name} %{{y:.4g}}<extra></extra>",
    }


def _mark_epoch(layout: dict[str, Any], epoch: int, text: str, dash: str) -> None:
    layout["shapes"].append(
        {
            "type": "line",
            "x0": epoch,
            "x1": epoch,
            "y0": 0,
            "y1": 1,
            "yref": "paper",
            "line": {"color": MUTED, "width": 1, "dash": dash},
        }
    )
    layout["annotations"].append(
        {
            "text": text,
            "x": epoch,
            "y": 1.0,
            "yref": "paper",
            "xanchor": "left",
            "yanchor": "top",
            "showarrow": False,
            "font": {"size": 10, "color": MUTED},
        }
    )


# --- metrics ------------------------------------------------------------------------------------
def confusion_matrix_figure(
    metrics: ClassificationMetrics, class_names: list[str] | None = None, split: str = "test"
) -> go.Figure:
    """Heatmap of the confusion matrix, coloured by row share, each cell annotated with its
    count and its share of the true class."""
    k = metrics.counts.shape[0]
    names = class_names or [f"class {i}" for i in range(k)]
    text = [
        [f"{metrics.counts[i, j]}<br>{100 * metrics.normalized[i, j]:.0f} %" for j in range(k)]
        for i in range(k)
    ]
    data = [
        {
            "type": "heatmap",
            "z": metrics.normalized,
            "x": names,
            "y": names,
            "text": text,
            "texttemplate": "%{text}",
            "colorscale": SEQUENTIAL_SCALE,
            "zmin": 0.0,
            "zmax": 1.0,
            "colorbar": {"title": {"text": "share of<br>true class"}, "tickformat": ".0%"},
            "hovertemplate": "true %{y}, predicted %{x}<br>%{text}<extra></extra>",
        }
    ]
    accuracy = format_metric(metrics.accuracy, "accuracy")
    layout = base_layout(
        f"Confusion matrix — accuracy {accuracy} on {metrics.n_points} {split} points",
        "predicted class",
        "true class",
        height=380,
    )
    layout["yaxis"].update(autorange="reversed", showgrid=False)
    layout["xaxis"].update(side="bottom", showgrid=False)
    return make_figure(data, layout)


def predicted_vs_actual_figure(metrics: RegressionMetrics, split: str = "test") -> go.Figure:
    """Scatter of predictions against targets, with the diagonal of perfect predictions."""
    values = np.concatenate([metrics.actual, metrics.predicted])
    values = values[np.isfinite(values)]
    low, high = (float(values.min()), float(values.max())) if values.size else (-1.0, 1.0)
    pad = 0.05 * (high - low or 1.0)
    span = [low - pad, high + pad]
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "x": span,
            "y": span,
            "name": "perfect prediction",
            "line": {"color": MUTED, "dash": "dash", "width": 1},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "markers",
            "x": metrics.actual,
            "y": finite_list(metrics.predicted),
            "name": f"{split} points",
            "marker": {
                "color": TEST_HEX if split == "test" else TRAIN_HEX,
                "size": 6,
                "opacity": 0.8,
                "line": {
                    "color": TEST_OUTLINE_HEX if split == "test" else TRAIN_OUTLINE_HEX,
                    "width": 1,
                },
            },
            "hovertemplate": "actual %{x:.3g}<br>predicted %{y:.3g}<extra></extra>",
        },
    ]
    layout = base_layout(
        f"Predicted vs actual — RMSE {metrics.rmse:.3g}, R² {metrics.r2:.3f}",
        "actual value",
        "predicted value",
        height=420,
    )
    layout["xaxis"] = axis("actual value", range=span, constrain="domain")
    layout["yaxis"] = axis("predicted value", range=span, scaleanchor="x", scaleratio=1)
    return make_figure(data, layout)
