"""The board as the teacher downloads it: one CSV row per student, names safe in a spreadsheet.

Any display name the store lets through (hypothesis, over the same cleaning the store applies)
reads back from the CSV exactly, apart from a leading quote on names a spreadsheet would run as
a formula (`=HYPERLINK(...)`, `+1`, `@SUM`), which must never start a cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from hypothesis import given
from hypothesis import strategies as st

from playground.classroom import SCORE_KINDS
from playground.classroom.board import FORMULA_STARTS, EntryRow, board_csv, rank_board
from playground.classroom.names import clean_display_name

START = dt.datetime(2027, 1, 15, 9, 30, tzinfo=dt.UTC)


def entry(number: int, name: str, score: float, neurons: int = 6) -> EntryRow:
    return EntryRow(number, f"seat-{name}", name, score, neurons, 300,
                    START + dt.timedelta(seconds=number), {})  # fmt: skip


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_the_board_csv_has_a_row_per_student_in_rank_order() -> None:
    board = rank_board([entry(1, "Ann", 0.9), entry(2, "Bob", 0.95), entry(3, "Ann", 0.5)],
                       SCORE_KINDS["test_accuracy"])  # fmt: skip
    header, *rows = rows_of(board_csv(board))
    assert header == ["rank", "name", "test_accuracy", "neurons", "epoch", "entries",
                      "submitted_utc"]  # fmt: skip
    assert rows == [["1", "Bob", "0.95", "6", "300", "1", "2027-01-15 09:30:02"],
                    ["2", "Ann", "0.9", "6", "300", "2", "2027-01-15 09:30:01"]]  # fmt: skip


def test_a_name_a_spreadsheet_would_run_as_a_formula_is_quoted() -> None:
    names = ['=HYPERLINK("http://x","hi")', "+1", "-2", "@SUM(A1)", "Ann = Bob"]
    board = rank_board([entry(n, name, 0.5 + n / 10) for n, name in enumerate(names)],
                       SCORE_KINDS["test_accuracy"])  # fmt: skip
    shown = {row[1] for row in rows_of(board_csv(board))[1:]}
    assert shown == {'\'=HYPERLINK("http://x","hi")', "'+1", "'-2", "'@SUM(A1)", "Ann = Bob"}


@given(st.text(min_size=1, max_size=60))
def test_any_name_the_store_accepts_reads_back_from_the_csv(typed: str) -> None:
    cleaned = clean_display_name(typed)
    if not cleaned.ok:
        return
    board = rank_board([entry(1, cleaned.name, 0.75)], SCORE_KINDS["test_loss"])
    (_, (rank, name, score, *_)) = rows_of(board_csv(board))
    assert not name.startswith(FORMULA_STARTS)
    quoted = cleaned.name.startswith(FORMULA_STARTS)
    assert name == ("'" + cleaned.name if quoted else cleaned.name)
    assert (rank, float(score)) == ("1", 0.75)
