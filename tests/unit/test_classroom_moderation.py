"""What a teacher moderates, and what the store keeps for the board: names, seats, turns, pictures.

The teacher takes one student off the board (their entries and name go, the seat is free to join
again under another name, an entry still training is not recorded); a class takes at most its
seats (a full class refuses newcomers, not those already in); submissions take turns to train
(one at a time per process, a long wait says "busy" and leaves the rate limit alone); each entry
keeps the picture of the network the server trained, read back only through its own class.
An old database's seat tokens are digested by the migration, so old seat links still work.
Runs on both backends (conftest.py).
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from support.classroom import FakeClock, old_class, request_for, small_challenge, small_config

from playground.classroom import (
    ClassroomError,
    Measurement,
    NotJoinedError,
    open_store,
)
from playground.classroom.credentials import token_digest
from playground.classroom.database import make_engine, upgrade
from playground.classroom.errors import BusyError, ClassFullError, TooSoonError
from playground.classroom.limits import DEFAULT_SEATS, MAX_SEATS


@pytest.fixture
def two_students(classroom_store):
    store = classroom_store
    made = store.create_class(small_challenge())
    store.join(made.code, "seat-ann", "Ann")
    store.join(made.code, "seat-bob", "Bob")
    for seat in ("seat-ann", "seat-bob"):
        store.submit(made.code, seat, request_for(small_config()))
    return store, made


def test_taking_a_student_off_the_board_removes_their_entries_and_frees_the_name(
    two_students, clock
) -> None:
    store, made = two_students
    assert store.remove_student(made.code, made.teacher_token, "Bob") == 1
    assert [row.display_name for row in store.leaderboard(made.code).rows] == ["Ann"]
    assert store.roster(made.code, made.teacher_token) == ["Ann"]
    assert store.seat(made.code, "seat-bob") is None
    clock.advance(60)
    with pytest.raises(NotJoinedError):
        store.submit(made.code, "seat-bob", request_for(small_config()))
    assert store.join(made.code, "seat-bob", "Bob").display_name == "Bob"  # the name is free
    with pytest.raises(ClassroomError, match="No student of this class has that name"):
        store.remove_student(made.code, made.teacher_token, "Nobody")


def test_an_entry_still_training_when_its_student_is_removed_is_not_recorded(
    classroom_url, clock
) -> None:
    def remove_while_training(challenge, config, epochs) -> Measurement:
        store.remove_student(made.code, made.teacher_token, "Ann")
        return Measurement(score=0.9, epoch=epochs, neurons=6)

    store = open_store(classroom_url, clock=clock, verifier=remove_while_training)
    made = store.create_class(small_challenge())
    store.join(made.code, "seat-ann", "Ann")
    with pytest.raises(NotJoinedError):
        store.submit(made.code, "seat-ann", request_for(small_config()))
    assert store.leaderboard(made.code).rows == ()
    store.close()


def test_a_full_class_refuses_newcomers_but_not_those_already_in(classroom_store) -> None:
    store = classroom_store
    made = store.create_class(small_challenge())
    assert store.teacher_class(made.code, made.teacher_token).max_students == DEFAULT_SEATS
    store.set_seats(made.code, made.teacher_token, 2)
    store.join(made.code, "seat-1", "One")
    store.join(made.code, "seat-2", "Two")
    info = store.class_info(made.code)
    assert (info.students, info.max_students, info.is_full) == (2, 2, True)
    with pytest.raises(ClassFullError, match=r"full: 2 seats, all taken"):
        store.join(made.code, "seat-3", "Three")
    assert store.join(made.code, "seat-2", "Two again").display_name == "Two"  # same seat
    store.set_seats(made.code, made.teacher_token, 3)
    assert store.join(made.code, "seat-3", "Three").display_name == "Three"


@pytest.mark.parametrize("seats", [0, -1, MAX_SEATS + 1, 2.5, "10", True, None])
def test_an_absurd_number_of_seats_is_refused_in_words(classroom_store, seats) -> None:
    made = classroom_store.create_class(small_challenge())
    with pytest.raises(ClassroomError, match=f"1 to {MAX_SEATS} students"):
        classroom_store.set_seats(made.code, made.teacher_token, seats)
    assert classroom_store.class_info(made.code).max_students == DEFAULT_SEATS


def test_submissions_take_turns_and_a_long_wait_is_busy_without_using_the_rate_limit(
    classroom_url,
) -> None:
    training, release = threading.Event(), threading.Event()

    def slow(challenge, config, epochs) -> Measurement:
        training.set()
        assert release.wait(10)
        return Measurement(score=0.5, epoch=epochs, neurons=6)

    store = open_store(classroom_url, clock=FakeClock(), verifier=slow, queue_wait=0.2)
    made = store.create_class(small_challenge())
    store.join(made.code, "seat-ann", "Ann")
    store.join(made.code, "seat-bob", "Bob")
    first = threading.Thread(
        target=store.submit, args=(made.code, "seat-ann", request_for(small_config()))
    )
    first.start()
    assert training.wait(10)
    with pytest.raises(BusyError, match="busy"):
        store.submit(made.code, "seat-bob", request_for(small_config()))
    release.set()
    first.join(10)
    store.submit(made.code, "seat-bob", request_for(small_config()))  # its turn was not used up
    with pytest.raises(TooSoonError):
        store.submit(made.code, "seat-bob", request_for(small_config()))
    assert len(store.leaderboard(made.code).rows) == 2
    store.close()


def test_each_entry_keeps_the_picture_of_the_network_the_server_trained(two_students) -> None:
    store, made = two_students
    other = store.create_class(small_challenge())
    for row in store.leaderboard(made.code).rows:
        picture = store.entry_picture(made.code, row.entry_id)
        assert picture.startswith(b"\x89PNG\r\n\x1a\n") and len(picture) > 500
        assert store.entry_picture(other.code, row.entry_id) is None  # not another class's


def test_a_verifier_without_a_picture_leaves_none(classroom_url, clock) -> None:
    def no_picture(challenge, config, epochs) -> Measurement:
        return Measurement(score=0.5, epoch=epochs, neurons=6)

    store = open_store(classroom_url, clock=clock, verifier=no_picture)
    made = store.create_class(small_challenge())
    store.join(made.code, "seat-ann", "Ann")
    store.submit(made.code, "seat-ann", request_for(small_config()))
    row = store.leaderboard(made.code).rows[0]
    assert store.entry_picture(made.code, row.entry_id) is None
    store.close()


def test_an_old_databases_seat_tokens_are_digested_and_old_seat_links_still_work(
    classroom_url,
) -> None:
    engine = make_engine(classroom_url)
    upgrade(engine, "0002")  # seat tokens were kept as given
    class_id = old_class(engine)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO students (class_id, session_id, display_name, name_key, joined_at) "
                "VALUES (:class_id, 'old-seat-token', 'Old', 'old', '2026-11-30 09:00:00')"
            ),
            {"class_id": class_id},
        )
    engine.dispose()
    store = open_store(classroom_url)
    assert store.seat("ABCDEFGH", "old-seat-token").display_name == "Old"
    with store.engine.connect() as connection:
        kept = connection.scalar(sa.text("SELECT session_id FROM students"))
    assert kept == token_digest("old-seat-token")
    store.close()
