"""Whether a student's setup keeps to the challenge: one check per limit, in a name → check table.

`LIMIT_CHECKS` maps each limit's name (the name a refusal message and `LimitError.limit`
carry) to a function of (challenge, config, epochs) that returns None when the setup keeps to it or
a sentence saying what the limit is and what the setup has. `check_limits` runs them in order and
raises `LimitError` for the first one broken. `parse_submission` turns what a page sends
(a dict with the setup under "config" and optionally the "epochs" trained) into a validated config
and a number of epochs; every other key — a score the browser claims, say — is ignored, because
the server measures the score itself (`verification.py`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from playground.classroom.challenge import Challenge
from playground.classroom.errors import LimitError, SubmissionError
from playground.config import ConfigError, PlaygroundConfig, format_value, steps_per_epoch
from playground.data.features import FEATURE_LABELS
from playground.settings import SETTINGS

MAX_CONFIG_JSON = 20_000  # characters: a real config is under 1,000
# The server trains every submission again: at most this many mini-batch steps each (epochs ×
# batches per epoch), about ten seconds of a core for a mid-sized network.
MAX_SUBMISSION_STEPS = 300_000
MIN_SEATS, DEFAULT_SEATS, MAX_SEATS = 1, 100, 500  # how many students one class takes

LimitCheck = Callable[[Challenge, PlaygroundConfig, int], str | None]


def neurons_used(config: PlaygroundConfig) -> int:
    """Hidden neurons in all (the inputs and the output do not count)."""
    return sum(config.hidden_layers)


def _locked_controls(challenge: Challenge, config: PlaygroundConfig, epochs: int) -> str | None:
    for name in challenge.locked:
        wanted = getattr(challenge.config, name)
        if getattr(config, name) != wanted:
            label = SETTINGS[name].label if name in SETTINGS else name
            shown = ", ".join(map(_feature, wanted)) if name == "features" else format_value(wanted)
            return f"Locked controls: {label} is locked at {shown} by the teacher."
    return None


def _max_neurons(challenge: Challenge, config: PlaygroundConfig, epochs: int) -> str | None:
    limit, used = challenge.max_neurons, neurons_used(config)
    if limit is not None and used > limit:
        return f"Max neurons: at most {limit} hidden neurons in all; this setup has {used}."
    return None


def _max_layers(challenge: Challenge, config: PlaygroundConfig, epochs: int) -> str | None:
    limit, used = challenge.max_layers, len(config.hidden_layers)
    if limit is not None and used > limit:
        return f"Max layers: at most {limit} hidden layers; this setup has {used}."
    return None


def _allowed_features(challenge: Challenge, config: PlaygroundConfig, epochs: int) -> str | None:
    allowed = challenge.allowed_features
    if allowed is None:
        return None
    extra = [name for name in config.features if name not in allowed]
    if extra:
        return (
            f"Allowed features: only {', '.join(map(_feature, allowed))} may be used; this setup "
            f"also uses {', '.join(map(_feature, extra))}."
        )
    return None


def _epoch_budget(challenge: Challenge, config: PlaygroundConfig, epochs: int) -> str | None:
    if epochs > challenge.epoch_budget:
        return f"Epoch budget: at most {challenge.epoch_budget} epochs; this asks for {epochs}."
    return None


def _training_cost(challenge: Challenge, config: PlaygroundConfig, epochs: int) -> str | None:
    steps = epochs * steps_per_epoch(config)
    if steps > MAX_SUBMISSION_STEPS:
        return (
            f"Training cost: the server trains at most {MAX_SUBMISSION_STEPS:,} mini-batch steps "
            f"per submission; {epochs:,} epochs of this setup are {steps:,}. Use a larger batch."
        )
    return None


def _feature(name: str) -> str:
    return FEATURE_LABELS.get(name, name)


LIMIT_CHECKS: dict[str, LimitCheck] = {
    "locked controls": _locked_controls,
    "max neurons": _max_neurons,
    "max layers": _max_layers,
    "allowed features": _allowed_features,
    "epoch budget": _epoch_budget,
    "training cost": _training_cost,
}


def limit_problem(challenge: Challenge, config: PlaygroundConfig, epochs: int) -> LimitError | None:
    """The first limit the setup breaks, as an exception ready to raise, or None."""
    for limit, check in LIMIT_CHECKS.items():
        message = check(challenge, config, epochs)
        if message:
            return LimitError(limit, message)
    return None


def check_limits(challenge: Challenge, config: PlaygroundConfig, epochs: int) -> None:
    """Raise `LimitError` (naming the limit) unless the setup keeps to every limit."""
    problem = limit_problem(challenge, config, epochs)
    if problem is not None:
        raise problem


def parse_submission(
    challenge: Challenge, request: Mapping[str, Any]
) -> tuple[PlaygroundConfig, int]:
    """The config and epoch count a submission asks to be scored with.

    `request["config"]` is a `PlaygroundConfig.to_dict()` result (or its JSON text);
    `request["epochs"]` defaults to the challenge's epoch budget. Other keys are ignored.
    """
    if not isinstance(request, Mapping):
        raise SubmissionError("A submission is a setup (config) and a number of epochs.")
    values = request.get("config")
    if isinstance(values, str):
        if len(values) > MAX_CONFIG_JSON:
            raise SubmissionError("That setup is far too large to be a playground setup.")
        try:
            values = json.loads(values)
        except json.JSONDecodeError:
            raise SubmissionError("That setup is not valid JSON.") from None
    if not isinstance(values, Mapping):
        raise SubmissionError("A submission needs the setup (config) to score.")
    try:
        config = PlaygroundConfig.from_dict(values)
    except (ConfigError, TypeError, ValueError) as error:
        raise SubmissionError(f"That setup is not valid: {error}") from None
    epochs = request.get("epochs", challenge.epoch_budget)
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise SubmissionError("The number of epochs is a whole number, 1 or more.")
    return config, epochs
