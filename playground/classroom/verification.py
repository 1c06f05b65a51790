"""The server's own measurement of a submission: re-train it and read the score off the history.

The browser's numbers are never trusted. The engine is deterministic — the same config and seed
give the same data, the same initial weights and the same history to the bit — so training the
submitted config for the same number of epochs reproduces exactly what the student saw, and the
score recorded is the one measured here, from a fresh `Trainer`. A run that diverges keeps its
last good epoch (the trainer stops there), and that epoch is what counts; a run that diverges
before its first epoch has no score and is refused. The measurement also carries the picture
of the network it trained (its decision map, as the board's gallery shows it), so the board
never trains the same setup a second time to draw it.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

from playground.classroom.challenge import Challenge
from playground.classroom.errors import SubmissionError
from playground.classroom.limits import neurons_used
from playground.config import PlaygroundConfig
from playground.trainer import Trainer
from playground.viz.network_map import network_picture
from playground.viz.png import png_bytes


@dataclasses.dataclass(frozen=True)
class Measurement:
    """What the server measured: the score, the epoch it was read at, the hidden neurons, and
    the PNG of the trained network's map (None when a verifier draws none)."""

    score: float
    epoch: int
    neurons: int
    picture: bytes | None = dataclasses.field(default=None, repr=False)


Verifier = Callable[[Challenge, PlaygroundConfig, int], Measurement]


def measure_submission(challenge: Challenge, config: PlaygroundConfig, epochs: int) -> Measurement:
    """Train `config` from scratch for `epochs` epochs and score it by the challenge's kind."""
    trainer = Trainer(config)
    trainer.run_epochs(epochs)
    if len(trainer.history) == 0:
        raise SubmissionError(
            "Training diverged before the first epoch ended, so there is no score: "
            "try a smaller learning rate."
        )
    record = trainer.history[-1]
    score = float(record[challenge.score.column])
    if not math.isfinite(score):
        raise SubmissionError("Training gave no finite score: try a smaller learning rate.")
    return Measurement(
        score=score,
        epoch=int(record["epoch"]),
        neurons=neurons_used(config),
        picture=png_bytes(network_picture(trainer)),
    )
