"""A submission is rate-limited, re-trained and scored by the server; a claimed score is ignored.

The engine is deterministic, so the score the store records must equal — exactly — what a fresh
`Trainer` on the same config gives after the same epochs, whatever score, neurons or epoch the
request claims. One session submits at most once per `submit_interval` (an injected clock, no
waiting); a paused class or a student who never joined is refused; the best entry counts.
Runs on both backends (conftest.py): the rate limit is a comparison of times inside the database.
"""

from __future__ import annotations

import json

import pytest
from support.classroom import request_for, small_challenge, small_config

from playground import PlaygroundConfig, Trainer
from playground.classroom import (
    Challenge,
    ClassClosedError,
    NotJoinedError,
    PausedError,
    SubmissionError,
    TooSoonError,
    measure_submission,
    open_store,
)

TAMPERED = {"score": 1.0, "test_accuracy": 1.0, "test_loss": 0.0, "neurons": 0, "epoch": 1}


def fresh_score(config: PlaygroundConfig, epochs: int, column: str = "test_accuracy") -> float:
    trainer = Trainer(config)
    trainer.run_epochs(epochs)
    return trainer.history[-1][column]


@pytest.fixture
def joined(classroom_store):
    """A class with the small challenge and one student, "Ann", on session-ann."""
    made = classroom_store.create_class(small_challenge())
    classroom_store.join(made.code, "session-ann", "Ann")
    return classroom_store, made


def test_a_tampered_score_is_ignored_and_the_servers_own_is_recorded(joined) -> None:
    store, made = joined
    config = small_config(learning_rate=0.1, hidden_layers=(3, 2))
    entry = store.submit(made.code, "session-ann", request_for(config, **TAMPERED))
    expected = fresh_score(config, 5)
    assert expected != 1.0
    assert (entry.score, entry.neurons, entry.epoch) == (expected, 5, 5)
    row = store.leaderboard(made.code).rows[0]
    assert (row.score, row.neurons, row.epoch) == (expected, 5, 5)


def test_the_epochs_asked_for_are_the_epochs_trained_and_json_text_is_accepted(joined) -> None:
    store, made = joined
    config = small_config(optimizer="adam", learning_rate=0.01)
    entry = store.submit(made.code, "session-ann", {"config": json.dumps(config.to_dict()),
                                                    "epochs": 3})  # fmt: skip
    assert (entry.epoch, entry.score) == (3, fresh_score(config, 3))


def test_the_same_config_always_measures_the_same() -> None:
    challenge = small_challenge(epoch_budget=20)
    config = small_config(dropout=0.2, optimizer="adam", learning_rate=0.01)
    first, second = (measure_submission(challenge, config, 20) for _ in range(2))
    assert first == second and first.score == fresh_score(config, 20)


def test_a_regression_challenge_is_scored_by_r2_and_by_loss() -> None:
    config = PlaygroundConfig(dataset="plane", n_samples=200, hidden_layers=(3,))
    for kind, column in (("test_r2", "test_r2"), ("test_loss", "test_loss")):
        challenge = Challenge(config=config, epoch_budget=4, score_kind=kind)
        assert measure_submission(challenge, config, 4).score == fresh_score(config, 4, column)


def test_a_run_that_diverges_before_its_first_epoch_has_no_score() -> None:
    config = PlaygroundConfig(dataset="plane", learning_rate=1.0, activation="linear",
                              hidden_layers=(8, 8), batch_size=1)  # fmt: skip
    with pytest.raises(SubmissionError, match="diverged before the first epoch"):
        measure_submission(
            Challenge(config=config, score_kind="test_r2", epoch_budget=3), config, 3
        )


def test_one_session_submits_once_per_interval(joined, clock) -> None:
    store, made = joined
    store.join(made.code, "session-bob", "Bob")
    store.submit(made.code, "session-ann", request_for(small_config()))
    clock.advance(4)
    with pytest.raises(TooSoonError, match="Wait 6 s before submitting again") as refused:
        store.submit(made.code, "session-ann", request_for(small_config()))
    assert refused.value.retry_after == pytest.approx(6)
    store.submit(made.code, "session-bob", request_for(small_config()))  # another session: fine
    clock.advance(5.9)
    with pytest.raises(TooSoonError):
        store.submit(made.code, "session-ann", request_for(small_config()))
    clock.advance(0.1)
    store.submit(made.code, "session-ann", request_for(small_config(learning_rate=0.1)))
    assert [row.entries for row in store.leaderboard(made.code).rows] in ([2, 1], [1, 2])


def test_the_interval_is_configurable(classroom_url, clock) -> None:
    store = open_store(classroom_url, clock=clock, submit_interval=2.0)
    made = store.create_class(small_challenge())
    store.join(made.code, "s", "Ann")
    store.submit(made.code, "s", request_for(small_config()))
    clock.advance(2.0)
    store.submit(made.code, "s", request_for(small_config()))
    with pytest.raises(TooSoonError):
        store.submit(made.code, "s", request_for(small_config()))
    store.close()


def test_a_refused_setup_does_not_use_up_the_rate_limit(joined) -> None:
    store, made = joined
    with pytest.raises(SubmissionError):
        store.submit(made.code, "session-ann", {"config": {"dataset": "nowhere"}})
    store.submit(made.code, "session-ann", request_for(small_config()))


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        ("not a dict", "A submission is a setup"),
        ({}, "needs the setup"),
        ({"config": "{not json"}, "not valid JSON"),
        ({"config": "x" * 50_000}, "far too large"),
        ({"config": {"learning_rate": -1}}, "learning_rate"),
        ({"config": {"colour": "red"}}, "colour: unknown field"),
        ({"config": {"hidden_layers": "8,8"}}, "not valid"),
        ({"config": {}, "epochs": "5"}, "whole number"),
        ({"config": {}, "epochs": 0}, "whole number"),
        ({"config": {}, "epochs": True}, "whole number"),
    ],
)
def test_a_malformed_submission_is_refused_with_a_message(joined, request_, message) -> None:
    store, made = joined
    with pytest.raises(SubmissionError, match=message):
        store.submit(made.code, "session-ann", request_)
    assert store.leaderboard(made.code).rows == ()


def test_a_paused_class_takes_no_submissions_until_resumed(joined) -> None:
    store, made = joined
    store.set_paused(made.code, made.teacher_token, True)
    with pytest.raises(PausedError, match="paused submissions"):
        store.submit(made.code, "session-ann", request_for(small_config()))
    store.set_paused(made.code, made.teacher_token, False)
    store.submit(made.code, "session-ann", request_for(small_config()))


def test_only_a_student_who_joined_can_submit(joined) -> None:
    store, made = joined
    for session in ("session-stranger", "Ann", made.teacher_token[:64]):
        with pytest.raises(NotJoinedError, match="Join the class"):
            store.submit(made.code, session, request_for(small_config()))


def test_a_class_closed_while_a_submission_trains_does_not_record_it(classroom_url) -> None:
    def close_first(challenge, config, epochs):
        store.close_class(made.code, made.teacher_token)
        return measure_submission(challenge, config, epochs)

    store = open_store(classroom_url, verifier=close_first)
    made = store.create_class(small_challenge())
    store.join(made.code, "s", "Ann")
    with pytest.raises(ClassClosedError):
        store.submit(made.code, "s", request_for(small_config()))
    assert store.leaderboard(made.code).rows == ()
    store.close()


def test_a_challenge_changed_while_a_submission_trains_refuses_it_in_words(
    classroom_url,
) -> None:
    def change_first(challenge, config, epochs):
        store.set_challenge(made.code, made.teacher_token, small_challenge(title="Next one"))
        return measure_submission(challenge, config, epochs)

    store = open_store(classroom_url, verifier=change_first)
    made = store.create_class(small_challenge())
    store.join(made.code, "s", "Ann")
    with pytest.raises(SubmissionError, match="new challenge"):
        store.submit(made.code, "s", request_for(small_config()))
    assert store.leaderboard(made.code).rows == ()
    store.close()


def test_a_students_best_entry_counts(joined, clock) -> None:
    store, made = joined
    good, poor = small_config(learning_rate=0.3), small_config(learning_rate=0.0001)
    assert fresh_score(good, 5) > fresh_score(poor, 5)
    for config in (good, poor):
        store.submit(made.code, "session-ann", request_for(config))
        clock.advance(10)
    (row,) = store.leaderboard(made.code, session_id="session-ann").rows
    assert (row.score, row.config, row.entries, row.is_you) == (
        fresh_score(good, 5), good.to_dict(), 2, True,
    )  # fmt: skip
