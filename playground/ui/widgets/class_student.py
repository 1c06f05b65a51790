"""A student's side of a class: join with a name, train the challenge's setup, submit, see the rank.

The student's playground is the usual one (`playground_view`) under its own key, started from
the challenge's setup with the locked controls out of sight and without the presets menu or the
classroom panel (either would change or show what the teacher locked); the rules are shown
above it. Nothing the browser says is trusted: Submit sends only the setup, and the store checks
it against the challenge (a locked control changed, too many neurons...: refused with the
limit's name), trains it again itself and records the score it measured. The seat is a token
in the page's address (`seat=`), so a reload keeps it. The board's refresh also watches
the class: when the teacher pauses, closes or changes the challenge the page runs again, so the
student sees it before pressing Submit; a new challenge starts the playground from its setup.
"""

from __future__ import annotations

import re
import secrets

import streamlit as st

from playground.classroom import Challenge, ClassClosedError, ClassInfo, ClassroomError
from playground.classroom.errors import ClassFullError
from playground.classroom.names import MAX_NAME_LENGTH
from playground.data.features import FEATURE_LABELS
from playground.live.session import LiveState
from playground.settings import SETTINGS
from playground.ui.pages.playground import playground_view
from playground.ui.widgets.class_board import GALLERY, board_panel, class_store, show_board
from playground.ui.widgets.classroom import ALIASES
from playground.ui.widgets.controls import reset_widgets

KEY = "student"  # the student's playground (its state is st.session_state["live:student"])
SEAT, SEAT_BYTES = "seat", 24  # the seat token's URL parameter, and its random bytes
SEAT_PATTERN = re.compile(r"[A-Za-z0-9_-]{32}")
JOINED = "class:joined"  # codes of the classes joined here (a seat gone since: removed)
SHOWN = "class:challenge:"  # + code: the challenge the playground was started from
RESULT = "class:result:"  # + code: the last submission's (kind, message)
ALWAYS_HIDDEN = ("regenerate", "own_data")  # would change the points, which are locked
MARKDOWN_CHARACTERS = set("\\`*_{}[]()<>#+-.!|~:$&")
NEW_CHALLENGE = "The teacher set a new challenge: your playground starts again from its setup."
REMOVED = "The teacher took your name off the board. You can join again under another name."
MESSAGES = {"ok": st.success, "refused": st.error, "new": st.info}  # by a result's kind


def plain_markdown(text: str) -> str:
    """`text` with every Markdown and HTML character escaped: the teacher's title is shown as
    typed, never as a link, a picture or markup."""
    return "".join(f"\\{char}" if char in MARKDOWN_CHARACTERS else char for char in text)


def title(challenge: Challenge) -> None:
    """The challenge's title as the page's title, as plain text."""
    st.title(plain_markdown(challenge.title) if challenge.title else "Class challenge")


def session_id() -> str:
    """The student's seat: an unguessable token kept in the page's address (`seat=`), so a
    reload or a restarted worker finds the same seat (and the same rate limit); made on the
    first visit. Whoever has the address has the seat, as with any link that signs one in."""
    token = held_seat()
    if token is None:
        token = secrets.token_urlsafe(SEAT_BYTES)
        st.query_params[SEAT] = token
    return token


def held_seat() -> str | None:
    """The seat token in the page's address, if it holds a well-formed one (none is made)."""
    token = st.query_params.get(SEAT, "")
    return token if SEAT_PATTERN.fullmatch(token) else None


def challenge_text(challenge: Challenge) -> str:
    """The challenge's rules as Markdown (no typed text in it)."""
    lines = [f"Score: **{challenge.score.label}**, measured by the server after "
             f"{challenge.epoch_budget:,} epochs of training from the setup's seed."]  # fmt: skip
    if challenge.max_neurons:
        lines.append(f"At most **{challenge.max_neurons}** hidden neurons in all.")
    if challenge.max_layers:
        lines.append(f"At most **{challenge.max_layers}** hidden layers.")
    if challenge.allowed_features:
        names = ", ".join(FEATURE_LABELS.get(name, name) for name in challenge.allowed_features)
        lines.append(f"Input features: only {names}.")
    locked = [SETTINGS[name].label for name in challenge.locked if name in SETTINGS]
    lines.append(f"Locked: {', '.join(locked)}.")
    return "\n".join(f"- {line}" for line in lines)


def hidden_controls(challenge: Challenge) -> list[str]:
    """The playground's controls a student does not get: the locked ones, and new points."""
    return [ALIASES.get(name, name) for name in challenge.locked] + list(ALWAYS_HIDDEN)


def student_page(code: str) -> None:
    """A student's page of class `code`: the join form, or their playground and the board."""
    store = class_store()
    try:
        info = store.class_info(code)
    except ClassClosedError as error:
        closed_page(code, error)
        return
    except ClassroomError as error:
        st.error(str(error), icon=":material/error:")
        another_code()
        return
    title(info.challenge)
    st.markdown(challenge_text(info.challenge))
    seat = store.seat(info.code, session_id())
    if seat is None:
        if info.code in st.session_state.get(JOINED, set()):
            st.session_state[JOINED].discard(info.code)
            st.warning(REMOVED, icon=":material/person_remove:")
        join_form(info)
        return
    st.session_state.setdefault(JOINED, set()).add(info.code)
    st.text(f"You are {seat.display_name}.")
    bar = st.container()  # above the playground, filled once the playground's state is made
    state = student_playground(info)
    with bar:
        submit_bar(info, state)
    st.subheader("Board")
    board_panel(info.code, session_id=session_id(), watch=info)


def closed_page(code: str, error: ClassroomError) -> None:
    """A closed class: it says so, and shows the final board with the student's own rank."""
    st.title("Class closed")
    st.info(str(error), icon=":material/lock:")
    st.subheader("Final board")
    show_board(class_store().leaderboard(code, session_id=held_seat()), code, GALLERY["student"])
    another_code()


def another_code() -> None:
    """Back to the Class page's start, to type another code."""
    if st.button("Try another code", icon=":material/arrow_back:"):
        st.query_params.clear()
        st.rerun()


def join_form(info: ClassInfo) -> None:
    """A name, and a seat in the class for this session (none left: the class says it is full)."""
    if info.is_full:
        st.warning(str(ClassFullError(info.max_students)), icon=":material/group_off:")
        return
    with st.form("class:join", border=True):
        typed = st.text_input(
            "Your name on the board", max_chars=MAX_NAME_LENGTH,
            help=f"Up to {MAX_NAME_LENGTH} characters, shown exactly as typed.",
        )  # fmt: skip
        sent = st.form_submit_button("Join the class", type="primary", icon=":material/login:")
    if not sent:
        return
    try:
        class_store().join(info.code, session_id(), typed)
    except ClassroomError as error:
        st.error(str(error), icon=":material/error:")
        return
    st.rerun()  # the page's next run finds the seat


def student_playground(info: ClassInfo) -> LiveState:
    """The playground on the challenge's setup, started again when the challenge changed."""
    shown, key = info.challenge.to_dict(), SHOWN + info.code
    if st.session_state.get(key) != shown:
        if key in st.session_state:  # not the first visit: the teacher changed the challenge
            st.session_state[RESULT + info.code] = ("new", NEW_CHALLENGE)
        st.session_state.pop(f"live:{KEY}", None)
        reset_widgets(KEY)
        st.session_state[key] = shown
    hidden = hidden_controls(info.challenge)
    return playground_view(KEY, default=info.challenge.config, hidden=hidden, student=True)


def submit_bar(info: ClassInfo, state: LiveState) -> None:
    """Submit (not while submissions are paused), what it does, and the last result."""
    left, right = st.columns([1, 3], vertical_alignment="center")
    if left.button(
        "Submit this setup", type="primary", icon=":material/upload:", width="stretch",
        disabled=info.paused, help="Paused by the teacher." if info.paused else None,
    ):  # fmt: skip
        st.session_state[RESULT + info.code] = submit(info, state)
    if info.paused:
        right.info("The teacher has paused submissions for now.", icon=":material/pause:")
    else:
        right.caption(
            f"The server trains your current setup for {info.challenge.epoch_budget:,} epochs "
            "from the same start and puts the score it measures on the board; your best counts."
        )
    kind, text = st.session_state.get(RESULT + info.code, (None, ""))
    if kind in MESSAGES:
        MESSAGES[kind](text)


def submit(info: ClassInfo, state: LiveState) -> tuple[str, str]:
    """(kind, message) of submitting the playground's setup: "ok" with the score, or "refused"
    with the store's reason."""
    budget = info.challenge.epoch_budget
    with st.spinner(f"The server trains your setup for {budget:,} epochs..."):
        try:
            request = {"config": state.config.to_dict()}
            entry = class_store().submit(info.code, session_id(), request)
        except ClassroomError as error:
            return "refused", str(error)
    score = info.challenge.score.format(entry.score)
    return "ok", (
        f"Scored {score} at epoch {entry.epoch:,} with {entry.neurons} hidden neurons. "
        "The board counts your best entry."
    )
