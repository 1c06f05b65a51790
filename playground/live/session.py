"""One live session: a playground's config, trainer, play state and view options, and its controls.

The playground page, each lesson's mini-playground, both sides of a comparison (`live/pair.py`)
and the digits page all train through a `LiveState`: Play/Pause (`toggle_play`), `step`, `reset`,
the speed and how fast it trains (`pace`, read by `live/pacing.py`), and the frames it draws.
Each lives in the user's own session state, never in a cache shared between users.
`apply_config` is where a settings change lands: it rebuilds the data and network only when the
change needs it and otherwise keeps training where it is. Nothing here imports Streamlit.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field

import numpy as np

from playground.config import PlaygroundConfig, needs_rebuild
from playground.data import Dataset, make_features, split_dataset
from playground.live.frame import FrameBuilder
from playground.live.pacing import PLAYGROUND_PACE, Pace
from playground.trainer import Trainer

SPEEDS = ("slow", "normal", "fast")
STOP_STEP = 50  # epochs that Play adds to the epoch to stop at, once it is reached


@dataclass
class ViewOptions:
    """How the live view looks and how fast it runs; kept in the URL beside the config."""

    show_test: bool = False
    discretize: bool = False
    speed: str = "normal"
    drawing: bool = False  # clicks on the output add points (not kept in the URL)
    draw_label: float = 1.0


@dataclass
class LiveState:
    """One live session: its config and trainer, whether it is playing, and how it is drawn."""

    config: PlaygroundConfig
    trainer: Trainer
    view: ViewOptions = field(default_factory=ViewOptions)
    pace: Pace = PLAYGROUND_PACE
    stop_at: int | None = None  # the epoch at which Play pauses by itself (None: never)
    reset_pauses: bool = False  # Reset also pauses (digits); else only after a divergence
    playing: bool = False
    frame: int = 0
    network: int = 0  # counts the networks the view has shown: a weight edit names its own
    epoch_credit: float = 0.0
    last_tick: float = 0.0
    # After a full run (a setting changed, say), the next frames replace the ones the browser
    # still has queued, so the change shows at once rather than after the queued frames.
    replace_queue: bool = False
    warnings: list[str] = field(default_factory=list)
    custom: Dataset | None = None  # the user's own points, uploaded or drawn
    custom_note: str = ""  # where they came from and how they were scaled
    _frames: FrameBuilder | None = field(default=None, repr=False)

    @property
    def can_train(self) -> bool:
        """False once training diverged, stopped early or reached `stop_at` (until reset or
        resumed), and while there are no training points."""
        trainer = self.trainer
        if self.stop_at is not None and trainer.epoch >= self.stop_at:
            return False
        return not (trainer.diverged or trainer.stopped_early) and trainer.has_training_data

    @property
    def running(self) -> bool:
        """Playing and able to train: what the live loop and the Play/Pause button show."""
        return self.playing and self.can_train

    @property
    def frames(self) -> FrameBuilder:
        """The frame builder of the current trainer's points, made on first use (the digits page
        never draws frames)."""
        if self._frames is None:
            self._frames = frame_builder(self.trainer)
        return self._frames

    # --- the controls ---------------------------------------------------------------------------
    def toggle_play(self) -> None:
        """Play, or pause. Play after divergence starts again; after an early stop it trains on
        (and may stop again); at the epoch to stop at it plays `STOP_STEP` more; with no training
        points there is nothing to play."""
        if not self.playing and self.stop_at is not None and self.trainer.epoch >= self.stop_at:
            self.stop_at = self.trainer.epoch + STOP_STEP
        if self.trainer.diverged:
            self.rebuild()
        elif self.trainer.stopped_early and not self.playing:
            self.trainer.resume()
        self.playing = not self.playing and self.trainer.has_training_data

    def step(self) -> None:
        """Pause and train exactly one epoch."""
        self.playing = False
        if not self.trainer.diverged:
            self.trainer.run_epochs(1)

    def reset(self) -> None:
        """Start again from the initial weights (same seed, same data); a diverged run pauses
        (any run, with `reset_pauses`)."""
        if self.trainer.diverged or self.reset_pauses:
            self.playing = False
        self.rebuild()

    def set_view(self, name: str, value) -> None:
        setattr(self.view, name, value)

    def set_playing(self, playing: bool) -> None:
        self.playing = playing

    def mark_full_run(self) -> None:
        """A full page run: frames sent while playing replace those the browser still has
        queued (the change shows at once); paused, the next Play starts with a still frame."""
        if self.running:
            self.replace_queue = True
        else:
            self.last_tick = 0.0

    # --- settings and data ----------------------------------------------------------------------
    def rebuild(self, config: PlaygroundConfig | None = None) -> None:
        """New data and network for `config` (or the same config: a reset); play state kept."""
        self.config = config or self.config
        data = resplit(self.custom, self.config) if self.config.is_custom else None
        self.use_trainer(Trainer(self.config, data=data))

    def use_trainer(self, trainer: Trainer) -> None:
        """Train with `trainer` from now on. The user's own points become exactly the trainer's
        (split and features), so a point the browser names by its index is the one removed."""
        self.config, self.trainer = trainer.config, trainer
        if trainer.config.is_custom:
            self.custom = trainer.data
        self._frames = None
        self.epoch_credit, self.last_tick = 0.0, 0.0
        self.network += 1

    def use_points(self, data: Dataset) -> None:
        """Train on edited points from now on, with the same network and epoch count."""
        self.custom = data
        self.trainer.set_dataset(data)
        self._frames = None

    def apply_config(self, config: PlaygroundConfig) -> bool:
        """Take a changed config; True when that rebuilt the network."""
        if config == self.config:
            return False
        if needs_rebuild(self.config, config) or self.trainer.diverged:
            self.rebuild(config)
            return True
        self.trainer.apply_config(config)
        self.config = config
        return False

    def tick(self, at_most: float | None = None) -> float:
        """Seconds since the previous tick, at most `at_most` (default: the pace's
        `max_elapsed`): a stalled tab does not catch up."""
        now = time.perf_counter()
        elapsed = now - self.last_tick if self.last_tick else 0.0
        self.last_tick = now
        return min(elapsed, self.pace.max_elapsed if at_most is None else at_most)


def resplit(data: Dataset | None, config: PlaygroundConfig) -> Dataset:
    """The user's points, all of them, split and featurized as `config` says (deterministic)."""
    if data is None:
        raise ValueError("there are no uploaded or drawn points to train on")
    points = np.vstack([data.x_train, data.x_test])
    labels = np.concatenate([data.y_train, data.y_test])
    if len(points) < 2:  # too few to split (a drawing just cleared): they all train
        return dataclasses.replace(
            data,
            x_train=points,
            y_train=labels,
            x_test=points[:0],
            y_test=labels[:0],
            inputs_train=make_features(points, config.features),
            inputs_test=make_features(points[:0], config.features),
            feature_names=tuple(config.features),
        )
    return split_dataset(
        points,
        labels,
        problem=data.problem,
        n_classes=data.n_classes,
        train_ratio=config.train_ratio,
        rng=np.random.default_rng([config.seed, 0]),
        features=config.features,
        bounds=data.bounds,
    )


def frame_builder(trainer: Trainer) -> FrameBuilder:
    spec = trainer.network.spec
    return FrameBuilder(trainer.data, [spec.n_inputs, *spec.hidden_layers, spec.n_outputs])


def new_state(config: PlaygroundConfig, view: ViewOptions | None = None, **kwargs) -> LiveState:
    """A paused session of `config` at epoch 0 (`kwargs`: the pace, the epoch to stop at)."""
    return LiveState(config, Trainer(config), view or ViewOptions(), **kwargs)
