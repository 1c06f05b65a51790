"""The "Seeing inside training" views: a caption and a figure for each, from a trainer in one call.

Seven views look inside a network while it trains: gradient flow, activations and weights, the
hidden space, one backpropagation step written out, the overfitting monitor, the prediction
metrics and the loss landscape. `CAPTIONS` holds, per figure, two sentences telling the learner
what to look for; each `*_view(trainer, ...)` computes the numbers (`playground.analysis`) and
builds the figure (the builders live in `layer_figures`, `backprop_figures`, `training_figures`
and `landscape_figures` and are re-exported here). Nothing here changes the trainer or imports
Streamlit; every view reads the trainer as it is now, so a page can call them between training
slices.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from playground.analysis.activity import (
    current_gradient_norms,
    gradient_norm_history,
    layer_activity,
    layer_names,
    weight_stats,
)
from playground.analysis.hidden_space import hidden_space_for_trainer
from playground.analysis.landscape import RESOLUTION, SPAN, loss_landscape
from playground.analysis.metrics import RegressionMetrics, trainer_metrics
from playground.analysis.overfitting import PATIENCE, overfitting_report_for_trainer
from playground.analysis.walkthrough import backprop_step_for_trainer
from playground.viz.backprop_figures import backprop_figure, neuron_rows, weight_rows
from playground.viz.landscape_figures import landscape_figure
from playground.viz.layer_figures import (
    activity_figure,
    gradient_bars_figure,
    gradient_history_figure,
    hidden_space_figure,
)
from playground.viz.training_figures import (
    confusion_matrix_figure,
    overfitting_figure,
    predicted_vs_actual_figure,
)

if TYPE_CHECKING:
    from playground.trainer import Trainer

__all__ = [
    "CAPTIONS",
    "activity_figure",
    "activity_view",
    "backprop_figure",
    "backprop_view",
    "confusion_matrix_figure",
    "gradient_bars_figure",
    "gradient_flow_view",
    "gradient_history_figure",
    "hidden_space_figure",
    "hidden_space_view",
    "landscape_figure",
    "landscape_view",
    "metrics_view",
    "neuron_rows",
    "overfitting_figure",
    "overfitting_view",
    "predicted_vs_actual_figure",
    "weight_rows",
]

CAPTIONS: dict[str, str] = {
    "gradient_history": (
        "Each line is the size of one layer's gradient over training, on a log scale where "
        "every grid step is a factor of ten. When the first layers' lines sit orders of magnitude "
        "below the output layer's, their gradients are vanishing and they barely learn — deep "
        "sigmoid networks do this, ReLU, batch norm or skip connections close the gap."
    ),
    "gradient_bars": (
        "One bar per layer: how large the gradient of its weights is right now, on the whole "
        "training set. Bars that shrink towards the input side mean the error signal fades on its "
        "way back (vanishing gradients); bars that grow mean it explodes."
    ),
    "activity": (
        "The top row shows how each hidden layer's outputs spread over the training points: "
        "orange bars at the edges of a sigmoid or tanh are saturated neurons, whose slope is "
        "almost zero so they learn slowly, and a ReLU that is zero on every point is dead. "
        "The bottom row shows each layer's weights: L1 regularization sets many of them to "
        "exactly zero (counted in the titles), L2 pulls them all towards zero without zeroing any."
    ),
    "hidden_space": (
        "Each point is a training point placed where this layer's neurons put it, and the grey "
        "mesh is the square grid of the input plane carried along, so bent and squeezed lines "
        "show how the layer warps space. A good layer pulls the classes apart until a straight "
        "line could separate them, because a straight cut is all the next layer can make."
    ),
    "backprop": (
        "The forward pass gives every neuron's weighted sum z and activation a for this one "
        "point; the backward pass gives, from the output back to the inputs by the chain rule, "
        "how much the loss changes with each neuron (∂L/∂z) and each weight (∂L/∂w). Thick lines "
        "are the weights with the largest gradients: the gradient-descent step changes them most "
        "and lowers the loss on this point — hover a node or a line for the equations."
    ),
    "overfitting": (
        "The training loss (solid dark line) measures the points the network learns from, the "
        "test loss (dashed purple, as in the live view) points it never sees, and the shaded band "
        "between them is the generalization gap. When the test loss turns up while the training "
        "loss keeps falling, the network has started memorizing noise; the grey vertical line "
        "marks the best test epoch, whose weights early stopping would keep."
    ),
    "confusion_matrix": (
        "Rows are the true classes and columns the predicted ones, so the diagonal counts the "
        "correct answers and every other cell one particular mistake. A dark cell off the "
        "diagonal shows which classes the network mixes up; percentages are shares of each "
        "true class."
    ),
    "loss_landscape": (
        "The colours are the training loss on a flat slice of weight space through the weights "
        "now (the star), dark where it is low: across the map every neuron's weights move along "
        "two random directions by up to the span times their own size, and the orange line is "
        "the optimizer's recent path projected onto the slice. Watch how the path runs: a "
        "learning rate that is too large bounces from one side of the valley to the other, "
        "momentum overshoots the bottom and swings back, and batch normalization makes the "
        "valley rounder and smoother (two random directions catch only part of the motion, so "
        "the path looks shorter than it is)."
    ),
    "landscape_path": (
        "The slice now runs along the two directions the recent path moved in most, each "
        "scaled so that ±1 just holds the path, so the orange line shows its motion in full and "
        "the axes say how much of it each direction holds. Watch the path come down the valley: "
        "a straight run means steady steps, a zigzag across the valley a learning rate that is "
        "too large, and wide swings past the bottom momentum."
    ),
    "predicted_vs_actual": (
        "Each dot is a test point: its true value across, the network's prediction up, so "
        "perfect predictions would sit on the dashed diagonal. RMSE is the typical distance from "
        "it, and R² the share of the targets' variation the network explains (1 is perfect)."
    ),
}


def gradient_flow_view(trainer: Trainer) -> tuple[go.Figure, go.Figure]:
    """(gradient norms over training, gradient norm per layer now)."""
    names = layer_names(trainer.network)
    epochs, norms = gradient_norm_history(trainer.history)
    history = gradient_history_figure(epochs, norms, names)
    return history, gradient_bars_figure(current_gradient_norms(trainer), names)


def activity_view(trainer: Trainer) -> go.Figure:
    """Activations on the training data and weights, per layer."""
    activity = layer_activity(trainer.network, trainer.inputs_train)
    return activity_figure(activity, weight_stats(trainer.network))


def hidden_space_view(
    trainer: Trainer, layer: int, units: tuple[int, int] | None = None
) -> go.Figure:
    """The data and the warped input grid in hidden layer `layer` (0-based)."""
    space = hidden_space_for_trainer(trainer, layer, units)
    return hidden_space_figure(space, trainer.data.n_classes)


def backprop_view(trainer: Trainer, index: int, learning_rate: float | None = None) -> go.Figure:
    """One gradient-descent step on training point `index`; ValueError for batch norm/dropout."""
    return backprop_figure(backprop_step_for_trainer(trainer, index, learning_rate))


def overfitting_view(trainer: Trainer, patience: int = PATIENCE, log_y: bool = False) -> go.Figure:
    """Training vs test loss with the gap, the best epoch and the status in the title."""
    return overfitting_figure(overfitting_report_for_trainer(trainer, patience), log_y=log_y)


def landscape_view(
    trainer: Trainer,
    directions: tuple[np.ndarray, np.ndarray] | None = None,
    resolution: int = RESOLUTION,
    span: float = SPAN,
    log_scale: bool = False,
    max_points: int | None = None,
    penalty: bool = False,
    along_path: bool = False,
) -> go.Figure:
    """The loss around the current weights with the recent path (`analysis/landscape.py`);
    `directions` (d1, d2) keep the slice fixed between calls (random seed 0 when None), or
    `along_path` slices along the path's own main directions."""
    landscape = loss_landscape(
        trainer, resolution, span, directions=directions, max_points=max_points,
        penalty=penalty, along_path=along_path,
    )  # fmt: skip
    return landscape_figure(landscape, log_scale=log_scale)


def metrics_view(trainer: Trainer, split: str = "test") -> tuple[go.Figure, str]:
    """(confusion matrix or predicted-vs-actual figure, the CAPTIONS key that goes with it)."""
    metrics = trainer_metrics(trainer, split)
    if isinstance(metrics, RegressionMetrics):
        return predicted_vs_actual_figure(metrics, split), "predicted_vs_actual"
    return confusion_matrix_figure(metrics, split=split), "confusion_matrix"
