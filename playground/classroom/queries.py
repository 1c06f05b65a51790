"""The reads and writes the classroom store's protocol is built from, each inside a transaction.

Small functions of an open connection: find a class by a typed code (`class_row`), the same
refusing a closed one (`open_row`) or a wrong teacher token (`teacher_row`), a student by their
seat digest (`student_row`), a class's current challenge, and the `ClassInfo` a page gets. Each
refusal raises its `ClassroomError`, so the store's methods read as the steps of the protocol.
`lock=True` takes the row's lock on PostgreSQL (`SELECT ... FOR UPDATE`) for a step that reads
before it writes (joining a full class, recording an entry for a student who may be removed);
SQLite's write transactions hold the whole database already.
"""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa

from playground.classroom.board import EntryRow
from playground.classroom.challenge import Challenge
from playground.classroom.credentials import normalize_code, token_matches
from playground.classroom.errors import (
    ClassClosedError,
    NotJoinedError,
    NotTeacherError,
    UnknownCodeError,
)
from playground.classroom.records import ClassInfo
from playground.classroom.schema import challenges, classes, entries, students

BOARD_COLUMNS = [column for column in entries.c if column.name != "picture"]


def utc(naive: dt.datetime | None) -> dt.datetime | None:
    """A time as the store keeps it (naive UTC) made explicit: timezone-aware UTC."""
    return None if naive is None else naive.replace(tzinfo=dt.UTC)


def class_row(connection: sa.Connection, code: str, lock: bool = False) -> sa.Row:
    """The class a typed code names (open or closed); `UnknownCodeError` otherwise."""
    canonical = normalize_code(code)
    if canonical is None:
        raise UnknownCodeError()
    query = sa.select(classes).where(classes.c.join_code == canonical)
    row = connection.execute(query.with_for_update() if lock else query).first()
    if row is None:
        raise UnknownCodeError()
    return row


def open_row(connection: sa.Connection, code: str, lock: bool = False) -> sa.Row:
    """The open class a typed code names; `ClassClosedError` for a closed one."""
    row = class_row(connection, code, lock)
    if row.closed_at is not None:
        raise ClassClosedError()
    return row


def teacher_row(
    connection: sa.Connection, code: str, token: str, open_only: bool = False
) -> sa.Row:
    """The class, if `token` is its teacher token (`NotTeacherError` if not)."""
    row = class_row(connection, code)
    if not token_matches(token, row.teacher_token_digest):
        raise NotTeacherError()
    if open_only and row.closed_at is not None:
        raise ClassClosedError()
    return row


def student_row(
    connection: sa.Connection, class_id: int, seat_digest: str, lock: bool = False
) -> sa.Row:
    """The student holding this seat in the class; `NotJoinedError` if none does."""
    query = sa.select(students).where(
        students.c.class_id == class_id, students.c.session_id == seat_digest
    )
    row = connection.execute(query.with_for_update() if lock else query).first()
    if row is None:
        raise NotJoinedError()
    return row


def student_count(connection: sa.Connection, class_id: int) -> int:
    """How many students have joined the class."""
    query = sa.select(sa.func.count()).select_from(students)
    return connection.scalar(query.where(students.c.class_id == class_id))


def current_challenge(connection: sa.Connection, class_id: int) -> tuple[int, Challenge]:
    """The class's newest challenge and its row id."""
    query = (
        sa.select(challenges.c.id, challenges.c.challenge_json)
        .where(challenges.c.class_id == class_id)
        .order_by(challenges.c.id.desc())
        .limit(1)
    )
    challenge_id, text = connection.execute(query).one()
    return challenge_id, Challenge.from_dict(json.loads(text))


def insert_challenge(
    connection: sa.Connection, class_id: int, challenge: Challenge, now: dt.datetime
) -> None:
    """Make `challenge` the class's current one."""
    text = json.dumps(challenge.to_dict(), sort_keys=True, allow_nan=False)
    connection.execute(
        challenges.insert().values(class_id=class_id, created_at=now, challenge_json=text)
    )


def class_info(connection: sa.Connection, row: sa.Row) -> ClassInfo:
    """The class as a page shows it."""
    _, challenge = current_challenge(connection, row.id)
    return ClassInfo(
        class_id=row.id,
        code=row.join_code,
        created_at=utc(row.created_at),
        closed_at=utc(row.closed_at),
        paused=bool(row.paused),
        challenge=challenge,
        max_students=row.max_students,
        students=student_count(connection, row.id),
    )


def board_entries(connection: sa.Connection, class_id: int, challenge_id: int) -> list[EntryRow]:
    """Every entry made under this challenge of the class, without its picture."""
    query = sa.select(*BOARD_COLUMNS).where(
        entries.c.class_id == class_id, entries.c.challenge_id == challenge_id
    )
    return [
        EntryRow(
            entry_id=row.id,
            session_id=row.session_id,
            display_name=row.display_name,
            score=row.score,
            neurons=row.neurons,
            epoch=row.epoch,
            created_at=utc(row.created_at),
            config=json.loads(row.config_json),
        )
        for row in connection.execute(query)
    ]
