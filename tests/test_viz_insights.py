"""The "Seeing inside training" figures: built from a trainer, titled, labelled, fast enough."""

from __future__ import annotations

import re
import time

import numpy as np
import plotly.graph_objects as go
import pytest

from playground.analysis.metrics import classification_metrics
from playground.analysis.overfitting import overfitting_report
from playground.config import PlaygroundConfig
from playground.core.history import History
from playground.trainer import Trainer
from playground.viz import insights
from playground.viz.insights import CAPTIONS

# The live page refreshes these about twice a second; each must stay a few milliseconds.
# The bound here is loose (shared CI machines); the measured times are in the module report.
BUDGET_SECONDS = 0.05


@pytest.fixture(scope="module")
def trainer() -> Trainer:
    trainer = Trainer(PlaygroundConfig(noise=0.2))
    trainer.run_epochs(30)
    return trainer


@pytest.fixture(scope="module")
def regression_trainer() -> Trainer:
    trainer = Trainer(PlaygroundConfig(dataset="plane", hidden_layers=(3, 3)))
    trainer.run_epochs(5)
    return trainer


def views(trainer: Trainer) -> dict[str, go.Figure]:
    history, bars = insights.gradient_flow_view(trainer)
    figure, _ = insights.metrics_view(trainer)
    return {
        "gradient_history": history,
        "gradient_bars": bars,
        "activity": insights.activity_view(trainer),
        "hidden_space": insights.hidden_space_view(trainer, layer=1),
        "backprop": insights.backprop_view(trainer, index=0),
        "overfitting": insights.overfitting_view(trainer),
        "metrics": figure,
    }


def test_every_caption_is_two_sentences():
    expected = {
        "gradient_history",
        "gradient_bars",
        "activity",
        "hidden_space",
        "backprop",
        "overfitting",
        "confusion_matrix",
        "predicted_vs_actual",
    }
    assert set(CAPTIONS) == expected
    for name, caption in CAPTIONS.items():
        assert len(re.findall(r"[.!?](?:\s|$)", caption)) == 2, name


def test_every_view_has_a_title_and_labelled_axes(trainer):
    for name, figure in views(trainer).items():
        layout = figure.layout
        assert layout.title.text, name
        if name != "backprop":  # the diagram has no axes, only labelled columns
            assert layout.xaxis.title.text and layout.yaxis.title.text, name
        figure.to_json()  # serializable as it is


def test_every_view_builds_within_budget(trainer):
    for name, build in {
        "gradient_flow": lambda: insights.gradient_flow_view(trainer),
        "activity": lambda: insights.activity_view(trainer),
        "hidden_space": lambda: insights.hidden_space_view(trainer, layer=0),
        "overfitting": lambda: insights.overfitting_view(trainer),
        "metrics": lambda: insights.metrics_view(trainer),
        "backprop": lambda: insights.backprop_view(trainer, index=3),
    }.items():
        build()
        start = time.perf_counter()
        for _ in range(5):
            build()
        assert (time.perf_counter() - start) / 5 < BUDGET_SECONDS, name


def test_gradient_figures_use_a_log_axis_with_a_line_or_bar_per_layer(trainer):
    history, bars = insights.gradient_flow_view(trainer)
    assert history.layout.yaxis.type == "log" and bars.layout.yaxis.type == "log"
    assert [trace.name for trace in history.data] == [
        "layer 1 (2→4)",
        "layer 2 (4→2)",
        "output (2→1)",
    ]
    assert len(history.data[0].x) == len(trainer.history)
    assert list(bars.data[0].x) == [trace.name for trace in history.data]
    assert "first layer / output layer" in bars.layout.title.text


def test_activity_figure_marks_saturated_bins_and_counts_zero_weights():
    trainer = Trainer(PlaygroundConfig(activation="sigmoid", hidden_layers=(3,)))
    trainer.network.params[0]["W"][:] = [[50.0, 0.0, 0.0], [0.0, 0.0, 0.0]]  # unit 1 saturates
    figure = insights.activity_view(trainer)
    titles = [annotation.text for annotation in figure.layout.annotations]
    assert any("sigmoid:" in title and "% saturated" in title for title in titles)
    assert any("5 of 6 are exactly 0" in title for title in titles)
    colors = list(figure.data[0].marker.color)
    assert colors[0] == colors[-1] == "#f59322"  # the saturated edge bins
    assert "#0877bd" in colors
    assert sum(figure.data[0].y) == pytest.approx(1.0)


def test_hidden_space_figure_draws_both_grid_families_and_each_class(trainer):
    figure = insights.hidden_space_view(trainer, layer=1)
    names = [trace.name for trace in figure.data]
    assert names == ["lines of constant x₁", "lines of constant x₂", "class 0", "class 1"]
    assert [trace.marker.color for trace in figure.data[2:]] == ["#f59322", "#0877bd"]
    n_points = sum(len(trace.x) for trace in figure.data[2:])
    assert n_points == len(trainer.y_train)
    assert np.isnan(np.asarray(figure.data[0].x, dtype=float)).sum() == 11  # 11 line breaks


def test_backprop_figure_refuses_batch_norm_and_shows_the_loss_change(trainer):
    figure = insights.backprop_view(trainer, index=0, learning_rate=0.1)
    assert re.search(r"training point 0: loss \S+ → \S+", figure.layout.title.text)
    nodes = figure.data[-1]
    assert len(nodes.x) == 2 + 4 + 2 + 1
    assert any("tanh′" in text for text in nodes.hovertext)
    with pytest.raises(ValueError, match="batch norm"):
        insights.backprop_view(Trainer(PlaygroundConfig(batch_norm=True)), index=0)
    rows = insights.neuron_rows(insights.backprop_step_for_trainer(trainer, 0))
    assert len(rows) == 4 + 2 + 1 and rows[0]["backward"].startswith("∂L/∂z₁¹")


def test_overfitting_figure_shades_the_gap_and_marks_the_best_epoch():
    epochs = np.arange(1, 201, dtype=float)
    history = History(("epoch", "step", "train_loss", "test_loss"), n_layers=1)
    for epoch in epochs:  # the test loss is lowest at epoch 100, then rises
        test = 0.3 + 1e-3 * abs(epoch - 100)
        row = {"epoch": epoch, "step": 0, "train_loss": 0.5 - 1e-3 * epoch, "test_loss": test}
        history.append(row, np.ones(1), np.ones(1))
    report = overfitting_report(history, patience=50)
    figure = insights.overfitting_figure(report)
    train, test, best = figure.data[:3]
    assert (train.name, test.name) == ("training loss", "test loss")
    assert test.fill == "tonexty"
    assert list(best.x) == [100]
    assert figure.layout.shapes[0].x0 == 100
    assert figure.layout.title.text.endswith("overfitting since epoch 100")
    assert len(train.x) == epochs.size


def test_confusion_matrix_figure_writes_counts_and_shares():
    labels, predicted = np.array([0, 0, 1, 1, 2]), np.array([0, 1, 1, 1, 2])
    figure = insights.confusion_matrix_figure(classification_metrics(labels, predicted, 3))
    heatmap = figure.data[0]
    assert heatmap.text[0][0] == "1<br>50 %" and heatmap.text[0][1] == "1<br>50 %"
    assert heatmap.text[1][1] == "2<br>100 %"
    assert heatmap.texttemplate == "%{text}"
    assert "accuracy 80.0 %" in figure.layout.title.text


def test_regression_metrics_view_is_a_predicted_vs_actual_scatter(regression_trainer):
    figure, caption_key = insights.metrics_view(regression_trainer)
    assert caption_key == "predicted_vs_actual"
    diagonal, points = figure.data
    assert list(diagonal.x) == list(diagonal.y)
    assert len(points.x) == len(regression_trainer.y_test)
    assert "RMSE" in figure.layout.title.text and "R²" in figure.layout.title.text
