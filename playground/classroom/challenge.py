"""A challenge: the setup the teacher poses, what students may change, and how it is scored.

`Challenge` holds a full `PlaygroundConfig` (a preset or the teacher's current playground setup),
the controls the teacher locked, the limits (maximum hidden neurons, maximum hidden layers, the
input features allowed, the epoch budget the server trains a submission for) and the score kind,
one of `SCORE_KINDS`: test accuracy (classification), test loss (any problem; lower is better)
or test R² (regression). It validates itself when made, with a `ChallengeError` message a
teacher can read, and turns into a JSON-ready dict and back (the store keeps it as JSON). The data
fields and the seed are always locked: a challenge is posed on one data set and one split, so a
student cannot pick easier points. Checking a student's setup against all this is `limits.py`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from playground.classroom.errors import ChallengeError
from playground.config import DATA_FIELDS, FIELD_NAMES, ConfigError, PlaygroundConfig
from playground.data.features import FEATURES
from playground.settings import MAX_LAYERS, MAX_UNITS

MAX_EPOCH_BUDGET = 5000  # the server re-trains every submission: bound its cost
DEFAULT_EPOCH_BUDGET = 300
MAX_TITLE_LENGTH = 200
MAX_NEURONS = MAX_UNITS * MAX_LAYERS  # the largest network the playground builds
ALWAYS_LOCKED = (*DATA_FIELDS,)  # dataset, n_samples, noise, train_ratio, n_classes, seed, problem


@dataclasses.dataclass(frozen=True)
class ScoreKind:
    """How a challenge is scored: the history column read after training, which way is better,
    the problems it applies to, and fields it locks (a loss score is only fair on one loss)."""

    name: str
    label: str
    column: str
    higher_is_better: bool
    problems: tuple[str, ...]
    locks: tuple[str, ...] = ()

    def format(self, score: float) -> str:
        """The score as the board shows it (`91.2 %`, `0.231`)."""
        return f"{score:.1%}".replace("%", " %") if self.name == "test_accuracy" else f"{score:.3f}"


SCORE_KINDS: dict[str, ScoreKind] = {
    kind.name: kind
    for kind in (
        ScoreKind("test_accuracy", "Test accuracy", "test_accuracy", True, ("classification",)),
        ScoreKind(
            "test_loss", "Test loss", "test_loss", False, ("classification", "regression"),
            locks=("loss",),
        ),
        ScoreKind("test_r2", "Test R²", "test_r2", True, ("regression",)),
    )
}  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Challenge:
    """What the teacher poses. `None` limits mean "no limit"; `title` is plain text."""

    config: PlaygroundConfig
    title: str = ""
    locked_controls: tuple[str, ...] = ()
    max_neurons: int | None = None
    max_layers: int | None = None
    allowed_features: tuple[str, ...] | None = None
    epoch_budget: int = DEFAULT_EPOCH_BUDGET
    score_kind: str = "test_accuracy"

    def __post_init__(self) -> None:
        object.__setattr__(self, "locked_controls", tuple(self.locked_controls))
        if self.allowed_features is not None:
            object.__setattr__(self, "allowed_features", tuple(self.allowed_features))
        _validate(self)

    @property
    def score(self) -> ScoreKind:
        return SCORE_KINDS[self.score_kind]

    @property
    def locked(self) -> tuple[str, ...]:
        """Every field a submission must leave as the challenge has it (always-locked included)."""
        names = (*ALWAYS_LOCKED, *self.score.locks, *self.locked_controls)
        return tuple(dict.fromkeys(names))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; `Challenge.from_dict` reads it back."""
        values = dataclasses.asdict(self)
        values["config"] = self.config.to_dict()
        values["locked_controls"] = list(self.locked_controls)
        if self.allowed_features is not None:
            values["allowed_features"] = list(self.allowed_features)
        return values

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> Challenge:
        """The challenge a `to_dict` result describes; `ChallengeError` for a bad one."""
        known = {field.name for field in dataclasses.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ChallengeError(f"Unknown challenge setting {unknown[0]!r}.")
        if not isinstance(values.get("config"), Mapping):
            raise ChallengeError("A challenge needs a setup (config).")
        try:
            config = PlaygroundConfig.from_dict(values["config"])
        except (ConfigError, TypeError) as error:
            raise ChallengeError(f"The challenge's setup is not valid: {error}") from None
        rest = {key: value for key, value in values.items() if key != "config"}
        for key in ("locked_controls", "allowed_features"):
            if isinstance(rest.get(key), list):
                rest[key] = tuple(rest[key])
        return cls(config=config, **rest)


def _validate(challenge: Challenge) -> None:
    config = challenge.config
    if not isinstance(config, PlaygroundConfig):
        raise ChallengeError("A challenge needs a setup (a PlaygroundConfig).")
    if config.is_custom:
        raise ChallengeError("A challenge cannot use your own points: pick a data set.")
    if not isinstance(challenge.title, str) or len(challenge.title) > MAX_TITLE_LENGTH:
        raise ChallengeError(f"The title is text of at most {MAX_TITLE_LENGTH} characters.")
    kind = SCORE_KINDS.get(challenge.score_kind)
    if kind is None:
        raise ChallengeError(f"Score by one of: {', '.join(SCORE_KINDS)}.")
    if config.problem not in kind.problems:
        raise ChallengeError(f"{kind.label} does not score a {config.problem} problem.")
    for name in challenge.locked_controls:
        if name not in FIELD_NAMES:
            raise ChallengeError(f"There is no control called {name!r} to lock.")
    _check_count("epoch budget", challenge.epoch_budget, 1, MAX_EPOCH_BUDGET, allow_none=False)
    _check_count("max neurons", challenge.max_neurons, 1, MAX_NEURONS, allow_none=True)
    _check_count("max layers", challenge.max_layers, 0, MAX_LAYERS, allow_none=True)
    features = challenge.allowed_features
    if features is not None:
        wrong = [name for name in features if name not in FEATURES]
        if wrong or not features:
            raise ChallengeError(f"Allowed features are some of: {', '.join(FEATURES)}.")


def _check_count(label: str, value: Any, low: int, high: int, allow_none: bool) -> None:
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ChallengeError(f"The {label} is a whole number from {low} to {high}.")
