"""A live playground's state in one user's session: config, trainer, play state, view options.

Everything a user does lives in `st.session_state` (never in a cache shared between users), under
one `LiveState` per mounted playground, so the playground page, a lesson's mini-playground and the
two sides of a comparison each keep their own. `apply_config` is where a settings change lands:
it rebuilds the data and network only when the change needs it and otherwise keeps training where
it is. The query-parameter helpers turn the config and the display options into a shareable URL
and back, with a warning for every parameter that could not be used.
"""

from __future__ import annotations

import dataclasses
import difflib
import time
from dataclasses import dataclass, field

import numpy as np
import streamlit as st

from playground.config import FIELD_NAMES, PlaygroundConfig, needs_rebuild
from playground.data import DATASET_PROBLEM, Dataset, make_features, split_dataset
from playground.trainer import Trainer
from playground.viz.frame import FrameBuilder

SPEEDS = ("slow", "normal", "fast")
VIEW_PARAMS = ("show_test", "discretize", "speed")


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
    """One playground: its config, trainer and frame builder, and whether it is playing."""

    config: PlaygroundConfig
    trainer: Trainer
    frames: FrameBuilder
    view: ViewOptions = field(default_factory=ViewOptions)
    playing: bool = False
    frame: int = 0
    epoch_credit: float = 0.0
    last_tick: float = 0.0
    # After a full run (a setting changed, say), the next frames replace the ones the browser
    # still has queued, so the change shows at once rather than after the queued frames.
    replace_queue: bool = False
    warnings: list[str] = field(default_factory=list)
    custom: Dataset | None = None  # the user's own points, uploaded or drawn
    custom_note: str = ""  # where they came from and how they were scaled

    @property
    def can_train(self) -> bool:
        """False once training diverged or stopped early (until reset or resumed), and while
        there are no training points."""
        trainer = self.trainer
        return not (trainer.diverged or trainer.stopped_early) and trainer.has_training_data

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
        self.frames = frame_builder(trainer)
        self.epoch_credit, self.last_tick = 0.0, 0.0

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

    def tick(self) -> float:
        """Seconds since the previous tick (at most 0.25 s: a stalled tab does not catch up)."""
        now = time.perf_counter()
        elapsed = now - self.last_tick if self.last_tick else 0.0
        self.last_tick = now
        return min(elapsed, 0.25)


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


def get_state(key: str, default: PlaygroundConfig | None = None) -> LiveState:
    """The session's playground state under `key`, made on first use.

    The first time, the config comes from `default` or, for the main playground, the URL.
    """
    slot = f"live:{key}"
    if slot not in st.session_state:
        st.session_state[slot] = new_state(default or PlaygroundConfig())
    return st.session_state[slot]


def new_state(config: PlaygroundConfig, view: ViewOptions | None = None) -> LiveState:
    trainer = Trainer(config)
    return LiveState(config, trainer, frame_builder(trainer), view or ViewOptions())


def state_from_url(params: dict[str, str]) -> LiveState:
    """A state from URL query parameters, remembering a warning for each one it had to ignore."""
    config, warnings = PlaygroundConfig.from_query_params(params)
    if config.dataset not in DATASET_PROBLEM:  # digits or custom: not generated 2-D points
        reason = (
            "uploaded or drawn points cannot travel in a link (download them as CSV to share)"
            if config.is_custom
            else "it has its own page, not this playground of 2-D points"
        )
        warnings.append(f"URL parameter 'dataset={config.dataset}' ignored: {reason}")
        config = config.replace(dataset="circle", problem=None, loss=None, n_samples=None)
    view, view_warnings = view_from_params(params)
    state = new_state(config, view)
    state.warnings = warnings + view_warnings
    return state


def known_params(*page_params: str) -> tuple[str, ...]:
    """The URL parameters a playground reads: the config's fields, the view options, and the
    page's own."""
    return (*FIELD_NAMES, *VIEW_PARAMS, *page_params)


def unknown_param_warnings(params: dict[str, str], known: tuple[str, ...]) -> list[str]:
    """A warning for every parameter that is none of `known`, naming the closest known one."""
    warnings = []
    for name in sorted(set(params) - set(known)):
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "the playground has no such setting"
        warnings.append(f"URL parameter '{name}={params[name]}' ignored: {hint}")
    return warnings


def view_from_params(params: dict[str, str]) -> tuple[ViewOptions, list[str]]:
    view, warnings = ViewOptions(), []
    for name in ("show_test", "discretize"):
        if name in params:
            value = params[name].strip().lower()
            if value in ("1", "true", "0", "false"):
                setattr(view, name, value in ("1", "true"))
            else:
                warnings.append(f"URL parameter '{name}={params[name]}' ignored: expected 1 or 0")
    if "speed" in params:
        if params["speed"] in SPEEDS:
            view.speed = params["speed"]
        else:
            warnings.append(
                f"URL parameter 'speed={params['speed']}' ignored: "
                f"expected one of {', '.join(SPEEDS)}"
            )
    return view, warnings


def query_params(state: LiveState) -> dict[str, str]:
    """The state as URL query parameters: the config's non-default fields and the view options."""
    params = state.config.to_query_params()
    defaults = ViewOptions()
    if state.view.show_test != defaults.show_test:
        params["show_test"] = "1" if state.view.show_test else "0"
    if state.view.discretize != defaults.discretize:
        params["discretize"] = "1" if state.view.discretize else "0"
    if state.view.speed != defaults.speed:
        params["speed"] = state.view.speed
    return params
