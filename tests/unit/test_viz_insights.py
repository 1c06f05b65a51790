"""The "Seeing inside training" figures: built from a trainer, titled, labelled, fast enough."""

from __future__ import annotations

import re
import time
from pathlib import Path

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
        "loss_landscape",
        "landscape_path",
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


# --- readable in a lecture hall ---------------------------------------------------------------
def drawn_height(value: float, log_range) -> float:
    """The share of a log axis's height that a bar of `value` fills."""
    low, high = log_range
    return (np.log10(value) - low) / (high - low)


def test_nearly_equal_gradients_draw_nearly_equal_bars():
    figure = insights.gradient_bars_figure(np.array([0.0164, 0.0167]), ["layer 1", "output"])
    yaxis = figure.layout.yaxis
    assert yaxis.type == "log" and yaxis.range is not None  # a fixed range, not autorange
    heights = [drawn_height(v, yaxis.range) for v in (0.0164, 0.0167)]
    assert 0.97 < heights[0] / heights[1] < 1.0
    assert max(heights) < 1.0  # the tallest bar and its value fit under the top


def test_a_vanishing_gradient_is_still_a_bar_orders_of_magnitude_shorter():
    figure = insights.gradient_bars_figure(np.array([1e-9, 1e-2]), ["layer 1", "output"])
    small, large = (drawn_height(v, figure.layout.yaxis.range) for v in (1e-9, 1e-2))
    assert 0.0 < small < 0.3 < large < 1.0


BOX_WIDTH = 900  # px: the backprop chart's width in the main column at 1280×720


def label_boxes(figure: go.Figure) -> tuple[list, list, list]:
    """(node boxes, label boxes, column-title boxes) of the backprop diagram in px, each box
    (x0, y0, x1, y1) from the top left, text estimated at 0.6 em a character, 1.3 em a line."""
    layout = figure.layout
    margin, height = layout.margin, layout.height
    (x0, x1), (y0, y1) = layout.xaxis.range, layout.yaxis.range
    plot_w = BOX_WIDTH - margin.l - margin.r
    plot_h = height - margin.t - margin.b

    def px(x, y):
        return margin.l + (x - x0) / (x1 - x0) * plot_w, margin.t + (y1 - y) / (y1 - y0) * plot_h

    def text_size(text: str, font: float) -> tuple[float, float]:
        lines = text.split("<br>")
        return max(len(line) for line in lines) * 0.6 * font, len(lines) * 1.3 * font

    nodes = next(trace for trace in figure.data if trace.mode == "markers+text")
    size, font = nodes.marker.size, nodes.textfont.size
    node_boxes, text_boxes = [], []
    for x, y, text in zip(nodes.x, nodes.y, nodes.text, strict=True):
        cx, cy = px(x, y)
        node_boxes.append((cx - size / 2, cy - size / 2, cx + size / 2, cy + size / 2))
        if text:
            w, h = text_size(text, font)
            top = cy + size / 2 + 2
            text_boxes.append((len(node_boxes) - 1, (cx - w / 2, top, cx + w / 2, top + h)))
    titles = []
    for note in layout.annotations:
        if note.xref == "x":
            w, h = text_size(note.text, note.font.size)
            cx, _ = px(note.x, 0)
            bottom = margin.t - (note.yshift or 0)
            titles.append((cx - w / 2, bottom - h, cx + w / 2, bottom))
    return node_boxes, text_boxes, titles


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


ALL_FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2")


@pytest.mark.parametrize(
    "config",
    [
        PlaygroundConfig(hidden_layers=(8, 8)),
        PlaygroundConfig(hidden_layers=(8, 8, 8), features=ALL_FEATURES),
        PlaygroundConfig(dataset="blobs", n_classes=5, hidden_layers=(8, 6)),
        PlaygroundConfig(hidden_layers=(4,) * 10, activation="leaky_relu"),
        PlaygroundConfig(hidden_layers=(16, 8)),
        PlaygroundConfig(hidden_layers=(64, 64), features=ALL_FEATURES),
    ],
    ids=["8-8", "8-8-8-seven-inputs", "5-classes", "ten-layers", "16-8", "64-64"],
)
def test_backprop_labels_never_overlap(config):
    figure = insights.backprop_view(Trainer(config), index=0)
    nodes, labels, titles = label_boxes(figure)
    for i, (own, box) in enumerate(labels):
        assert box[0] >= 0 and box[2] <= BOX_WIDTH and box[3] <= figure.layout.height, box
        for _, other in labels[i + 1 :]:
            assert not overlap(box, other), (box, other)
        for n, node in enumerate(nodes):
            assert n == own or not overlap(box, node), (box, node)
    for i, box in enumerate(titles):
        assert all(not overlap(box, other) for other in titles[i + 1 :]), box


def test_backprop_labels_8_unit_layers_all_and_thin_out_beyond():
    labelled = insights.backprop_view(Trainer(PlaygroundConfig(hidden_layers=(8, 8))), 0)
    assert all(labelled.data[-1].text)
    assert len(labelled.layout.annotations) == 4  # the column titles, no note
    crowded = insights.backprop_view(Trainer(PlaygroundConfig(hidden_layers=(16, 8))), 0)
    texts = crowded.data[-1].text
    assert not any(texts[2:18]) and texts[-1]  # the 16 go without labels, the output keeps its
    assert "hover" in crowded.layout.annotations[-1].text


def test_epoch_axes_write_plain_whole_numbers(trainer):
    history, _ = insights.gradient_flow_view(trainer)
    for figure in (history, insights.overfitting_view(trainer)):
        xaxis = figure.layout.xaxis
        assert xaxis.title.text == "epoch"
        assert xaxis.exponentformat == "none" and xaxis.separatethousands
        assert not xaxis.tickformat or not re.search(r"[eEsg]", xaxis.tickformat)


LIVE_VIEW_MODULES = Path(__file__).resolve().parents[2] / "static" / "live_view"


def long_hex(colour: str) -> str:
    """'#fff' -> '#ffffff', lower case."""
    colour = colour.lower()
    return "#" + "".join(c * 2 for c in colour[1:]) if len(colour) == 4 else colour


def live_view_colours() -> dict[str, str]:
    """The live view's train/test styles, read from its source."""
    js = "\n".join(path.read_text() for path in sorted(LIVE_VIEW_MODULES.glob("*.js")))
    test_line = re.search(r'const TEST_LINE = "(#[0-9A-Fa-f]{3,6})"', js).group(1)
    text = re.search(r"color: var\(--st-text-color, (#[0-9A-Fa-f]{3,6})\)", js).group(1)
    train_outline = re.search(r'const TRAIN_OUTLINE = "(#\w+)"', js)
    test_outline = re.search(r'const TEST_OUTLINE = "(#\w+)"', js)
    if train_outline and test_outline:
        train_outline, test_outline = train_outline.group(1), test_outline.group(1)
    else:  # older source: the outline chosen in paintPoints
        test_outline, train_outline = re.search(
            r'strokeStyle = test \? "(#\w+)" : "(#\w+)"', js
        ).groups()
    assert "setLineDash(s === 0 ? [] : [5, 3])" in js  # training solid, test dashed
    return {
        "train": long_hex(text),
        "test": long_hex(test_line),
        "train_outline": long_hex(train_outline),
        "test_outline": long_hex(test_outline),
    }


def test_train_and_test_look_as_in_the_live_view(trainer, regression_trainer):
    from playground.viz import insight_style as style

    live = live_view_colours()
    assert (live["train"], live["test"]) == (style.TRAIN_HEX, style.TEST_HEX)
    assert (
        live["train_outline"],
        live["test_outline"],
    ) == (style.TRAIN_OUTLINE_HEX, style.TEST_OUTLINE_HEX)
    train, test = insights.overfitting_view(trainer).data[:2]
    assert (train.line.color, train.line.dash) == (live["train"], "solid")
    assert (test.line.color, test.line.dash) == (live["test"], "dash")
    for split in ("train", "test"):
        figure, _ = insights.metrics_view(regression_trainer, split=split)
        marker = figure.data[1].marker
        assert (marker.color, marker.line.color) == (live[split], live[f"{split}_outline"])
