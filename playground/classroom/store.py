"""The classroom store: classes, challenges, students and entries, shared by every server worker.

`open_store()` connects to the database `database.py` chooses, brings its schema up to date and
returns a `ClassroomStore`, whose methods are the whole classroom protocol:

- the teacher: `create_class` (a join code and a private teacher token), `teacher_class`,
  `set_challenge`, `set_paused`, `set_seats`, `clear_board`, `remove_student`, `close_class`,
  `roster` — every one but the first needs the class's teacher token, checked in constant time;
  anything else (the join code, a student's seat, another class's token) gets `NotTeacherError`;
- a student: `class_info` (a wrong or closed code says so), `join` (a clean, unique display name,
  while seats are left), `seat`, `submit` (rate-limited per seat, checked against the
  challenge's limits, re-trained and scored by the server, its picture kept), `leaderboard`
  (best entry per student, theirs marked; a closed class's final board too), `entry_picture`.

Every query is filtered by the class the join code names, so two classes never see each other's
rows. A student's seat token is kept as its SHA-256 only, like the teacher token. The clock
(seconds, like `time.time`), the minimum time between one seat's submissions and the verifier
are injectable, so tests neither wait nor train when they do not mean to. Nothing lasting is
kept in memory: a restarted server, or another worker, sees the same classes; the only state
here is the turn each submission waits for while one trains (`VERIFY_SLOTS` per process).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import sqlalchemy as sa

from playground.classroom import database, queries
from playground.classroom.board import Board, rank_board
from playground.classroom.challenge import Challenge
from playground.classroom.credentials import new_join_code, new_teacher_token, token_digest
from playground.classroom.errors import (
    BusyError,
    ClassFullError,
    ClassroomError,
    DisplayNameError,
    NotJoinedError,
    PausedError,
    SubmissionError,
    TooSoonError,
)
from playground.classroom.limits import (
    DEFAULT_SEATS,
    MAX_SEATS,
    MIN_SEATS,
    check_limits,
    parse_submission,
)
from playground.classroom.names import clean_display_name, name_key, unique_display_name
from playground.classroom.queries import utc
from playground.classroom.records import ClassInfo, Entry, NewClass, Student
from playground.classroom.schema import classes, entries, students
from playground.classroom.verification import Verifier, measure_submission

DEFAULT_SUBMIT_INTERVAL = 10.0  # seconds between two submissions of one session
# Submissions trained at once per server process (by its one verifier worker, or under its GIL):
# more would share the same core and all finish later.
VERIFY_SLOTS = 1
QUEUE_WAIT = 30.0  # seconds a submission waits for its turn before "busy, try again"
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
        verify_slots: int = VERIFY_SLOTS,
        queue_wait: float = QUEUE_WAIT,
    ):
        self.engine = engine
        self.clock = clock
        self.submit_interval = submit_interval
        self.verifier = verifier
        self.queue_wait = queue_wait
        self._verifying = threading.BoundedSemaphore(verify_slots)

    def __repr__(self) -> str:
        # Never the URL: it may hold a database password.
        return f"ClassroomStore({self.engine.dialect.name})"

    def close(self) -> None:
        """Let go of the database connections (the data stays) and the verifier's worker."""
        self.engine.dispose()
        getattr(self.verifier, "close", lambda: None)()

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
                            max_students=DEFAULT_SEATS,
                        )
                    ).inserted_primary_key[0]
                    queries.insert_challenge(connection, class_id, challenge, now)
                return NewClass(class_id=class_id, code=code, teacher_token=token)
            except sa.exc.IntegrityError:  # the code is taken (one chance in 10^12): draw again
                continue
        raise ClassroomError("Could not make a new class code; try again.")

    def teacher_class(self, code: str, teacher_token: str) -> ClassInfo:
        """The class behind a teacher link (closed ones too); `NotTeacherError` for a wrong one."""
        with database.read_transaction(self.engine) as connection:
            row = queries.teacher_row(connection, code, teacher_token)
            return queries.class_info(connection, row)

    def set_challenge(self, code: str, teacher_token: str, challenge: Challenge) -> None:
        """Change the challenge; the board starts afresh (earlier entries stay in the store)."""
        if not isinstance(challenge, Challenge):
            raise TypeError("set_challenge takes a Challenge")
        with database.write_transaction(self.engine) as connection:
            row = queries.teacher_row(connection, code, teacher_token, open_only=True)
            queries.insert_challenge(connection, row.id, challenge, self._now())

    def set_paused(self, code: str, teacher_token: str, paused: bool) -> None:
        """Pause (True) or resume (False) submissions."""
        self._update_class(code, teacher_token, paused=bool(paused))

    def set_seats(self, code: str, teacher_token: str, seats: int) -> None:
        """How many students may join (those already in keep their seats)."""
        if isinstance(seats, bool) or not isinstance(seats, int):
            seats = MIN_SEATS - 1  # not a number of seats
        if not MIN_SEATS <= seats <= MAX_SEATS:
            raise ClassroomError(f"A class takes {MIN_SEATS} to {MAX_SEATS} students.")
        self._update_class(code, teacher_token, max_students=seats)

    def clear_board(self, code: str, teacher_token: str) -> int:
        """Delete every entry of the class (a closed one's final board too); how many there were.
        Students stay joined."""
        with database.write_transaction(self.engine) as connection:
            row = queries.teacher_row(connection, code, teacher_token)
            result = connection.execute(entries.delete().where(entries.c.class_id == row.id))
            return result.rowcount

    def remove_student(self, code: str, teacher_token: str, display_name: str) -> int:
        """Take a student off the board (a closed class's final board too): their entries and
        their name go (how many entries). It is not a ban: the seat is free, and its holder may
        join again. The student's row is locked first, so a submission finishing meanwhile is
        either removed with the rest or refused."""
        with database.write_transaction(self.engine) as connection:
            row = queries.teacher_row(connection, code, teacher_token)
            query = sa.select(students).where(
                students.c.class_id == row.id, students.c.display_name == str(display_name)
            )
            student = connection.execute(query.with_for_update()).first()
            if student is None:
                raise ClassroomError("No student of this class has that name.")
            removed = connection.execute(
                entries.delete().where(
                    entries.c.class_id == row.id, entries.c.session_id == student.session_id
                )
            ).rowcount
            connection.execute(students.delete().where(students.c.id == student.id))
            return removed

    def close_class(self, code: str, teacher_token: str) -> None:
        """Close the class for good: its code then says "closed" (closing twice is harmless)."""
        with database.write_transaction(self.engine) as connection:
            row = queries.teacher_row(connection, code, teacher_token)
            if row.closed_at is None:
                update = classes.update().where(classes.c.id == row.id)
                connection.execute(update.values(closed_at=self._now()))

    def roster(self, code: str, teacher_token: str) -> list[str]:
        """The display names of everyone who joined, in the order they joined."""
        with database.read_transaction(self.engine) as connection:
            row = queries.teacher_row(connection, code, teacher_token)
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
            return queries.class_info(connection, queries.open_row(connection, code))

    def join(self, code: str, session_id: str, display_name: str) -> Student:
        """Join with a display name (cleaned, made unique); joining again returns the same seat.

        `session_id` is the page's unguessable seat token for the browser session; it is the
        student's credential for `submit`, kept only as a digest and never shown to anyone.
        A full class (`set_seats`) refuses new students.
        """
        seat = seat_digest(session_id)
        check = clean_display_name(display_name)
        if not check.ok:
            raise DisplayNameError(check.error)
        for _ in range(JOIN_ATTEMPTS):
            try:
                with database.write_transaction(self.engine) as connection:
                    return self._join(connection, code, seat, check.name)
            except sa.exc.IntegrityError:  # another worker took the name just now: look again
                continue
        raise ClassroomError("Many people are joining at once; try again in a moment.")

    def seat(self, code: str, session_id: str) -> Student | None:
        """The student `session_id` is in class `code` (open or closed), or None (not joined,
        or taken off the board by the teacher)."""
        seat = seat_digest(session_id)
        with database.read_transaction(self.engine) as connection:
            row = queries.class_row(connection, code)
            try:
                student = queries.student_row(connection, row.id, seat)
            except NotJoinedError:
                return None
        return Student(row.id, student.display_name, utc(student.joined_at))

    def submit(self, code: str, session_id: str, request: Mapping[str, Any]) -> Entry:
        """Score a submission and put it on the board.

        `request` is what the page sends: the setup under "config" (a `PlaygroundConfig`
        dict or its JSON) and optionally "epochs" (default: the epoch budget). Any score in it is
        ignored — the server trains the config itself and records what it measured. At most
        `verify_slots` submissions train at once in this process; the others wait their turn
        (`BusyError` after `queue_wait` seconds, the rate limit untouched).
        """
        seat = seat_digest(session_id)
        with database.read_transaction(self.engine) as connection:
            row = queries.open_row(connection, code)
            if row.paused:
                raise PausedError()
            student = queries.student_row(connection, row.id, seat)
            challenge_id, challenge = queries.current_challenge(connection, row.id)
        config, epochs = parse_submission(challenge, request)
        check_limits(challenge, config, epochs)
        if not self._verifying.acquire(timeout=self.queue_wait):
            raise BusyError()
        try:
            self._take_submit_slot(student.id)
            measured = self.verifier(challenge, config, epochs)
        finally:
            self._verifying.release()
        with database.write_transaction(self.engine) as connection:
            # Locked (PostgreSQL), so a close or a removal committing meanwhile is seen, and one
            # that comes after waits for this entry: closed or taken off: not recorded.
            queries.open_row(connection, code, lock=True)
            queries.student_row(connection, row.id, seat, lock=True)
            if queries.current_challenge(connection, row.id)[0] != challenge_id:
                raise SubmissionError(
                    "The teacher set a new challenge while your setup trained: it was not "
                    "recorded. Look at the new challenge and submit again."
                )
            now = self._now()
            values = dict(
                class_id=row.id,
                challenge_id=challenge_id,
                session_id=seat,
                display_name=student.display_name,
                config_json=json.dumps(config.to_dict(), sort_keys=True, allow_nan=False),
                score=measured.score,
                neurons=measured.neurons,
                epoch=measured.epoch,
                created_at=now,
                picture=measured.picture,
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

    def leaderboard(self, code: str, *, session_id: str | None = None) -> Board:
        """Each student's best entry under the current challenge, ranked; `session_id` marks the
        asking student's row. A closed class's board stays readable: it is the final one."""
        seat = None if session_id is None else seat_digest(session_id)
        with database.read_transaction(self.engine) as connection:
            row = queries.class_row(connection, code)
            challenge_id, challenge = queries.current_challenge(connection, row.id)
            found = queries.board_entries(connection, row.id, challenge_id)
        return rank_board(found, challenge.score, seat)

    def entry_picture(self, code: str, entry_id: int) -> bytes | None:
        """The PNG of an entry of class `code`; None for an entry older than pictures, or one
        this class does not have."""
        with database.read_transaction(self.engine) as connection:
            row = queries.class_row(connection, code)
            query = sa.select(entries.c.picture).where(
                entries.c.class_id == row.id, entries.c.id == int(entry_id)
            )
            return connection.scalar(query)

    # --- inside --------------------------------------------------------------------------------
    def _now(self) -> dt.datetime:
        """The clock's time as the store keeps times: naive UTC."""
        return dt.datetime.fromtimestamp(self.clock(), dt.UTC).replace(tzinfo=None)

    def _update_class(self, code: str, teacher_token: str, **values: Any) -> None:
        with database.write_transaction(self.engine) as connection:
            row = queries.teacher_row(connection, code, teacher_token, open_only=True)
            connection.execute(classes.update().where(classes.c.id == row.id).values(**values))

    def _join(self, connection: sa.Connection, code: str, seat: str, name: str) -> Student:
        row = queries.open_row(connection, code, lock=True)
        try:
            held = queries.student_row(connection, row.id, seat)
        except NotJoinedError:
            pass
        else:
            return Student(row.id, held.display_name, utc(held.joined_at))
        if queries.student_count(connection, row.id) >= row.max_students:
            raise ClassFullError(row.max_students)
        keys = sa.select(students.c.name_key).where(students.c.class_id == row.id)
        name = unique_display_name(name, set(connection.scalars(keys)))
        now = self._now()
        connection.execute(
            students.insert().values(
                class_id=row.id,
                session_id=seat,
                display_name=name,
                name_key=name_key(name),
                joined_at=now,
            )
        )
        return Student(row.id, name, utc(now))

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


def seat_digest(session_id: object) -> str:
    """What the store keeps of a student's seat token: its SHA-256 (as for the teacher token)."""
    if not isinstance(session_id, str) or not 0 < len(session_id) <= MAX_SESSION_ID:
        raise ValueError(f"a session id is a string of 1 to {MAX_SESSION_ID} characters")
    return token_digest(session_id)


def open_store(url: str | None = None, **options: Any) -> ClassroomStore:
    """Connect to `url` (default: `database.database_url()`), migrate it to the newest schema and
    return the store; `options` go to `ClassroomStore` (clock, submit_interval, verifier)."""
    engine = database.make_engine(url or database.database_url())
    database.upgrade(engine)
    return ClassroomStore(engine, **options)
