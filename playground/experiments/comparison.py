"""The comparison as data: a shared base config, what each side changes, and training in step.

A comparison is a `CompareSetup`: one base `PlaygroundConfig` that both sides share, and for each
side "a" and "b" a dict of overrides — the fields where that side differs (activation, optimizer,
learning rate, …). A side never overrides the data fields (dataset, noise, seed, …) nor the input
features, so both sides always train on the same points; `same_data` checks it on the trainers.
Overrides equal to the base are dropped, so a setup has one canonical form, and it round-trips
through URL query parameters: the base as in the playground (`dataset=xor&noise=0.2`), each side's
overrides with a prefix (`a.learning_rate=0.1&b.optimizer=adam`), the labels as `a.label`.
Ready-made comparisons come from `QUICK_COMPARISONS` and from every preset with a "compare" part.
Training the two sides in step is `playground/live/pair.py`. Nothing here imports Streamlit.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from playground.config import (
    DATA_FIELDS,
    FIELD_NAMES,
    ConfigError,
    PlaygroundConfig,
    format_value,
    parse_value,
)
from playground.data import DATASET_PROBLEM
from playground.experiments.presets import Preset, list_presets
from playground.live.url import VIEW_PARAMS

SIDES = ("a", "b")
# Both sides share these: the same points, split and inputs (the comparison is about the model).
SHARED_FIELDS = (*DATA_FIELDS, "features")
# The settings a side's form offers; a preset or URL may override any other non-shared field too.
SIDE_FIELDS = (
    "hidden_layers", "activation", "optimizer", "learning_rate", "regularization",
    "regularization_rate", "dropout", "batch_size", "weight_init", "batch_norm",
    "skip_connections",
)  # fmt: skip
LABEL_MAX = 60


@dataclasses.dataclass(frozen=True)
class CompareSetup:
    """A comparison: the base both sides share, each side's overrides and label.

    `overrides[side]` maps config field names to values (never a field of `SHARED_FIELDS`, never
    a value equal to the base's). `preset` names the ready-made comparison the setup came from,
    until a setting changes.
    """

    base: PlaygroundConfig = dataclasses.field(default_factory=PlaygroundConfig)
    overrides: Mapping[str, Mapping[str, Any]] = dataclasses.field(
        default_factory=lambda: {side: {} for side in SIDES}
    )
    labels: Mapping[str, str] = dataclasses.field(
        default_factory=lambda: {side: side.upper() for side in SIDES}
    )
    preset: str | None = None

    def config(self, side: str) -> PlaygroundConfig:
        """The full config side `side` trains with."""
        return self.base.replace(**self.overrides[side])

    def value(self, side: str | None, field: str) -> Any:
        """A field's value on a side (None: the base)."""
        return getattr(self.base if side is None else self.config(side), field)

    def with_base(self, field: str, value: Any) -> CompareSetup:
        """This setup with a base field changed; ConfigError when the value is not allowed.

        Choosing a dataset of another problem type (regression ↔ classification) also resets the
        problem, the loss and the number of points to that dataset's defaults.
        """
        changes = {field: value}
        if field == "dataset" and DATASET_PROBLEM.get(value) != self.base.problem:
            changes.update(problem=None, loss=None, n_samples=None)
        base = self.base.replace(**changes)
        labels = self.labels if field in SHARED_FIELDS else default_labels()
        return normalized(dataclasses.replace(self, base=base, labels=labels, preset=None))

    def with_override(self, side: str, field: str, value: Any) -> CompareSetup:
        """This setup with one side's field set (to the base value: the override is removed)."""
        if field in SHARED_FIELDS:
            raise ConfigError(field, "both sides share the data and inputs; change it for both")
        overrides = {s: dict(o) for s, o in self.overrides.items()}
        overrides[side][field] = value
        self.base.replace(**overrides[side])  # raises ConfigError for a value not allowed
        return normalized(
            dataclasses.replace(self, overrides=overrides, labels=default_labels(), preset=None)
        )

    def differences(self) -> list[str]:
        """The fields where A and B differ, in form order (then any others)."""
        a, b = self.config("a"), self.config("b")
        fields = [*SIDE_FIELDS, *(f for f in FIELD_NAMES if f not in SIDE_FIELDS)]
        return [f for f in fields if getattr(a, f) != getattr(b, f)]


def default_labels() -> dict[str, str]:
    return {side: side.upper() for side in SIDES}


def normalized(setup: CompareSetup) -> CompareSetup:
    """The setup with overrides equal to the base dropped (and invalid ones: ConfigError)."""
    overrides: dict[str, dict[str, Any]] = {}
    for side in SIDES:
        config = setup.base.replace(**setup.overrides.get(side, {}))
        overrides[side] = {
            field: getattr(config, field)
            for field in setup.overrides.get(side, {})
            if getattr(config, field) != getattr(setup.base, field)
        }
    return dataclasses.replace(setup, overrides=overrides)


# --- ready-made comparisons ---------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Comparison:
    """A ready-made comparison: a name, a title for the picker, a sentence of why, the setup."""

    name: str
    title: str
    description: str
    setup: CompareSetup


def _quick(name: str, title: str, description: str, base: dict, a: dict, b: dict) -> Comparison:
    labels = {"a": a.pop("label"), "b": b.pop("label")}
    setup = normalized(CompareSetup(PlaygroundConfig(**base), {"a": a, "b": b}, labels, name))
    return Comparison(name, title, description, setup)


XOR_OVERFITTING = {  # 100 training points, 40 % noise: no dropout 0.66 at epoch 300, dropout 0.39
    "dataset": "xor", "noise": 0.4, "train_ratio": 0.2, "hidden_layers": (8, 8),
    "optimizer": "adam", "learning_rate": 0.01,
}  # fmt: skip


def _quick_comparisons() -> list[Comparison]:
    return [
        _quick(
            "dropout-vs-none",
            "Dropout vs none",
            "Noisy XOR with only 100 training points: without dropout the test loss turns up "
            "once the network starts memorizing them; dropout holds it down.",
            XOR_OVERFITTING,
            {"label": "No dropout"},
            {"label": "Dropout 0.3", "dropout": 0.3},
        ),
        _quick(
            "sigmoid-vs-relu",
            "Sigmoid vs ReLU",
            "Four hidden layers on the circle: with sigmoid the gradient fades on its way back "
            "and the network barely learns; with ReLU it arrives.",
            {"dataset": "circle", "hidden_layers": (8, 8, 8, 8)},
            {"label": "Sigmoid", "activation": "sigmoid"},
            {"label": "ReLU", "activation": "relu"},
        ),
        _quick(
            "sgd-vs-adam",
            "SGD vs Adam",
            "The spiral with the same small learning rate: plain SGD crawls, Adam adapts the "
            "step size per weight and winds the boundary round the arms.",
            {"dataset": "spiral", "hidden_layers": (8, 8, 8), "learning_rate": 0.01},
            {"label": "SGD", "optimizer": "sgd"},
            {"label": "Adam", "optimizer": "adam"},
        ),
        _quick(
            "batchnorm-vs-none",
            "Batch norm vs none",
            "A deep sigmoid network that stalls, without and with batch normalization.",
            {"dataset": "circle", "hidden_layers": (8, 8, 8, 8, 8, 8), "activation": "sigmoid"},
            {"label": "Without batch norm"},
            {"label": "With batch norm", "batch_norm": True},
        ),
        _quick(
            "skips-vs-none",
            "Skip connections vs none",
            "The same deep sigmoid network with skip connections: each layer adds its input to "
            "its output, so the gradient reaches the first layers and the circle is learned.",
            {"dataset": "circle", "hidden_layers": (8, 8, 8, 8, 8, 8), "activation": "sigmoid"},
            {"label": "Without skips"},
            {"label": "With skips", "skip_connections": True},
        ),
    ]


def preset_comparison(preset: Preset) -> Comparison:
    """The comparison a preset's "compare" part describes (ValueError if it has none or if a
    side changes the data, which a comparison must share)."""
    if preset.compare is None or preset.data is not None:
        raise ValueError(f"preset {preset.name!r} has no comparison of 2-D data")
    overrides: dict[str, dict[str, Any]] = {}
    for side, config in zip(SIDES, preset.compare, strict=True):
        changed = {
            f: getattr(config, f)
            for f in FIELD_NAMES
            if getattr(config, f) != getattr(preset.config, f)
        }
        shared = sorted(set(changed) & set(SHARED_FIELDS))
        if shared:
            raise ValueError(f"preset {preset.name!r}: side {side} changes {', '.join(shared)}")
        overrides[side] = changed
    labels = dict(zip(SIDES, preset.compare_labels, strict=True))
    match = re.match(r"lesson-(\d+)", preset.name)
    lesson = f"Lesson {int(match.group(1))}: " if match else ""
    title = f"{lesson}{labels['a']} vs {labels['b']}"
    setup = normalized(CompareSetup(preset.config, overrides, labels, preset.name))
    return Comparison(preset.name, title, preset.description, setup)


@cache
def comparisons() -> tuple[Comparison, ...]:
    """The quick comparisons, then every preset comparison of 2-D data, by name."""
    found = list(_quick_comparisons())
    for preset in list_presets():
        if preset.compare is not None and preset.data is None:
            found.append(preset_comparison(preset))
    return tuple(found)


def comparison(name: str) -> Comparison:
    """The ready-made comparison called `name`; KeyError if there is none."""
    for item in comparisons():
        if item.name == name:
            return item
    raise KeyError(name)


# --- URL query parameters -----------------------------------------------------------------------
def to_query_params(setup: CompareSetup) -> dict[str, str]:
    """The setup as URL parameters: the base's non-default fields, then `a.`/`b.` overrides."""
    params = setup.base.to_query_params()
    for side in SIDES:
        for field, value in setup.overrides[side].items():
            params[f"{side}.{field}"] = format_value(value)
        if setup.labels[side] != side.upper():
            params[f"{side}.label"] = setup.labels[side]
    return params


def from_query_params(params: Mapping[str, str]) -> tuple[CompareSetup, list[str]]:
    """A setup from URL parameters, and a warning naming every parameter that had to be ignored.

    Unprefixed parameters are the base (and the view options, read elsewhere); `a.<field>` and
    `b.<field>` a side's overrides, `a.label`/`b.label` its label. Anything else is named too.
    """
    base_params = {k: v for k, v in params.items() if "." not in k}
    base, warnings = PlaygroundConfig.from_query_params(base_params)
    if base.dataset not in DATASET_PROBLEM:  # e.g. digits: not points in the plane
        warnings.append(
            f"URL parameter 'dataset={base.dataset}' ignored: a comparison trains on 2-D points"
        )
        base = base.replace(dataset="circle", problem=None, loss=None, n_samples=None)
    for name in base_params:
        if name not in FIELD_NAMES and name not in VIEW_PARAMS and not name.startswith("embed"):
            warnings.append(f"URL parameter '{name}={params[name]}' ignored: not a setting")
    overrides: dict[str, dict[str, Any]] = {side: {} for side in SIDES}
    labels = default_labels()
    for name, text in params.items():
        if "." not in name:
            continue
        side, field = name.split(".", 1)
        problem = _override_problem(side, field)
        if problem:
            warnings.append(f"URL parameter '{name}={text}' ignored: {problem}")
        elif field == "label":
            labels[side] = text.strip()[:LABEL_MAX] or side.upper()
        else:
            try:
                overrides[side][field] = parse_value(field, text)
                base.replace(**overrides[side])
            except (ValueError, ConfigError) as error:
                overrides[side].pop(field, None)
                warnings.append(f"URL parameter '{name}={text}' ignored: {error}")
    return normalized(CompareSetup(base, overrides, labels)), warnings


def _override_problem(side: str, field: str) -> str:
    if side not in SIDES:
        return "the sides are called a and b"
    if field in SHARED_FIELDS:
        return f"both sides share the data; set '{field}' without the '{side}.' prefix"
    if field != "label" and field not in FIELD_NAMES:
        return "not a setting"
    return ""
