"""Only the teacher's token can change, clear or close a class; a wrong code says so plainly.

Every teacher-only action is tried with everything a student (or a stranger) could send instead
of the token — the join code, their session id, another class's token, the token's stored digest,
near misses, junk of other types — and must be refused with `NotTeacherError` and change nothing.
Codes and tokens are random, checked with `hmac.compare_digest`, kept only as a digest, and never
appear in a repr, an error message or a log line. Runs on both backends (conftest.py).
"""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa
from support.classroom import request_for, small_challenge, small_config

from playground.classroom import (
    ClassClosedError,
    ClassroomError,
    NotTeacherError,
    UnknownCodeError,
    credentials,
    open_store,
)
from playground.classroom.schema import classes, entries, students

TEACHER_ACTIONS = {
    "teacher_class": lambda store, code, token: store.teacher_class(code, token),
    "set_challenge": lambda store, code, token: store.set_challenge(
        code, token, small_challenge(max_neurons=2)
    ),
    "pause": lambda store, code, token: store.set_paused(code, token, True),
    "resume": lambda store, code, token: store.set_paused(code, token, False),
    "clear_board": lambda store, code, token: store.clear_board(code, token),
    "close_class": lambda store, code, token: store.close_class(code, token),
    "roster": lambda store, code, token: store.roster(code, token),
    "set_seats": lambda store, code, token: store.set_seats(code, token, 3),
    "remove_student": lambda store, code, token: store.remove_student(code, token, "Student"),
}


def _class_with_an_entry(store):
    made = store.create_class(small_challenge())
    store.join(made.code, "session-student", "Student")
    store.submit(made.code, "session-student", request_for(small_config()))
    return made


def _state(store, made) -> tuple:
    info = store.teacher_class(made.code, made.teacher_token)
    board = store.leaderboard(made.code)
    roster = store.roster(made.code, made.teacher_token)
    scores = [row.score for row in board.rows]
    return info.challenge, info.paused, info.is_closed, info.max_students, roster, scores


def _what_a_student_could_send(made, other) -> list[object]:
    token = made.teacher_token
    return [
        made.code, made.display_code, "session-student", other.teacher_token, other.code,
        credentials.token_digest(token), token.upper(), token[:-1], token + " ", " " + token,
        token[:-1] + ("A" if token[-1] != "A" else "B"), "", None, 0, ["x"], {"token": token},
        "x" * 10_000, credentials.new_teacher_token(),
    ]  # fmt: skip


@pytest.mark.parametrize("action", TEACHER_ACTIONS)
def test_every_teacher_action_refuses_anything_but_the_teacher_token(
    classroom_store, action: str
) -> None:
    store = classroom_store
    made, other = _class_with_an_entry(store), store.create_class(small_challenge())
    before = _state(store, made)
    for credential in _what_a_student_could_send(made, other):
        with pytest.raises(NotTeacherError, match="Only the teacher's link can do that"):
            TEACHER_ACTIONS[action](store, made.code, credential)
    assert _state(store, made) == before
    TEACHER_ACTIONS[action](store, made.code, made.teacher_token)  # the teacher's token works


def test_one_teacher_token_never_opens_another_class(classroom_store) -> None:
    store = classroom_store
    first, second = store.create_class(small_challenge()), store.create_class(small_challenge())
    for action in TEACHER_ACTIONS.values():
        with pytest.raises(NotTeacherError):
            action(store, second.code, first.teacher_token)


def test_the_teacher_token_is_compared_in_constant_time(classroom_store, monkeypatch) -> None:
    calls = []
    real = credentials.hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(credentials.hmac, "compare_digest", spy)
    made = classroom_store.create_class(small_challenge())
    classroom_store.set_paused(made.code, made.teacher_token, True)
    with pytest.raises(NotTeacherError):
        classroom_store.set_paused(made.code, "not the token", False)
    assert len(calls) == 2


def test_only_the_token_digest_is_stored(classroom_store) -> None:
    made = classroom_store.create_class(small_challenge())
    with classroom_store.engine.connect() as connection:
        row = connection.execute(sa.select(classes)).one()
    assert made.teacher_token not in [str(value) for value in row]
    assert row.teacher_token_digest == credentials.token_digest(made.teacher_token)


def test_only_the_seat_tokens_digest_is_stored(classroom_store) -> None:
    _class_with_an_entry(classroom_store)
    with classroom_store.engine.connect() as connection:
        kept = [
            value
            for table in (students, entries)
            for row in connection.execute(sa.select(table))
            for value in row
        ]
    assert "session-student" not in [str(value) for value in kept]
    assert credentials.token_digest("session-student") in kept


@pytest.mark.parametrize(
    "typed", ["ZZZZ-ZZZZ", "", "   ", "ABCD", "ABCD-EFGH-JKLM", "<script>", "💥" * 8, None, 42]
)
def test_a_wrong_code_says_so_plainly(classroom_store, typed) -> None:
    classroom_store.create_class(small_challenge())
    for attempt in (
        lambda: classroom_store.class_info(typed),
        lambda: classroom_store.join(typed, "session-1", "Ann"),
        lambda: classroom_store.submit(typed, "session-1", request_for(small_config())),
        lambda: classroom_store.leaderboard(typed),
    ):
        with pytest.raises(UnknownCodeError) as refused:
            attempt()
        assert str(refused.value).startswith("No class has that code.")


def test_a_closed_class_says_so_to_students_and_keeps_its_final_board(classroom_store) -> None:
    store = classroom_store
    made = _class_with_an_entry(store)
    store.close_class(made.code, made.teacher_token)
    store.close_class(made.code, made.teacher_token)  # twice is harmless
    for attempt in (
        lambda: store.class_info(made.code),
        lambda: store.join(made.code, "session-new", "Newcomer"),
        lambda: store.submit(made.code, "session-student", request_for(small_config())),
        lambda: store.set_paused(made.code, made.teacher_token, True),
        lambda: store.set_seats(made.code, made.teacher_token, 5),
    ):
        with pytest.raises(ClassClosedError, match="closed by the teacher"):
            attempt()
    final = store.leaderboard(made.code, session_id="session-student")
    assert final.you is not None and final.you.rank == 1 and len(final.rows) == 1
    assert store.seat(made.code, "session-student").display_name == "Student"
    # The final board is still shown, so the teacher can still take a name off it.
    assert store.remove_student(made.code, made.teacher_token, "Student") == 1
    assert store.leaderboard(made.code).rows == ()


def test_codes_are_random_unambiguous_and_read_back_however_typed() -> None:
    assert credentials.JOIN_CODE_BITS >= 30
    codes = {credentials.new_join_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(credentials.normalize_code(code) == code for code in codes)
    assert not set("".join(codes)) & set("01OI")
    assert credentials.normalize_code(" abcd-efgh\n") == "ABCDEFGH"
    assert credentials.normalize_code("ABCD EFGH") == "ABCDEFGH"
    assert credentials.normalize_code("ABCD-EFG0") is None
    assert len({credentials.new_teacher_token() for _ in range(100)}) == 100


def test_no_credential_appears_in_a_repr_a_message_or_a_log_line(classroom_url, caplog) -> None:
    caplog.set_level(logging.DEBUG)  # before the engine is made: it asks once whether to log SQL
    # SQLAlchemy sets its own level (WARN); INFO is what `echo=True` logs: every statement. (At
    # DEBUG it would log the rows it reads too, credentials among them: never run it so.)
    caplog.set_level(logging.INFO, logger="sqlalchemy")
    store = open_store(classroom_url)
    made = store.create_class(small_challenge())
    student = store.join(made.code, "session-secret-123", "Ann")
    entry = store.submit(made.code, "session-secret-123", request_for(small_config()))
    board = store.leaderboard(made.code, session_id="session-secret-123")
    store.set_paused(made.code, made.teacher_token, True)
    messages = []
    for attempt in (
        lambda: store.set_paused(made.code, made.code, False),
        lambda: store.submit(made.code, "session-secret-123", request_for(small_config())),
        lambda: store.join(made.code + "X", "session-secret-123", "Ann"),
    ):
        with pytest.raises(ClassroomError) as refused:
            attempt()
        messages.append(str(refused.value))
    shown = [repr(value) for value in (made, student, entry, board, store, board.rows[0])]
    shown += [repr(store.class_info(made.code)), *messages, caplog.text]
    store.close()
    assert "INSERT INTO entries" in caplog.text  # the SQL was logged, without its parameters
    for secret in (made.code, made.display_code, made.teacher_token, "session-secret-123"):
        for text in shown:
            assert secret not in text
