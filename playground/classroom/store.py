"""The classroom store: classes, challenges, students and entries, shared by every server worker.

`open_store()` connects to the database `database.py` chooses, brings its schema up to date and
returns a `ClassroomStore`, whose methods are the whole classroom protocol:

- the teacher: `create_class` (a join code and a private teacher token), `teacher_class`,
  `set_challenge`, `set_paused`, `clear_board`, `close_class`, `roster` — every one but the
  first needs the class's teacher token, checked in constant time; anything else (the join code, a
  student's session id, another class's token) gets `NotTeacherError`;
- a student: `class_info` (a wrong or closed code says so), `join` (a clean, unique display name),
  `submit` (rate-limited per session, checked against the challenge's limits, re-trained and
  scored by the server), `leaderboard` (best entry per student, theirs marked).

Every query is filtered by the class the join code names, so two classes never see each other's
rows. The clock (seconds, like `time.time`), the minimum time between one session's submissions and
the verifier are injectable, so tests neither wait nor train when they do not mean to. Nothing is
kept in memory between calls: a restarted server, or another worker, sees the same classes.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Mapping
from typing import Any

import sqlalchemy as sa

from playground.classroom import database
from playground.classroom.board import Board, EntryRow, rank_board
from playground.classroom.challenge import Challenge
from playground.classroom.credentials import (
    new_join_code,
    new_teacher_token,
    normalize_code,
    token_digest,
    token_matches,
)
from playground.classroom.errors import (
    ClassClosedError,
    ClassroomError,
    DisplayNameError,
    NotJoinedError,
    NotTeacherError,
    PausedError,
    SubmissionError,
    TooSoonError,
    UnknownCodeError,
)
from playground.classroom.limits import check_limits, parse_submission
from playground.classroom.names import clean_display_name, name_key, unique_display_name
from playground.classroom.records import ClassInfo, Entry, NewClass, Student
from playground.classroom.schema import challenges, classes, entries, students
from playground.classroom.verification import Verifier, measure_submission

DEFAULT_SUBMIT_INTERVAL = 10.0  # seconds between two submissions of one session
MAX_SESSION_ID = 64
JOIN_ATTEMPTS = 8  # retries when another worker takes the same name or code at the same moment


class ClassroomStore:
    """Classes and their boards in one database; see the module docstring for the protocol."""

    def __init__(
        self,
        engine: sa.Engine,
        *,
        clock: Callable[[], float] = time.time,
        submit_interval: float = DEFAULT_SUBMIT_INTERVAL,
        verifier: Verifier = measure_submission,
    ):
        self.engine = engine
        self.clock = clock
        self.submit_interval = submit_interval
        self.verifier = verifier

    def __repr__(self) -> str:
        # Never the URL: it may hold a database password.
        return f"ClassroomStore({self.engine.dialect.name})"

    def close(self) -> None:
        """Let go of the database connections (the data stays)."""
        self.engine.dispose()

    def __enter__(self) -> ClassroomStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- the teacher ---------------------------------------------------------------------------
    def create_class(self, challenge: Challenge) -> NewClass:
        """A new open class with this challenge; the only time the teacher token is returned."""
        token = new_teacher_token()
        for _ in range(JOIN_ATTEMPTS):
            code = new_join_code()
            try:
                with database.write_transaction(self.engine) as connection:
                    now = self._now()
                    class_id = connection.execute(
                        classes.insert().values(
                            join_code=code,
                            teacher_token_digest=token_digest(token),
                            created_at=now,
                            paused=False,
                        )
                    ).inserted_primary_key[0]
                    self._insert_challenge(connection, class_id, challenge, now)
                return NewClass(class_id=class_id, code=code, teacher_token=token)
            except sa.exc.IntegrityError:  # the code is taken (one chance in 10^12): draw again
                continue
        raise ClassroomError("Could not make a new class code; try again.")

    def teacher_class(self, code: str, teacher_token: str) -> ClassInfo:
        """The class behind a teacher link (closed ones too); `NotTeacherError` for a wrong one."""
        with database.read_transaction(self.engine) as connection:
            return self._info(connection, self._teacher_row(connection, code, teacher_token))

    def set_challenge(self, code: str, teacher_token: str, challenge: Challenge) -> None:
        """Change the challenge; the board starts afresh (earlier entries stay in the store)."""
        if not isinstance(challenge, Challenge):
            raise TypeError("set_challenge takes a Challenge")
        with database.write_transaction(self.engine) as connection:
            row = self._teacher_row(connection, code, teacher_token, open_only=True)
            self._insert_challenge(connection, row.id, challenge, self._now())

    def set_paused(self, code: str, teacher_token: str, paused: bool) -> None:
        """Pause (True) or resume (False) submissions."""
        with database.write_transaction(self.engine) as connection:
            row = self._teacher_row(connection, code, teacher_token, open_only=True)
            update = classes.update().where(classes.c.id == row.id)
            connection.execute(update.values(paused=bool(paused)))

    def clear_board(self, code: str, teacher_token: str) -> int:
        """Delete every entry of the class; how many there were. Students stay joined."""
        with database.write_transaction(self.engine) as connection:
            row = self._teacher_row(connection, code, teacher_token, open_only=True)
            result = connection.execute(entries.delete().where(entries.c.class_id == row.id))
            return result.rowcount

    def close_class(self, code: str, teacher_token: str) -> None:
        """Close the class for good: its code then says "closed" (closing twice is harmless)."""
        with database.write_transaction(self.engine) as connection:
            row = self._teacher_row(connection, code, teacher_token)
            if row.closed_at is None:
                update = classes.update().where(classes.c.id == row.id)
                connection.execute(update.values(closed_at=self._now()))

    def roster(self, code: str, teacher_token: str) -> list[str]:
        """The display names of everyone who joined, in the order they joined."""
        with database.read_transaction(self.engine) as connection:
            row = self._teacher_row(connection, code, teacher_token)
            query = (
                sa.select(students.c.display_name)
                .where(students.c.class_id == row.id)
                .order_by(students.c.joined_at, students.c.id)
            )
            return list(connection.scalars(query))

    # --- a student -----------------------------------------------------------------------------
    def class_info(self, code: str) -> ClassInfo:
        """The open class a typed code names; `UnknownCodeError` / `ClassClosedError` otherwise."""
        with database.read_transaction(self.engine) as connection:
            return self._info(connection, self._open_row(connection, code))

    def join(self, code: str, session_id: str, display_name: str) -> Student:
        """Join with a display name (cleaned, made unique); joining again returns the same seat.

        `session_id` is the page's unguessable id for the browser session; it is the student's
        credential for `submit` and is never shown to anyone.
        """
        _check_session_id(session_id)
        check = clean_display_name(display_name)
        if not check.ok:
            raise DisplayNameError(check.error)
        for _ in range(JOIN_ATTEMPTS):
            try:
                with database.write_transaction(self.engine) as connection:
                    return self._join(connection, code, session_id, check.name)
            except sa.exc.IntegrityError:  # another worker took the name just now: look again
                continue
        raise ClassroomError("Many people are joining at once; try again in a moment.")

    def seat(self, code: str, session_id: str) -> Student | None:
        """The student `session_id` already is in the open class `code`, or None (not joined)."""
        _check_session_id(session_id)
        with database.read_transaction(self.engine) as connection:
            row = self._open_row(connection, code)
            try:
                student = self._student_row(connection, row.id, session_id)
            except NotJoinedError:
                return None
        return Student(row.id, student.display_name, utc(student.joined_at), session_id)

    def submit(self, code: str, session_id: str, request: Mapping[str, Any]) -> Entry:
        """Score a submission and put it on the board.

        `request` is what the page sends: the setup under "config" (a `PlaygroundConfig`
        dict or its JSON) and optionally "epochs" (default: the epoch budget). Any score in it is
        ignored — the server trains the config itself and records what it measured.
        """
        _check_session_id(session_id)
        with database.read_transaction(self.engine) as connection:
            row = self._open_row(connection, code)
            if row.paused:
                raise PausedError()
            student = self._student_row(connection, row.id, session_id)
            challenge_id, challenge = self._current_challenge(connection, row.id)
        config, epochs = parse_submission(challenge, request)
        check_limits(challenge, config, epochs)
        self._take_submit_slot(student.id)
        measured = self.verifier(challenge, config, epochs)
        with database.write_transaction(self.engine) as connection:
            self._open_row(connection, code)  # closed while it trained: not recorded
            if self._current_challenge(connection, row.id)[0] != challenge_id:
                raise SubmissionError(
                    "The teacher set a new challenge while your setup trained: it was not "
                    "recorded. Look at the new challenge and submit again."
                )
            now = self._now()
            values = dict(
                class_id=row.id,
                challenge_id=challenge_id,
                session_id=session_id,
                display_name=student.display_name,
                config_json=json.dumps(config.to_dict(), sort_keys=True, allow_nan=False),
                score=measured.score,
                neurons=measured.neurons,
                epoch=measured.epoch,
                created_at=now,
            )
            entry_id = connection.execute(entries.insert().values(**values)).inserted_primary_key[0]
        return Entry(
            entry_id=entry_id,
            display_name=student.display_name,
            score=measured.score,
            neurons=measured.neurons,
            epoch=measured.epoch,
            created_at=utc(now),
        )

    def leaderboard(
        self, code: str, *, session_id: str | None = None, teacher_token: str | None = None
    ) -> Board:
        """Each student's best entry under the current challenge, ranked; `session_id` marks the
        asking student's row. A closed class's board is shown to its teacher only."""
        with database.read_transaction(self.engine) as connection:
            row = self._class_row(connection, code)
            if row.closed_at is not None and not token_matches(
                teacher_token, row.teacher_token_digest
            ):
                raise ClassClosedError()
            challenge_id, challenge = self._current_challenge(connection, row.id)
            query = sa.select(entries).where(
                entries.c.class_id == row.id, entries.c.challenge_id == challenge_id
            )
            found = [_entry_row(entry) for entry in connection.execute(query)]
        return rank_board(found, challenge.score, session_id)

    # --- inside --------------------------------------------------------------------------------
    def _now(self) -> dt.datetime:
        """The clock's time as the store keeps times: naive UTC."""
        return dt.datetime.fromtimestamp(self.clock(), dt.UTC).replace(tzinfo=None)

    def _class_row(self, connection: sa.Connection, code: str) -> sa.Row:
        canonical = normalize_code(code)
        if canonical is None:
            raise UnknownCodeError()
        row = connection.execute(sa.select(classes).where(classes.c.join_code == canonical)).first()
        if row is None:
            raise UnknownCodeError()
        return row

    def _open_row(self, connection: sa.Connection, code: str) -> sa.Row:
        row = self._class_row(connection, code)
        if row.closed_at is not None:
            raise ClassClosedError()
        return row

    def _teacher_row(
        self, connection: sa.Connection, code: str, token: str, open_only: bool = False
    ) -> sa.Row:
        row = self._class_row(connection, code)
        if not token_matches(token, row.teacher_token_digest):
            raise NotTeacherError()
        if open_only and row.closed_at is not None:
            raise ClassClosedError()
        return row

    def _student_row(self, connection: sa.Connection, class_id: int, session_id: str) -> sa.Row:
        query = sa.select(students).where(
            students.c.class_id == class_id, students.c.session_id == session_id
        )
        row = connection.execute(query).first()
        if row is None:
            raise NotJoinedError()
        return row

    def _current_challenge(self, connection: sa.Connection, class_id: int) -> tuple[int, Challenge]:
        query = (
            sa.select(challenges.c.id, challenges.c.challenge_json)
            .where(challenges.c.class_id == class_id)
            .order_by(challenges.c.id.desc())
            .limit(1)
        )
        challenge_id, text = connection.execute(query).one()
        return challenge_id, Challenge.from_dict(json.loads(text))

    def _insert_challenge(
        self, connection: sa.Connection, class_id: int, challenge: Challenge, now: dt.datetime
    ) -> None:
        text = json.dumps(challenge.to_dict(), sort_keys=True, allow_nan=False)
        connection.execute(
            challenges.insert().values(class_id=class_id, created_at=now, challenge_json=text)
        )

    def _info(self, connection: sa.Connection, row: sa.Row) -> ClassInfo:
        _, challenge = self._current_challenge(connection, row.id)
        return ClassInfo(
            class_id=row.id,
            code=row.join_code,
            created_at=utc(row.created_at),
            closed_at=utc(row.closed_at),
            paused=bool(row.paused),
            challenge=challenge,
        )

    def _join(self, connection: sa.Connection, code: str, session_id: str, name: str) -> Student:
        row = self._open_row(connection, code)
        try:
            seat = self._student_row(connection, row.id, session_id)
        except NotJoinedError:
            pass
        else:
            return Student(row.id, seat.display_name, utc(seat.joined_at), session_id)
        keys = sa.select(students.c.name_key).where(students.c.class_id == row.id)
        name = unique_display_name(name, set(connection.scalars(keys)))
        now = self._now()
        connection.execute(
            students.insert().values(
                class_id=row.id,
                session_id=session_id,
                display_name=name,
                name_key=name_key(name),
                joined_at=now,
            )
        )
        return Student(row.id, name, utc(now), session_id)

    def _take_submit_slot(self, student_id: int) -> None:
        """Record a submission now, or raise `TooSoonError` if the last was too recent; one
        conditional UPDATE, so two workers cannot both let the same session through."""
        now = self._now()
        earliest = now - dt.timedelta(seconds=self.submit_interval)
        with database.write_transaction(self.engine) as connection:
            last = students.c.last_submit_at
            update = (
                students.update()
                .where(students.c.id == student_id, sa.or_(last.is_(None), last <= earliest))
                .values(last_submit_at=now)
            )
            if connection.execute(update).rowcount == 1:
                return
            previous = connection.scalar(sa.select(last).where(students.c.id == student_id))
        waited = (now - previous).total_seconds()
        raise TooSoonError(self.submit_interval - waited)


def utc(naive: dt.datetime | None) -> dt.datetime | None:
    """A time as the store keeps it (naive UTC) made explicit: timezone-aware UTC."""
    return None if naive is None else naive.replace(tzinfo=dt.UTC)


def _entry_row(row: sa.Row) -> EntryRow:
    return EntryRow(
        entry_id=row.id,
        session_id=row.session_id,
        display_name=row.display_name,
        score=row.score,
        neurons=row.neurons,
        epoch=row.epoch,
        created_at=utc(row.created_at),
        config=json.loads(row.config_json),
    )


def _check_session_id(session_id: object) -> None:
    if not isinstance(session_id, str) or not 0 < len(session_id) <= MAX_SESSION_ID:
        raise ValueError(f"a session id is a string of 1 to {MAX_SESSION_ID} characters")


def open_store(url: str | None = None, **options: Any) -> ClassroomStore:
    """Connect to `url` (default: `database.database_url()`), migrate it to the newest schema and
    return the store; `options` go to `ClassroomStore` (clock, submit_interval, verifier)."""
    engine = database.make_engine(url or database.database_url())
    database.upgrade(engine)
    return ClassroomStore(engine, **options)
