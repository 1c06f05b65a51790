"""The class board: the live leaderboard and the gallery of the leaders' decision boundaries.

One store per server process (`class_store`, `st.cache_resource`: it holds a database engine and no
user's state; the classes live in the database, so every worker and every restart sees the same
boards). The board redraws itself every `BOARD_REFRESH_SECONDS` in a fragment, so the projector
stays current without the page flickering; it also watches the class and reruns the page around it
when the teacher pauses, closes or changes it — and for a student, when their name is taken off the
board; for the teacher, when someone joins (the names they moderate). Each gallery picture is the
one the server drew when it scored the entry, read once per process and cached (an entry older than
pictures has none: drawing it would mean training it again in the page's thread). Display names are
plain text everywhere: a table cell, `st.text`, or HTML-escaped in the projector's large table. A
database that cannot be reached gives a plain message that the next refresh retries, never a
traceback.
"""

from __future__ import annotations

import html
import logging

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from playground.classroom import Board, ClassInfo, ClassroomError, ClassroomStore, open_store
from playground.classroom.board import board_csv
from playground.classroom.verifier_process import ProcessVerifier
from playground.ui.workarounds.session_lock import serialized
from playground.viz.png import png_data_url

LOGGER = logging.getLogger(__name__)
BOARD_REFRESH_SECONDS = 3.0
GALLERY = {"projector": 8, "teacher": 6, "student": 3}  # leaders' pictures shown, by who looks
PROJECTOR_ROWS = 12
UNREACHABLE = "The class database cannot be reached right now; the board tries again shortly."


@st.cache_resource(show_spinner=False)
def class_store() -> ClassroomStore:
    """This process's store (`PLAYGROUND_DATABASE_URL`, else SQLite under the data folder),
    scoring submissions in a worker process beside the server's (classroom/verifier_process)."""
    return open_store(verifier=ProcessVerifier())


@st.cache_data(max_entries=512, show_spinner=False)
def entry_picture(code: str, entry_id: int) -> str | None:
    """The PNG the server drew of an entry's network when it scored it, as a data URL (so the
    board's refresh does not open it with PIL every 3 s); None for an entry without one."""
    stored = class_store().entry_picture(code, entry_id)
    return None if stored is None else png_data_url(stored)


def board_table(board: Board) -> pd.DataFrame:
    """The board as rows for `st.dataframe` (names stay text: a table cell is never Markdown)."""
    kind = board.score_kind
    return pd.DataFrame(
        {
            "Rank": [row.rank for row in board.rows],
            "Name": [row.display_name for row in board.rows],
            kind.label: [kind.format(row.score) for row in board.rows],
            "Neurons": [row.neurons for row in board.rows],
            "Epoch": [row.epoch for row in board.rows],
            "Tries": [row.entries for row in board.rows],
            "You": ["◀ you" if row.is_you else "" for row in board.rows],
        }
    )


def board_panel(
    code: str,
    *,
    session_id: str | None = None,
    token: str | None = None,
    watch: ClassInfo | None = None,
    projector: bool = False,
) -> None:
    """The refreshing board of class `code`, as its teacher (`token`), a student (`session_id`)
    or the projector sees it. `watch` is the class as the page around it shows it: when that
    changes (module docstring) the whole page runs again."""
    who = "projector" if projector else "teacher" if token else "student"

    @st.fragment(run_every=BOARD_REFRESH_SECONDS)
    @serialized
    def refreshing() -> None:
        store = class_store()
        try:
            if watch is not None and _page_is_stale(store, code, watch, session_id, token):
                st.rerun(scope="app")
            board = store.leaderboard(code, session_id=session_id)
            show_board(board, code, GALLERY[who], large=projector)
        except ClassroomError as error:
            if watch is not None:
                st.rerun(scope="app")  # closed: the page says so
            st.info(str(error), icon=":material/info:")
            return
        except sa.exc.SQLAlchemyError:
            LOGGER.exception("class board: the database could not be read")
            st.warning(UNREACHABLE, icon=":material/cloud_off:")
            return
        if token and board.rows:
            st.download_button(
                "Download the board (CSV)", board_csv(board), file_name="class-board.csv",
                mime="text/csv", icon=":material/download:", on_click="ignore",
                key=f"class-board-csv:{code}",
            )  # fmt: skip

    refreshing()


def _page_is_stale(
    store: ClassroomStore, code: str, shown: ClassInfo, session_id: str | None, token: str | None
) -> bool:
    """Whether the page around the board shows the class as it no longer is: paused, closed or
    its challenge changed; for a student, their seat gone; for the teacher, who has joined."""
    now = store.teacher_class(code, token) if token else store.class_info(code)
    if (now.paused, now.is_closed, now.challenge) != (
        shown.paused,
        shown.is_closed,
        shown.challenge,
    ):
        return True
    if token:
        return now.students != shown.students
    return session_id is not None and store.seat(code, session_id) is None


def show_board(board: Board, code: str, gallery: int, large: bool = False) -> None:
    """The ranked table of class `code` (large type for a projector), the leaders' pictures."""
    if not board.rows:
        st.info("No entries yet: the board fills in as students submit.", icon=":material/info:")
        return
    if board.you is not None:
        st.markdown(f"**Your best: #{board.you.rank} of {len(board.rows)}**")
    if large:
        st.html(projector_table(board))
    else:
        st.dataframe(board_table(board), hide_index=True, width="stretch")
    for column, row in zip(st.columns(gallery), board.rows[:gallery], strict=False):
        with column:
            picture = entry_picture(code, row.entry_id)
            if picture is not None:
                st.image(picture, width="stretch")
            st.text(f"{row.rank}. {row.display_name}\n{board.score_kind.format(row.score)}")


def projector_table(board: Board) -> str:
    """The first rows of the board as an HTML table in large type, every name escaped."""
    kind = board.score_kind
    head = "".join(f"<th>{html.escape(t)}</th>" for t in ("#", "Name", kind.label, "Neurons"))
    rows = "".join(
        f"<tr><td>{row.rank}</td><td>{html.escape(row.display_name)}</td>"
        f"<td>{html.escape(kind.format(row.score))}</td><td>{row.neurons}</td></tr>"
        for row in board.rows[:PROJECTOR_ROWS]
    )
    style = (
        "<style>.class-board{width:100%;border-collapse:collapse;font-size:1.9rem}"
        ".class-board th,.class-board td{padding:.25em .6em;text-align:left;"
        "border-bottom:1px solid rgba(128,128,128,.3)}.class-board th{font-size:1.2rem;"
        "opacity:.7}</style>"
    )
    return f"{style}<table class='class-board'><tr>{head}</tr>{rows}</table>"
