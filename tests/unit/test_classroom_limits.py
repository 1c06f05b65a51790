"""A setup outside the challenge's limits is refused with a message naming the limit it broke.

One case per entry of `LIMIT_CHECKS` (and a test that there is one for each), the always-locked
data fields among them (a student cannot pick easier points or another split), then a setup right
at every limit that is accepted. Also here: what makes a challenge invalid, and the board's
ranking (best per student, higher or lower is better, ties sharing a rank).
"""

from __future__ import annotations

import datetime as dt

import pytest
from support.classroom import request_for, small_challenge, small_config

from playground import PlaygroundConfig
from playground.classroom import (
    LIMIT_CHECKS,
    SCORE_KINDS,
    Challenge,
    ChallengeError,
    LimitError,
    check_limits,
)
from playground.classroom.board import EntryRow, rank_board

LIMITED = dict(
    max_neurons=8,
    max_layers=2,
    allowed_features=("x1", "x2", "x1x2"),
    locked_controls=("activation", "optimizer"),
    epoch_budget=5,
)
BROKEN = [  # (what the student changed, epochs, the limit it breaks)
    ({"hidden_layers": (5, 4)}, 5, "max neurons"),
    ({"hidden_layers": (2, 2, 2)}, 5, "max layers"),
    ({"features": ("x1", "x2", "sin_x1")}, 5, "allowed features"),
    ({}, 6, "epoch budget"),
    ({"activation": "relu"}, 5, "locked controls"),
    ({"optimizer": "adam"}, 5, "locked controls"),
    ({"dataset": "xor"}, 5, "locked controls"),
    ({"seed": 4}, 5, "locked controls"),
    ({"noise": 0.3}, 5, "locked controls"),
    ({"n_samples": 300}, 5, "locked controls"),
    ({"train_ratio": 0.9}, 5, "locked controls"),
]


def test_every_limit_has_a_refusal_case() -> None:
    cases = {limit for _, _, limit in BROKEN} | {"training cost"}  # its own test, below
    assert cases == set(LIMIT_CHECKS)


def test_a_setup_too_costly_to_train_again_is_refused_by_its_cost() -> None:
    challenge = small_challenge(epoch_budget=5000, config=small_config(n_samples=1000))
    check_limits(challenge, small_config(n_samples=1000, batch_size=100), 5000)  # 25,000 steps
    with pytest.raises(LimitError, match="2,500,000") as refused:  # 500 steps × 5,000 epochs
        check_limits(challenge, small_config(n_samples=1000, batch_size=1), 5000)
    assert refused.value.limit == "training cost"


@pytest.mark.parametrize(("changes", "epochs", "limit"), BROKEN)
def test_each_limit_is_refused_with_its_name(changes, epochs, limit) -> None:
    challenge = small_challenge(**LIMITED)
    with pytest.raises(LimitError) as refused:
        check_limits(challenge, small_config(**changes), epochs)
    assert refused.value.limit == limit
    assert str(refused.value).startswith(limit.capitalize() + ":")


def test_the_messages_say_the_limit_and_what_the_setup_has() -> None:
    challenge = small_challenge(**LIMITED)
    with pytest.raises(LimitError, match="at most 8 hidden neurons in all; this setup has 9"):
        check_limits(challenge, small_config(hidden_layers=(5, 4)), 5)
    with pytest.raises(LimitError, match="Activation is locked at tanh"):
        check_limits(challenge, small_config(activation="relu"), 5)
    with pytest.raises(LimitError, match=r"also uses sin\(x₁\)"):
        check_limits(challenge, small_config(features=("x1", "sin_x1")), 5)


def test_a_setup_right_at_every_limit_is_accepted(classroom_store) -> None:
    at_limits = small_config(hidden_layers=(6, 2), features=("x1", "x1x2"), learning_rate=0.1)
    check_limits(small_challenge(**LIMITED), at_limits, 5)
    made = classroom_store.create_class(small_challenge(**LIMITED))
    classroom_store.join(made.code, "s", "Ann")
    with pytest.raises(LimitError):
        classroom_store.submit(made.code, "s", request_for(at_limits.replace(seed=9)))
    entry = classroom_store.submit(made.code, "s", request_for(at_limits))  # no rate limit used
    assert (entry.neurons, entry.epoch) == (8, 5)


def test_a_loss_score_locks_the_loss() -> None:
    challenge = small_challenge(score_kind="test_loss")
    with pytest.raises(LimitError, match="Loss is locked"):
        check_limits(challenge, small_config(loss="squared_error"), 5)
    check_limits(small_challenge(), small_config(loss="squared_error"), 5)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"score_kind": "test_r2"}, "does not score a classification"),
        ({"score_kind": "fun"}, "Score by one of"),
        ({"locked_controls": ("colour",)}, "no control called 'colour'"),
        ({"epoch_budget": 0}, "epoch budget"),
        ({"epoch_budget": 10**6}, "epoch budget"),
        ({"max_neurons": 0}, "max neurons"),
        ({"max_layers": -1}, "max layers"),
        ({"allowed_features": ()}, "Allowed features"),
        ({"allowed_features": ("x3",)}, "Allowed features"),
        ({"title": "x" * 500}, "title"),
        ({"config": PlaygroundConfig(dataset="custom")}, "your own points"),
    ],
)
def test_an_impossible_challenge_is_refused(changes, message) -> None:
    with pytest.raises(ChallengeError, match=message):
        small_challenge(**changes)


def test_a_challenge_round_trips_through_its_dict() -> None:
    challenge = small_challenge(**LIMITED, score_kind="test_loss", title="<b>Hard</b>")
    assert Challenge.from_dict(challenge.to_dict()) == challenge
    with pytest.raises(ChallengeError, match="Unknown challenge setting"):
        Challenge.from_dict({**challenge.to_dict(), "prize": 1})
    regression = Challenge(PlaygroundConfig(dataset="plane"), score_kind="test_r2")
    assert Challenge.from_dict(regression.to_dict()) == regression


def _entries(*rows: tuple[str, float, int]) -> list[EntryRow]:
    start = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    return [
        EntryRow(
            number,
            session,
            session.title(),
            score,
            neurons,
            5,
            start + dt.timedelta(seconds=number),
            {},
        )
        for number, (session, score, neurons) in enumerate(rows)
    ]


def test_the_board_ranks_each_students_best_entry() -> None:
    entries = _entries(("ann", 0.8, 6), ("bob", 0.9, 6), ("ann", 0.95, 8), ("cy", 0.9, 6),
                       ("dee", 0.9, 4), ("bob", 0.5, 2))  # fmt: skip
    board = rank_board(entries, SCORE_KINDS["test_accuracy"], session_id="bob")
    assert [(row.rank, row.display_name, row.score, row.entries) for row in board.rows] == [
        (1, "Ann", 0.95, 2), (2, "Dee", 0.9, 1), (3, "Bob", 0.9, 2), (3, "Cy", 0.9, 1),
    ]  # fmt: skip
    assert board.you == board.rows[2]
    loss_board = rank_board(entries, SCORE_KINDS["test_loss"])
    assert [row.display_name for row in loss_board.rows][:2] == ["Bob", "Ann"]
    assert rank_board(entries, SCORE_KINDS["test_loss"], session_id="nobody").you is None
