"""Two training runs side by side: their loss curves overlaid, and the difference in a sentence.

`SideCurves` holds one side's recorded epochs and losses (and the epoch it diverged at, if it
did). `loss_threshold` picks the test loss the comparison talks about, `difference_sentence`
says in plain words who gets there first — "B reaches test loss 0.10 at epoch 40; A never does
(best 0.23 at epoch 120)" — and `compare_loss_figure` draws the four curves, each side in its own
colour-blind-safe hue (Okabe–Ito blue for A, vermillion for B), test solid and train dotted,
with the threshold as a grey line and the epoch each side reaches it marked. No Streamlit here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import plotly.graph_objects as go

from playground.core.training import TrainingLoop
from playground.live.frame import downsample_indices
from playground.viz.insight_style import (
    MUTED,
    axis,
    base_layout,
    epoch_axis,
    finite_list,
    make_figure,
)

Array = np.ndarray
SIDE_COLORS = ("#0072B2", "#D55E00")  # Okabe–Ito blue and vermillion: apart for every colour vision
RECENT_EPOCHS = 10  # a side's "recent" test loss: the median over its last 10 recorded epochs
THRESHOLD_MARGIN = 1.2  # the threshold sits 20 % above the better side's recent test loss ...
THRESHOLD_FLOOR = 0.01  # ... but never below this: both near zero, the question is who is faster
CLEARLY_LOWER = 0.9  # a final test loss under 90 % of the other side's counts as clearly lower
NO_RESULT = (
    "Press Play: both sides train on the same data, epoch for epoch, and the difference "
    "appears here."
)


@dataclass(frozen=True)
class SideCurves:
    """One side's loss history: its name ("A"), (T,) arrays per recorded epoch, the epoch
    training diverged in (None if it did not) and an optional label ("No dropout")."""

    name: str
    epochs: Array
    train_loss: Array
    test_loss: Array
    diverged_at: int | None = None
    label: str = ""

    @property
    def title(self) -> str:
        """ "A (No dropout)", or just "A" without a label."""
        return f"{self.name} ({self.label})" if self.label else self.name

    @property
    def trained(self) -> bool:
        return len(self.epochs) > 0

    def final_test_loss(self) -> float:
        """The test loss of the last recorded epoch."""
        return float(self.test_loss[-1]) if self.trained else math.nan

    def recent_test_loss(self) -> float:
        """The median test loss of the last `RECENT_EPOCHS` recorded epochs (NaN if none).

        Steadier than the last value — a noisy curve would otherwise move the threshold, and
        the sentence with it, every time it is read — yet it follows a curve that turns up.
        """
        recent = np.asarray(self.test_loss[-RECENT_EPOCHS:], dtype=np.float64)
        return float(np.median(recent)) if recent.size else math.nan

    def reaches(self, threshold: float) -> int | None:
        """The first epoch whose test loss is at or below `threshold` (None: never)."""
        below = np.flatnonzero(np.asarray(self.test_loss, dtype=np.float64) <= threshold)
        return int(self.epochs[below[0]]) if below.size else None

    def best(self) -> tuple[float, int] | None:
        """(lowest finite test loss, its epoch), or None when there is none."""
        losses = np.asarray(self.test_loss, dtype=np.float64)
        finite = np.flatnonzero(np.isfinite(losses))
        if not finite.size:
            return None
        index = finite[np.argmin(losses[finite])]
        return float(losses[index]), int(self.epochs[index])


def side_curves(name: str, trainer: TrainingLoop, label: str = "") -> SideCurves:
    """A trainer's history as `SideCurves` (divergence: the epoch it failed in)."""
    history = trainer.history
    return SideCurves(
        name=name,
        epochs=history.column("epoch").astype(np.int64),
        train_loss=history.column("train_loss"),
        test_loss=history.column("test_loss"),
        diverged_at=trainer.epoch + 1 if trainer.diverged else None,
        label=label,
    )


def round_significant(value: float, digits: int = 2) -> float:
    """`value` rounded to `digits` significant figures (0.0996 → 0.1, 0.434 → 0.43)."""
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def format_loss(value: float) -> str:
    """A loss with two significant figures, keeping a trailing zero: 0.10, 0.43, 1.2, 12."""
    if not math.isfinite(value):
        return "∞" if value > 0 else "NaN"
    text = f"{value:#.2g}"
    return text.rstrip(".") if "e" not in text else f"{value:.1e}"


def loss_threshold(curves: Sequence[SideCurves]) -> float | None:
    """The test loss the comparison is phrased around (None until both sides trained).

    Definition: 1.2 × the smaller of the sides' recent test losses (the median over each side's
    last 10 recorded epochs; diverged sides excluded), rounded to two significant figures, and at
    least 0.01. The 20 % margin is more than the rounding can take away (at most 5 %), so the
    better side always reaches the threshold (half its last 10 epochs are at or below its
    median); the question is when, and whether the other side does at all. The floor keeps the
    sentence about speed when both sides end near zero, where tiny differences mean nothing.
    """
    finals = [c.recent_test_loss() for c in curves if c.trained and c.diverged_at is None]
    finals = [value for value in finals if math.isfinite(value)]
    if not finals:
        return None
    return max(round_significant(THRESHOLD_MARGIN * min(finals)), THRESHOLD_FLOOR)


def difference_sentence(a: SideCurves, b: SideCurves) -> str:
    """The difference between two runs in one sentence (see `loss_threshold` for the level).

    Examples: "B reaches test loss 0.10 at epoch 40; A never does (best 0.23 at epoch 120).",
    "Both reach test loss 0.10: A at epoch 35, B at epoch 80.", "A diverged at epoch 12; B
    trains normally (test loss 0.23 at epoch 40)."
    """
    if a.diverged_at is not None and b.diverged_at is not None:
        return (
            f"Both diverged: {a.name} at epoch {a.diverged_at}, {b.name} at epoch {b.diverged_at}."
        )
    for failed, other in ((a, b), (b, a)):
        if failed.diverged_at is not None:
            status = (
                f"test loss {format_loss(other.final_test_loss())} at epoch {other.epochs[-1]}"
                if other.trained
                else "not trained yet"
            )
            return (
                f"{failed.name} diverged at epoch {failed.diverged_at}; "
                f"{other.name} trains normally ({status})."
            )
    threshold = loss_threshold((a, b)) if a.trained and b.trained else None
    if threshold is None:
        return NO_RESULT
    level = format_loss(threshold)
    reached_a, reached_b = a.reaches(threshold), b.reaches(threshold)
    if reached_a is None or reached_b is None:
        winner, loser = (a, b) if reached_b is None else (b, a)
        best = loser.best()
        detail = f" (best {format_loss(best[0])} at epoch {best[1]})" if best else ""
        return (
            f"{winner.name} reaches test loss {level} at epoch {winner.reaches(threshold)}; "
            f"{loser.name} never does{detail}."
        )
    if reached_a == reached_b:
        sentence = f"Both reach test loss {level} at epoch {reached_a}"
    else:
        sentence = (
            f"Both reach test loss {level}: "
            f"{a.name} at epoch {reached_a}, {b.name} at epoch {reached_b}"
        )
    return sentence + _final_difference(a, b) + "."


def _final_difference(a: SideCurves, b: SideCurves) -> str:
    """ "; by epoch 300 B's test loss is lower (0.36 against 0.52)" when one ends clearly lower."""
    final_a, final_b = a.recent_test_loss(), b.recent_test_loss()
    if not (final_a < CLEARLY_LOWER * final_b or final_b < CLEARLY_LOWER * final_a):
        return ""
    if max(final_a, final_b) <= THRESHOLD_FLOOR:  # both near zero: the ratio means nothing
        return ""
    lower, low, high = (a, final_a, final_b) if final_a < final_b else (b, final_b, final_a)
    epoch = max(int(a.epochs[-1]), int(b.epochs[-1]))
    return (
        f"; by epoch {epoch} {lower.name}'s test loss is lower "
        f"({format_loss(low)} against {format_loss(high)})"
    )


# --- the overlaid loss curves ------------------------------------------------------------------
def compare_loss_figure(
    curves: Sequence[SideCurves], log_y: bool = False, height: int = 360
) -> go.Figure:
    """Train (dotted) and test (solid) loss of each side, one hue per side, the threshold marked."""
    data: list[dict[str, Any]] = []
    threshold = loss_threshold(curves)
    for side, color in zip(curves, SIDE_COLORS, strict=False):
        keep = downsample_indices(len(side.epochs))
        epochs = side.epochs[keep]
        data.append(_line(epochs, side.test_loss[keep], f"{side.name} test", color, "solid", 2.5))
        data.append(_line(epochs, side.train_loss[keep], f"{side.name} train", color, "dot", 1.5))
        reached = side.reaches(threshold) if threshold is not None else None
        if reached is not None:
            data.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "x": [reached],
                    "y": [threshold],
                    "marker": {"color": color, "size": 10, "symbol": "diamond"},
                    "name": f"{side.name} reaches {format_loss(threshold)}",
                    "showlegend": False,
                    "hovertemplate": f"{side.name} reaches test loss %{{y:.3g}} at epoch "
                    "%{x}<extra></extra>",
                }
            )
    titles = " and ".join(side.title for side in curves)
    layout = base_layout(f"Loss of {titles}, epoch for epoch", "epoch", "loss", height=height)
    layout["legend"] = {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 1.0,
                        "xanchor": "right"}  # fmt: skip
    layout["margin"]["t"] = 70
    layout["hovermode"] = "x unified"
    last = max((int(side.epochs[-1]) for side in curves if side.trained), default=0)
    layout["xaxis"] = epoch_axis(range=[0, max(last, 10)])
    layout["yaxis"] = axis("loss", type="log") if log_y else axis("loss", rangemode="tozero")
    if threshold is not None:
        data.append(
            {
                "type": "scatter", "mode": "lines", "x": [0, last], "y": [threshold, threshold],
                "name": f"test loss {format_loss(threshold)}", "hoverinfo": "skip",
                "line": {"color": MUTED, "width": 1, "dash": "dash"},
            }
        )  # fmt: skip
    return make_figure(data, layout)


def _line(
    epochs: Array, values: Array, name: str, color: str, dash: str, width: float
) -> dict[str, Any]:
    return {
        "type": "scatter",
        "mode": "lines" if len(epochs) > 1 else "lines+markers",  # one epoch: a dot
        "x": epochs,
        "y": finite_list(values),
        "name": name,
        "line": {"color": color, "width": width, "dash": dash},
        "hovertemplate": f"{name} %{{y:.4g}}<extra></extra>",
    }
