"""The playground's configuration: one frozen dataclass of names and numbers.

`PlaygroundConfig` says everything needed to reproduce a run — which data, which network, how it is
trained — and nothing else: it holds names (strings) and numbers, never functions, so it turns into
a dict (JSON) and into URL query parameters and back without loss. It validates itself when it is
made, and every error names the field and the values it allows. A few fields may be left as `None`
and are filled from the dataset (the problem type, the loss and the number of points).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

from playground.data.generators import DEFAULT_SAMPLES
from playground.settings import (
    ACTIVATION_NAMES,
    ALL_DATASETS,
    CUSTOM,
    DIGITS_IMAGES,
    EXTERNAL_DATASETS,
    FIELDS_REBUILDING,
    LOSS_NAMES,
    LR_SCHEDULES,
    MAX_LAYERS,
    MAX_UNITS,
    OPTIMIZERS,
    PROBLEMS,
    REGULARIZATIONS,
    SETTINGS,
    WEIGHT_INITS,
    Setting,
)

__all__ = [  # the names the rest of the code takes from here (the table is in settings.py)
    "ACTIVATION_NAMES", "ALL_DATASETS", "CUSTOM", "DATA_FIELDS", "DEFAULT_SAMPLES",
    "EXTERNAL_DATASETS", "FIELD_NAMES", "LOSS_NAMES", "LR_SCHEDULES", "MAX_LAYERS", "MAX_UNITS",
    "NETWORK_FIELDS", "OPTIMIZERS", "PROBLEMS", "REGULARIZATIONS", "WEIGHT_INITS", "ConfigError",
    "PlaygroundConfig", "check_data_fits", "format_value", "needs_rebuild", "parse_value",
    "steps_per_epoch",
]  # fmt: skip
# Changing one of these means new data or a new network; every other field can change mid-training.
DATA_FIELDS, NETWORK_FIELDS = FIELDS_REBUILDING["data"], FIELDS_REBUILDING["network"]


class ConfigError(ValueError):
    """A config value is not allowed; `field` names the offending field."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclasses.dataclass(frozen=True)
class PlaygroundConfig:
    """Everything that defines a playground run. Field names are also the URL parameter names."""

    dataset: str = "circle"
    n_samples: int | None = None
    noise: float = 0.0
    train_ratio: float = 0.5
    n_classes: int = 3
    seed: int = 0
    features: tuple[str, ...] = ("x1", "x2")
    problem: str | None = None
    hidden_layers: tuple[int, ...] = (4, 2)
    activation: str | tuple[str, ...] = "tanh"
    weight_init: str = "glorot"
    loss: str | None = None
    regularization: str = "none"
    regularization_rate: float = 0.0
    dropout: float | tuple[float, ...] = 0.0
    batch_norm: bool = False
    skip_connections: bool = False
    optimizer: str = "sgd"
    learning_rate: float = 0.03
    momentum: float = 0.9
    nesterov: bool = False
    beta_1: float = 0.9
    beta_2: float = 0.999
    rho: float = 0.9
    epsilon: float = 1e-8
    batch_size: int = 10
    lr_schedule: str = "constant"
    lr_decay: float = 0.5
    lr_decay_epochs: int = 100
    early_stopping: int = 0

    def __post_init__(self) -> None:
        for name, value in _normalized(self).items():
            object.__setattr__(self, name, value)
        _validate(self)

    @property
    def is_custom(self) -> bool:
        """True for points the user uploaded or drew (they are not in the config)."""
        return self.dataset == CUSTOM

    @property
    def is_multiclass(self) -> bool:
        if self.dataset == "digits":
            return True
        return self.problem == "classification" and self.dataset == "blobs" and self.n_classes > 2

    def activations(self) -> tuple[str, ...]:
        """One activation name per hidden layer."""
        if isinstance(self.activation, str):
            return (self.activation,) * len(self.hidden_layers)
        return self.activation

    def dropout_rates(self) -> tuple[float, ...]:
        """One dropout rate per hidden layer."""
        if isinstance(self.dropout, float):
            return (self.dropout,) * len(self.hidden_layers)
        return self.dropout

    def replace(self, **changes: Any) -> PlaygroundConfig:
        """A copy with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (tuples become lists)."""
        return {
            f.name: list(v) if isinstance(v, tuple) else v
            for f in dataclasses.fields(self)
            for v in [getattr(self, f.name)]
        }

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> PlaygroundConfig:
        """The config a `to_dict` result describes; unknown keys are an error."""
        unknown = sorted(set(values) - set(FIELD_NAMES))
        if unknown:
            raise ConfigError(unknown[0], f"unknown field; known fields: {', '.join(FIELD_NAMES)}")
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})

    def to_query_params(self) -> dict[str, str]:
        """The fields that differ from the defaults, as URL query strings."""
        default = PlaygroundConfig(dataset=self.dataset)
        return {
            name: format_value(getattr(self, name))
            for name in FIELD_NAMES
            if getattr(self, name) != getattr(default, name) or name == "dataset"
        }

    @classmethod
    def from_query_params(cls, params: Mapping[str, str]) -> tuple[PlaygroundConfig, list[str]]:
        """A config from URL parameters, and a warning for every parameter that had to be ignored.

        Parameters this config does not know are left alone (the page has its own).
        """
        warnings: list[str] = []
        values: dict[str, Any] = {}
        for name in FIELD_NAMES:
            if name not in params:
                continue
            try:
                values[name] = parse_value(name, params[name])
            except ValueError as error:
                warnings.append(f"URL parameter '{name}={params[name]}' ignored: {error}")
        while True:
            try:
                return cls(**values), warnings
            except ConfigError as error:
                field = error.field if error.field in values else next(iter(values))
                warnings.append(f"URL parameter '{field}={params[field]}' ignored: {error}")
                del values[field]


FIELD_NAMES = tuple(f.name for f in dataclasses.fields(PlaygroundConfig))


def steps_per_epoch(config: PlaygroundConfig) -> int:
    """Mini-batch steps in one epoch of `config`: its training points over the batch size."""
    n = DIGITS_IMAGES if config.dataset == "digits" else config.n_samples
    n_train = max(1, round(n * config.train_ratio))
    return math.ceil(n_train / max(1, min(config.batch_size, n_train)))


def needs_rebuild(old: PlaygroundConfig, new: PlaygroundConfig) -> bool:
    """True when going from `old` to `new` needs new data or a new network."""
    return any(getattr(old, f) != getattr(new, f) for f in DATA_FIELDS + NETWORK_FIELDS)


def format_value(value: Any) -> str:
    """A field value as a URL query string."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, tuple):
        return ",".join(format_value(v) for v in value)
    if isinstance(value, float):
        return repr(value)
    return "" if value is None else str(value)


def parse_value(name: str, text: str) -> Any:
    """A URL query string as the field's value; ValueError when it does not parse."""
    setting, text = SETTINGS[name], text.strip()
    if setting.kind == "bool":
        if text.lower() not in ("1", "0", "true", "false"):
            raise ValueError("expected 1 or 0")
        return text.lower() in ("1", "true")
    items = [item.strip() for item in text.split(",")] if text else []
    if setting.kind == "layers":
        return tuple(_parse_int(item) for item in items)
    if setting.kind == "features" or (setting.per_layer and len(items) > 1):
        return tuple(_parse_scalar(setting, item) for item in items)
    return _parse_scalar(setting, text)


def _parse_scalar(setting: Setting, text: str) -> Any:
    if setting.kind == "int":
        return _parse_int(text)
    if setting.kind == "float":
        return float(text)
    return text


def _parse_int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a whole number") from None


def _normalized(cfg: PlaygroundConfig) -> dict[str, Any]:
    """Fill the `None` fields from the dataset and turn lists and ints into canonical types."""
    problem = cfg.problem or ALL_DATASETS.get(cfg.dataset) or "classification"
    values: dict[str, Any] = {
        "problem": problem,
        "n_samples": cfg.n_samples if cfg.n_samples is not None else DEFAULT_SAMPLES[problem],
        "loss": cfg.loss or ("squared_error" if problem == "regression" else "cross_entropy"),
        "features": tuple(cfg.features),
        "hidden_layers": tuple(cfg.hidden_layers),
    }
    for name, setting in SETTINGS.items():
        if setting.per_layer:
            kind = float if setting.kind == "float" else str
            values[name] = _one_or_per_layer(getattr(cfg, name), kind, name)
        elif setting.kind == "float":
            values[name] = _as_float(cfg, name)
    return values


def _as_float(cfg: PlaygroundConfig, name: str) -> float:
    value = getattr(cfg, name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(name, f"must be a number, got {value!r}")
    return float(value)


def _one_or_per_layer(value: Any, kind: type, name: str) -> Any:
    """A single value, or a tuple with one per layer; a 1-tuple collapses to its value."""
    if isinstance(value, (list, tuple)):
        items = tuple(kind(v) if kind is float and isinstance(v, int) else v for v in value)
        return items[0] if len(set(items)) == 1 else items
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _validate(cfg: PlaygroundConfig) -> None:
    """Every field against its row of the settings table, then the rules between fields."""
    for name, setting in SETTINGS.items():
        _check_setting(setting, getattr(cfg, name), len(cfg.hidden_layers))
    if cfg.dataset != CUSTOM and ALL_DATASETS[cfg.dataset] != cfg.problem:
        raise ConfigError(
            "problem",
            f"dataset '{cfg.dataset}' is a {ALL_DATASETS[cfg.dataset]} dataset, not {cfg.problem}",
        )
    _check_loss(cfg)


def _check_setting(setting: Setting, value: Any, n_layers: int) -> None:
    name = setting.name
    if setting.per_layer:
        _check_per_layer(name, value, n_layers)
    for item in value if setting.per_layer and isinstance(value, tuple) else (value,):
        CHECKS[setting.kind](setting, item)


CHECKS = {  # setting kind -> check of one value
    "choice": lambda setting, value: _check_choice(setting.name, value, setting.choices),
    "int": lambda setting, value: _check_int(setting.name, value, setting.low, setting.high),
    "float": lambda setting, value: _check_range(setting.name, value, setting.low, setting.high),
    "bool": lambda setting, value: _check_bool(setting.name, value),
    "layers": lambda setting, value: _check_layers(value),
    "features": lambda setting, value: _check_features(value),
}


def _check_choice(field: str, value: Any, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ConfigError(field, f"{value!r} is not one of: {', '.join(allowed)}")


def _check_range(field: str, value: float, low: float, high: float) -> None:
    if not (math.isfinite(value) and low <= value <= high):
        raise ConfigError(field, f"{value!r} is outside the allowed range {low:g} to {high:g}")


def _check_int(field: str, value: Any, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(field, f"must be a whole number, got {value!r}")
    if not low <= value <= high:
        raise ConfigError(field, f"{value} is outside the allowed range {low} to {high}")


def _check_bool(field: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise ConfigError(field, f"must be true or false, got {value!r}")


def _check_features(features: tuple[str, ...]) -> None:
    allowed = SETTINGS["features"].choices
    if not features:
        raise ConfigError("features", f"choose at least one of: {', '.join(allowed)}")
    for name in features:
        _check_choice("features", name, allowed)
    if len(set(features)) != len(features):
        raise ConfigError("features", "a feature is listed twice")


def _check_layers(layers: tuple[int, ...]) -> None:
    if len(layers) > MAX_LAYERS:
        raise ConfigError("hidden_layers", f"at most {MAX_LAYERS} hidden layers, got {len(layers)}")
    for units in layers:
        _check_int("hidden_layers", units, 1, MAX_UNITS)


def _check_per_layer(field: str, value: Any, n_layers: int) -> None:
    if isinstance(value, tuple) and len(value) != n_layers:
        raise ConfigError(
            field,
            f"give one value for all layers or one per hidden layer ({n_layers}), got {len(value)}",
        )


def _check_loss(cfg: PlaygroundConfig) -> None:
    if cfg.problem == "regression" and cfg.loss != "squared_error":
        raise ConfigError("loss", "regression uses squared_error")
    if cfg.is_multiclass and cfg.loss != "cross_entropy":
        raise ConfigError("loss", "multi-class classification uses cross_entropy")


def check_data_fits(cfg: PlaygroundConfig, n_classes: int) -> None:
    """ConfigError unless the config's loss suits data of `n_classes` (0 = regression): the
    user's own points carry their number of classes, which the config cannot know."""
    if n_classes == 0 and cfg.loss != "squared_error":
        raise ConfigError("loss", "these points are a regression problem: it uses squared_error")
    if n_classes > 2 and cfg.loss != "cross_entropy":
        raise ConfigError(
            "loss",
            f"these points have {n_classes} classes: multi-class classification uses cross_entropy",
        )


_DEFAULTS = {f.name: f.default for f in dataclasses.fields(PlaygroundConfig)}
