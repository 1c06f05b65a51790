"""The class board: the live leaderboard and the gallery of the leaders' decision boundaries.

One store per server process (`class_store`, `st.cache_resource`: it holds a database engine
and no user's state; the classes live in the database, so every worker and every restart sees
the same boards). The board redraws itself every `BOARD_REFRESH_SECONDS` in a fragment, so the
projector stays current without the page flickering. Each gallery picture is the submitted
setup trained again (the engine is deterministic, so it is the network that was scored), made
once per setup and epoch count and cached. Display names are plain text everywhere: the table
shows them as data and the gallery with `st.text`, never as Markdown or HTML.
"""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from playground.classroom import Board, ClassroomError, ClassroomStore, open_store
from playground.config import PlaygroundConfig
from playground.trainer import Trainer
from playground.viz.network_map import network_picture
from playground.viz.png import png_bytes

BOARD_REFRESH_SECONDS = 3.0
GALLERY_SIZE = 6  # the leaders whose boundaries the projector shows


@st.cache_resource(show_spinner=False)
def class_store() -> ClassroomStore:
    """This process's store (`PLAYGROUND_DATABASE_URL`, else SQLite under the data folder)."""
    return open_store()


@st.cache_data(max_entries=512, show_spinner=False)
def entry_picture(config_json: str, epochs: int) -> bytes:
    """The PNG of the network a submitted setup trains to in `epochs` epochs."""
    trainer = Trainer(PlaygroundConfig.from_dict(json.loads(config_json)))
    trainer.run_epochs(epochs)
    return png_bytes(network_picture(trainer))


def board_table(board: Board) -> pd.DataFrame:
    """The board as rows for `st.dataframe` (names stay text: a table cell is never Markdown)."""
    kind = board.score_kind
    return pd.DataFrame(
        {
            "Rank": [row.rank for row in board.rows],
            "Name": [row.display_name + (" (you)" if row.is_you else "") for row in board.rows],
            kind.label: [kind.format(row.score) for row in board.rows],
            "Neurons": [row.neurons for row in board.rows],
            "Epoch": [row.epoch for row in board.rows],
            "Tries": [row.entries for row in board.rows],
        }
    )


def board_panel(code: str, *, session_id: str | None = None, token: str | None = None) -> None:
    """The refreshing board of class `code`, as its teacher (`token`) or a student sees it."""

    @st.fragment(run_every=BOARD_REFRESH_SECONDS)
    def refreshing() -> None:
        try:
            board = class_store().leaderboard(code, session_id=session_id, teacher_token=token)
        except ClassroomError as error:
            st.info(str(error), icon=":material/info:")
            return
        show_board(board, gallery=GALLERY_SIZE if token else 3)

    refreshing()


def show_board(board: Board, gallery: int) -> None:
    if not board.rows:
        st.info("No entries yet: the board fills in as students submit.", icon=":material/info:")
        return
    if board.you is not None:
        st.markdown(f"**Your best: #{board.you.rank} of {len(board.rows)}**")
    st.dataframe(board_table(board), hide_index=True, width="stretch")
    leaders = board.rows[:gallery]
    for column, row in zip(st.columns(gallery), leaders, strict=False):
        with column:
            config = json.dumps(row.config, sort_keys=True)
            st.image(entry_picture(config, row.epoch), width="stretch")
            st.text(f"{row.rank}. {row.display_name}\n{board.score_kind.format(row.score)}")
