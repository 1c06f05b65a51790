"""Helpers the classroom tests share: a clock they move by hand, small challenges, requests.

`FakeClock` stands in for `time.time` (seconds), so rate limits are tested without waiting.
`small_challenge()` poses a quick problem (the circle, a few epochs), so re-training a submission
takes milliseconds; `request_for(config)` is what a page sends for a config; `old_class(engine)`
writes a class as the first schema kept it, for the migration tests.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from playground import PlaygroundConfig
from playground.classroom import Challenge
from playground.classroom.credentials import token_digest

START = 1_800_000_000.0  # a fixed moment (2027-01-15), so times in tests are reproducible


class FakeClock:
    """A clock that only moves when told: `clock()` is the time, `advance(seconds)` moves it."""

    def __init__(self, now: float = START):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def small_config(**changes: Any) -> PlaygroundConfig:
    """The challenge's setup: the circle, 200 points, a 4-2 network (6 hidden neurons)."""
    values = dict(dataset="circle", n_samples=200, noise=0.1, seed=3, hidden_layers=(4, 2))
    return PlaygroundConfig(**{**values, **changes})


def small_challenge(**changes: Any) -> Challenge:
    """A challenge on `small_config()` with an epoch budget of 5; `changes` set other fields."""
    values: dict[str, Any] = dict(config=small_config(), title="Circle, quickly", epoch_budget=5)
    return Challenge(**{**values, **changes})


def request_for(config: PlaygroundConfig, **extra: Any) -> dict[str, Any]:
    """A submission as a page sends it: the config's dict, plus any `extra` keys."""
    return {"config": config.to_dict(), **extra}


def old_class(engine: sa.Engine) -> int:
    """A class written as revision 0001 would (raw SQL, no `paused` column): join code
    ABCDEFGH, teacher token "the old teacher token", the small challenge; its id."""
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO classes (join_code, teacher_token_digest, created_at) "
                "VALUES ('ABCDEFGH', :digest, '2026-11-30 09:00:00')"
            ),
            {"digest": token_digest("the old teacher token")},
        )
        class_id = connection.scalar(sa.text("SELECT id FROM classes"))
        connection.execute(
            sa.text(
                "INSERT INTO challenges (class_id, created_at, challenge_json) "
                "VALUES (:class_id, '2026-11-30 09:00:00', :text)"
            ),
            {"class_id": class_id, "text": json.dumps(small_challenge().to_dict())},
        )
    return class_id
