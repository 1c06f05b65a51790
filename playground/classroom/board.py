"""The leaderboard: every student's best entry under the current challenge, ranked.

Pure Python over rows the store read. A student may submit many times; only their best entry
counts (highest accuracy or R², lowest loss — the score kind says which), a tie on the score going
to the one with fewer hidden neurons, then to the earlier one. Equal score and neurons share a
rank (1, 2, 2, 4). A row carries what the projector shows (name, score, neurons, epoch, when) and
the config, for the gallery's decision-boundary thumbnails, but never a session id — that is a
student's credential; `is_you` marks the asking student's own row instead. `board_csv` is the
board as the teacher downloads it, names made safe for a spreadsheet.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from playground.classroom.challenge import ScoreKind


@dataclasses.dataclass(frozen=True)
class EntryRow:
    """One accepted submission as the store keeps it (`session_id` stays inside the store)."""

    entry_id: int
    session_id: str = dataclasses.field(repr=False)
    display_name: str
    score: float
    neurons: int
    epoch: int
    created_at: dt.datetime
    config: dict[str, Any] = dataclasses.field(repr=False)


@dataclasses.dataclass(frozen=True)
class BoardRow:
    """A line of the board; `display_name` is plain text (show it with st.text), `entry_id`
    finds the entry's picture."""

    rank: int
    display_name: str
    score: float
    neurons: int
    epoch: int
    submitted_at: dt.datetime
    config: dict[str, Any] = dataclasses.field(repr=False)
    entry_id: int = 0
    is_you: bool = False
    entries: int = 1  # how many times this student submitted


@dataclasses.dataclass(frozen=True)
class Board:
    """The ranked rows and the asking student's own row (None if they have no entry)."""

    rows: tuple[BoardRow, ...]
    score_kind: ScoreKind
    you: BoardRow | None = None


def _order(kind: ScoreKind, entry: EntryRow) -> tuple[float, int, dt.datetime, int]:
    score = -entry.score if kind.higher_is_better else entry.score
    return (score, entry.neurons, entry.created_at, entry.entry_id)


def best_per_student(entries: Iterable[EntryRow], kind: ScoreKind) -> list[tuple[EntryRow, int]]:
    """Each student's best entry with their number of entries, best student first."""
    best: dict[str, EntryRow] = {}
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.session_id] = counts.get(entry.session_id, 0) + 1
        held = best.get(entry.session_id)
        if held is None or _order(kind, entry) < _order(kind, held):
            best[entry.session_id] = entry
    ranked = sorted(best.values(), key=lambda entry: _order(kind, entry))
    return [(entry, counts[entry.session_id]) for entry in ranked]


def rank_board(
    entries: Iterable[EntryRow], kind: ScoreKind, session_id: str | None = None
) -> Board:
    """The board for these entries; `session_id` marks that student's row as `is_you`."""
    rows: list[BoardRow] = []
    for position, (entry, count) in enumerate(best_per_student(entries, kind), start=1):
        tied = rows and (rows[-1].score, rows[-1].neurons) == (entry.score, entry.neurons)
        rows.append(
            BoardRow(
                rank=rows[-1].rank if tied else position,
                display_name=entry.display_name,
                score=entry.score,
                neurons=entry.neurons,
                epoch=entry.epoch,
                submitted_at=entry.created_at,
                config=entry.config,
                entry_id=entry.entry_id,
                is_you=session_id is not None and entry.session_id == session_id,
                entries=count,
            )
        )
    you = next((row for row in rows if row.is_you), None)
    return Board(rows=tuple(rows), score_kind=kind, you=you)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet reads these as a formula


def spreadsheet_text(text: str) -> str:
    """`text` as a CSV cell a spreadsheet shows as typed: a leading quote stops a name such as
    `=HYPERLINK(...)` from running as a formula when the teacher opens the file."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def board_csv(board: Board) -> str:
    """The board as CSV: rank, name, score, hidden neurons, epoch, entries, when (UTC)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["rank", "name", board.score_kind.name, "neurons", "epoch", "entries",
                     "submitted_utc"])  # fmt: skip
    for row in board.rows:
        writer.writerow([
            row.rank, spreadsheet_text(row.display_name), repr(row.score), row.neurons,
            row.epoch, row.entries, row.submitted_at.strftime("%Y-%m-%d %H:%M:%S"),
        ])  # fmt: skip
    return out.getvalue()
