"""What the store hands out: a new class, a class's state, a student's seat, an accepted entry.

Plain frozen dataclasses, read from one transaction and detached from the database. Fields that
are credentials — the join code, the teacher token — are left out of `repr`, so printing or
logging one of these records never writes a credential down; a page gets the code to show
through `display_code` on purpose. A student's seat token is not in any record: the page that
holds it passes it in, and the store keeps only its digest.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from playground.classroom.challenge import Challenge
from playground.classroom.credentials import format_code


@dataclasses.dataclass(frozen=True)
class NewClass:
    """A class just made: give `display_code` to students, keep `teacher_token` private."""

    class_id: int
    code: str = dataclasses.field(repr=False)
    teacher_token: str = dataclasses.field(repr=False)

    @property
    def display_code(self) -> str:
        return format_code(self.code)


@dataclasses.dataclass(frozen=True)
class ClassInfo:
    """A class as a page shows it: its current challenge and whether it takes submissions."""

    class_id: int
    code: str = dataclasses.field(repr=False)
    created_at: dt.datetime
    closed_at: dt.datetime | None
    paused: bool
    challenge: Challenge = dataclasses.field(repr=False)
    max_students: int = 0  # seats
    students: int = 0  # seats taken

    @property
    def display_code(self) -> str:
        return format_code(self.code)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_full(self) -> bool:
        return self.students >= self.max_students


@dataclasses.dataclass(frozen=True)
class Student:
    """A student who joined a class; `display_name` is plain text, maybe with a " (2)" suffix."""

    class_id: int
    display_name: str
    joined_at: dt.datetime


@dataclasses.dataclass(frozen=True)
class Entry:
    """An accepted submission, with the score the server measured."""

    entry_id: int
    display_name: str
    score: float
    neurons: int
    epoch: int
    created_at: dt.datetime
