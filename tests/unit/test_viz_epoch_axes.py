"""Figures over epochs write their ticks as plain numbers ("1,000"), never "1e+3" or "1k"."""

from __future__ import annotations

from playground.config import PlaygroundConfig
from playground.experiments.sweep import run_sweep
from playground.viz.insight_style import epoch_axis, make_figure
from playground.viz.sweep_figures import sweep_curves_figure


def assert_plain_epochs(xaxis) -> None:
    assert xaxis.title.text == "epoch"
    assert xaxis.exponentformat == "none" and xaxis.separatethousands
    assert not xaxis.tickformat


def test_the_epoch_axis_writes_thousands_out():
    figure = make_figure(
        [{"type": "scatter", "x": [0, 5000], "y": [1, 0]}], {"xaxis": epoch_axis()}
    )
    assert_plain_epochs(figure.layout.xaxis)


def test_sweep_loss_curves_have_a_plain_epoch_axis():
    base = PlaygroundConfig(dataset="xor", n_samples=60, hidden_layers=(2,), seed=1)
    result = run_sweep(base, {"learning_rate": [0.03]}, epochs=2, n_jobs=1)
    assert_plain_epochs(sweep_curves_figure(result, [(0,)]).layout.xaxis)
