"""Looking inside training: the numbers behind the "Seeing inside training" views.

Seven views, each a set of pure NumPy functions of a trainer or a network: gradient flow and the
layers' activations and weights (`activity`), the data in a hidden layer's space (`hidden_space`),
one backpropagation step written out (`walkthrough`), the overfitting monitor (`overfitting`),
accuracy, confusion matrix, RMSE and R² (`metrics`), and the loss over a slice of weight space
with the optimizer's path (`landscape`). None of them changes the trainer's network:
evaluation passes only read its parameters, and anything that needs a training-mode pass works on
a copy. Their figures are in `playground.viz.insights`; nothing here imports Streamlit or Plotly.
"""

from playground.analysis.activity import (
    current_gradient_norms,
    layer_activity,
    layer_gradient_norms,
    weight_stats,
)
from playground.analysis.hidden_space import hidden_space_for_trainer
from playground.analysis.landscape import loss_landscape
from playground.analysis.metrics import network_metrics, trainer_metrics
from playground.analysis.overfitting import early_stop_epoch, overfitting_report_for_trainer
from playground.analysis.walkthrough import backprop_step, backprop_step_for_trainer

__all__ = [
    "backprop_step",
    "backprop_step_for_trainer",
    "current_gradient_norms",
    "early_stop_epoch",
    "hidden_space_for_trainer",
    "layer_activity",
    "layer_gradient_norms",
    "loss_landscape",
    "network_metrics",
    "overfitting_report_for_trainer",
    "trainer_metrics",
    "weight_stats",
]
