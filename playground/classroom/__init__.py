"""Class mode's storage, access rules and verification (issue 13); no Streamlit here.

A teacher makes a class with a challenge and gets a join code for students and a private teacher
token; students join with the code and a display name, train, and submit; the server re-trains
each submission and ranks the best entry of every student. `open_store()` is the way in; the
modules, one concept each: `credentials` (codes and tokens), `names` (display names),
`challenge` (what is posed and how it is scored), `limits` (a setup against the challenge),
`verification` (the server's own score), `board` (ranking), `schema` and `migrations/` (the
tables), `database` (where they live, SQLite WAL or PostgreSQL), `records` and `store` (the
protocol), `errors` (refusals with a message for the user).
"""

from playground.classroom.board import Board, BoardRow
from playground.classroom.challenge import SCORE_KINDS, Challenge, ScoreKind
from playground.classroom.errors import (
    ChallengeError,
    ClassClosedError,
    ClassroomError,
    DisplayNameError,
    LimitError,
    NotJoinedError,
    NotTeacherError,
    PausedError,
    SubmissionError,
    TooSoonError,
    UnknownCodeError,
)
from playground.classroom.limits import LIMIT_CHECKS, check_limits
from playground.classroom.names import clean_display_name, unique_display_name
from playground.classroom.records import ClassInfo, Entry, NewClass, Student
from playground.classroom.store import ClassroomStore, open_store
from playground.classroom.verification import Measurement, measure_submission

__all__ = [
    "LIMIT_CHECKS", "SCORE_KINDS", "Board", "BoardRow", "Challenge", "ChallengeError",
    "ClassClosedError", "ClassInfo", "ClassroomError", "ClassroomStore", "DisplayNameError",
    "Entry", "LimitError", "Measurement", "NewClass", "NotJoinedError", "NotTeacherError",
    "PausedError", "ScoreKind", "Student", "SubmissionError", "TooSoonError", "UnknownCodeError",
    "check_limits", "clean_display_name", "measure_submission", "open_store",
    "unique_display_name",
]  # fmt: skip
