"""The compare page's result in words and in a figure (`playground.viz.compare_figures`).

`difference_sentence` and its threshold (`loss_threshold`), `format_loss`, and the overlaid loss
figure, fed with hand-made loss curves.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from playground.viz.compare_figures import (
    NO_RESULT,
    SideCurves,
    compare_loss_figure,
    difference_sentence,
    format_loss,
    loss_threshold,
)


def curves(name: str, test_loss, start: int = 1, diverged_at=None, label: str = "") -> SideCurves:
    test = np.asarray(test_loss, dtype=np.float64)
    epochs = np.arange(start, start + len(test))
    return SideCurves(name, epochs, test * 0.8, test, diverged_at, label)


def falling(final: float, reach_epoch: int, level: float, n_epochs: int) -> np.ndarray:
    """A test loss from 0.7 that first gets to `level` at `reach_epoch`, then eases to `final`."""
    epochs = np.arange(1, n_epochs + 1)
    early = np.linspace(0.7, level * 1.001, reach_epoch - 1)
    late = np.linspace(level, final, n_epochs - reach_epoch + 1)
    assert len(early) + len(late) == len(epochs)
    return np.concatenate([early, late])


# --- the difference in a sentence ------------------------------------------------------------
def test_only_one_side_reaches_the_threshold():
    a = curves("A", np.r_[np.linspace(0.7, 0.23, 120), np.full(80, 0.3)])
    b = curves("B", falling(0.0834, 40, 0.1, 200))
    assert loss_threshold([a, b]) == pytest.approx(0.1)  # 1.2 × 0.0834 = 0.10008 → 0.10
    assert difference_sentence(a, b) == (
        "B reaches test loss 0.10 at epoch 40; A never does (best 0.23 at epoch 120)."
    )
    assert difference_sentence(b, a).startswith("B reaches test loss 0.10 at epoch 40; A never")


def test_both_reach_the_threshold_at_different_epochs():
    a = curves("A", falling(0.0834, 35, 0.1, 200))
    b = curves("B", falling(0.085, 80, 0.1, 200))
    assert difference_sentence(a, b) == "Both reach test loss 0.10: A at epoch 35, B at epoch 80."


def test_both_reach_at_the_same_epoch():
    a = curves("A", falling(0.0834, 35, 0.1, 100))
    assert difference_sentence(a, a) == "Both reach test loss 0.10 at epoch 35."


def test_a_clearly_lower_final_loss_is_named_after_the_epochs():
    overfits = np.r_[np.linspace(0.7, 0.44, 4), 0.43, np.linspace(0.42, 0.52, 295)]
    steady = np.r_[np.linspace(0.7, 0.44, 99), np.linspace(0.43, 0.36, 201)]
    a, b = curves("A", overfits), curves("B", steady)
    assert difference_sentence(a, b) == (
        "Both reach test loss 0.43: A at epoch 5, B at epoch 100; "
        "by epoch 300 B's test loss is lower (0.36 against 0.52)."
    )


def test_divergence_of_one_side_is_named_with_the_other_sides_state():
    a = curves("A", [0.7, 0.9, 2.0][:2], diverged_at=12)
    b = curves("B", np.linspace(0.7, 0.23, 40))
    assert difference_sentence(a, b) == (
        "A diverged at epoch 12; B trains normally (test loss 0.23 at epoch 40)."
    )
    assert difference_sentence(b, a).startswith("A diverged at epoch 12; B trains normally")


def test_both_diverged():
    a, b = curves("A", [0.7], diverged_at=3), curves("B", [0.7] * 5, diverged_at=6)
    assert difference_sentence(a, b) == "Both diverged: A at epoch 3, B at epoch 6."


def test_no_training_yet_asks_for_play():
    empty = curves("A", [])
    assert difference_sentence(empty, curves("B", [])) == NO_RESULT
    assert difference_sentence(empty, curves("B", [0.5, 0.4])) == NO_RESULT


def test_threshold_definition_and_floor():
    # 1.2 × the smaller recent test loss (median of the last 10 epochs), two significant figures
    assert (
        loss_threshold([curves("A", [0.7] + [0.36] * 10), curves("B", [0.7] + [0.5] * 10)]) == 0.43
    )
    noisy = curves("A", [0.7, 0.5, *[0.36] * 9, 0.1])
    assert loss_threshold([noisy, curves("B", [0.5])]) == 0.43  # one lucky epoch moves nothing
    # ... never below 0.01: two sides near zero are compared on speed
    tiny = [curves("A", [0.5] + [0.001] * 10), curves("B", [0.5] + [0.0001] * 10)]
    assert loss_threshold(tiny) == 0.01
    assert difference_sentence(*tiny) == "Both reach test loss 0.010 at epoch 2."
    # diverged and non-finite sides do not count
    assert loss_threshold([curves("A", [0.7, 0.2], diverged_at=3), curves("B", [0.5])]) == 0.6
    assert loss_threshold([curves("A", [math.nan]), curves("B", [])]) is None


def test_nan_losses_never_count_as_reaching():
    a = curves("A", [0.7, math.nan, math.nan])
    b = curves("B", [0.7, 0.3, 0.2])
    assert "A never does (best 0.70 at epoch 1)" in difference_sentence(a, b)


@given(
    st.lists(st.floats(0.001, 5.0), min_size=1, max_size=30),
    st.lists(st.floats(0.001, 5.0), min_size=1, max_size=30),
)
def test_the_better_side_always_reaches_the_threshold(loss_a, loss_b):
    a, b = curves("A", loss_a), curves("B", loss_b)
    threshold = loss_threshold([a, b])
    better = a if a.recent_test_loss() <= b.recent_test_loss() else b
    assert better.reaches(threshold) is not None
    sentence = difference_sentence(a, b)
    assert (sentence.endswith(".") and "never does" in sentence) or sentence.startswith("Both")


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.1, "0.10"), (0.43, "0.43"), (1.2, "1.2"), (12.0, "12"), (0.0012, "0.0012"),
     (math.inf, "∞"), (math.nan, "NaN")],
)  # fmt: skip
def test_format_loss(value, text):
    assert format_loss(value) == text


def test_loss_figure_overlays_four_labelled_curves_and_marks_the_threshold():
    a = curves("A", np.linspace(0.7, 0.11, 50), label="No dropout")
    b = curves("B", np.r_[np.linspace(0.7, 0.1, 40), np.full(10, 0.1)], label="Dropout 0.3")
    figure = compare_loss_figure([a, b])
    lines = [t for t in figure.data if t.mode == "lines"]
    threshold = loss_threshold([a, b])
    assert threshold == 0.12  # 1.2 × B's recent test loss 0.1
    assert [t.name for t in lines] == ["A test", "A train", "B test", "B train", "test loss 0.12"]
    assert lines[0].line.color == lines[1].line.color != lines[2].line.color
    assert [t.line.dash for t in lines] == ["solid", "dot", "solid", "dot", "dash"]
    assert "No dropout" in figure.layout.title.text and "Dropout 0.3" in figure.layout.title.text
    assert list(lines[-1].y) == [threshold, threshold]  # the threshold, a dashed grey line
    assert len([t for t in figure.data if t.mode == "markers"]) == 2  # where each side reaches it
    assert compare_loss_figure([a, b], log_y=True).layout.yaxis.type == "log"
