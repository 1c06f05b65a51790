"""The Class page: a teacher sets a challenge, students join with a code, the board ranks them.

The URL says who is looking. No parameter: a choice between joining (type the code) and
starting a class. `?class=new`: the teacher's challenge form. `?class=CODE&teacher=TOKEN`: the
teacher's page — the join code with a QR code of the join link, the private teacher link,
pause / clear / close, the challenge, and the live board. `?class=CODE&view=board`: the board
for the projector — the code, the QR code and the board in large type, and no teacher link in
the address bar for a student to photograph; once the class is closed, its final board.
`?class=CODE`: a student's page
(`widgets/class_student.py`). Everything lasting lives in the class store
(`playground.classroom`): a teacher link works from any worker and after a restart. Refusals (a
wrong code, a closed class, a wrong teacher link) come from the store with their own plain
message, and a database that cannot be reached says so; the page never shows a traceback.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

import qrcode
import sqlalchemy as sa
import streamlit as st

from playground.classroom import ClassClosedError, ClassInfo, ClassroomError
from playground.ui.widgets import class_student
from playground.ui.widgets.class_board import GALLERY, board_panel, class_store, show_board
from playground.ui.widgets.class_moderation import moderation_panel
from playground.ui.widgets.class_setup import challenge_form
from playground.ui.workarounds.errors import guarded

LOGGER = logging.getLogger(__name__)
NEW, BOARD = "new", "board"  # ?class=new, ?view=board
CONFIRM = "class:confirm:"  # + code: the teacher action waiting for "Yes"
LOOPBACK = ("localhost", "127.0.0.1", "::1")
ACTIONS = {  # what waits for a "Yes": the question, and the store's method that does it
    "clear": ("Clear every entry from the board", "clear_board"),
    "close": ("Close the class for good", "close_class"),
}


def page_url(**params: str) -> str:
    """This page's address with `params` (the browser's own host, so it works behind a proxy)."""
    base = str(st.context.url or "").split("?")[0]
    return f"{base}?{urlencode(params)}"


def qr_png(text: str) -> bytes:
    """A QR code of `text` as PNG bytes."""
    buffer = io.BytesIO()
    qrcode.make(text, border=2, box_size=8).save(buffer)
    return buffer.getvalue()


# --- the pages --------------------------------------------------------------------------------
@guarded("Reload the page to start again.")
def main() -> None:
    """Route by the URL's parameters (module docstring)."""
    params = st.query_params.to_dict()
    code, token = params.get("class", "").strip(), params.get("teacher", "").strip()
    try:
        if code == NEW:
            start_page()
        elif code and token:
            teacher_page(code, token)
        elif code and params.get("view") == BOARD:
            projector_page(code)
        elif code:
            class_student.student_page(code)
        else:
            landing_page()
    except sa.exc.SQLAlchemyError:
        LOGGER.exception("class page: the database could not be used")
        st.error(
            "The class database cannot be reached right now. Try again in a moment; if it "
            "stays so, the server's operator can look at its log.",
            icon=":material/cloud_off:",
        )


def landing_page() -> None:
    """Join with a code, or start a class."""
    st.title("Class")
    st.caption(
        "A teacher poses a challenge, every student tries it on their own laptop, and the "
        "projector shows the best attempts as they come in. The server trains every submission "
        "again itself, so the board shows what each network really scores."
    )
    join, start = st.columns(2, gap="large")
    with join.container(border=True):
        st.subheader("Join a class")
        typed = st.text_input("Class code", max_chars=20, placeholder="ABCD-EFGH")
        if st.button("Join", type="primary", icon=":material/login:", disabled=not typed.strip()):
            st.query_params.from_dict({"class": typed.strip()})
            st.rerun()
    with start.container(border=True):
        st.subheader("Start a class")
        st.caption("For the teacher: set a challenge and get a code for the class.")
        if st.button("Start a class", icon=":material/school:"):
            st.query_params.from_dict({"class": NEW})
            st.rerun()


def start_page() -> None:
    """The challenge form; saving it makes the class and opens the teacher's page."""
    st.title("Start a class")
    challenge = challenge_form("class:new")
    if challenge is None:
        return
    made = class_store().create_class(challenge)
    st.query_params.from_dict({"class": made.code, "teacher": made.teacher_token})
    st.rerun()


def teacher_page(code: str, token: str) -> None:
    """The class as its teacher runs it (every action checked by the store against `token`)."""
    store = class_store()
    try:
        info = store.teacher_class(code, token)
    except ClassroomError as error:
        st.error(str(error), icon=":material/error:")
        return
    class_student.title(info.challenge)
    if info.is_closed:
        st.warning("This class is closed: students can no longer join or submit.")
    else:
        join_panel(info)
        st.link_button(
            "Present the board", page_url(**{"class": info.code, "view": BOARD}),
            icon=":material/co_present:",
            help="Opens the board for the projector: large type, and no teacher link in the "
            "address bar for anyone to photograph.",
        )  # fmt: skip
    with st.expander("Your teacher link: keep it private", icon=":material/key:"):
        st.caption("Anyone with this link can change, clear or close the class.")
        st.code(page_url(**{"class": code, "teacher": token}), language=None)
    if not info.is_closed:
        teacher_actions(info, token)
    moderation_panel(info, token, act)  # a closed class's final board is still shown
    if not info.is_closed:
        with st.expander("The challenge", icon=":material/flag:"):
            st.markdown(class_student.challenge_text(info.challenge))
            changed = challenge_form("class:edit", current=info.challenge)
            if changed is not None and act(lambda: store.set_challenge(code, token, changed)):
                st.toast("Challenge saved; the board starts empty.", icon=":material/flag:")
                st.rerun()
    st.subheader("Board")
    board_panel(code, token=token, watch=info)


def projector_page(code: str) -> None:
    """The board in large type, with the way to join, and nothing private."""
    try:
        info = class_store().class_info(code)
    except ClassClosedError as error:
        st.title("Final board")
        st.info(str(error), icon=":material/lock:")
        show_board(class_store().leaderboard(code), code, GALLERY["projector"], large=True)
        return
    except ClassroomError as error:
        st.error(str(error), icon=":material/error:")
        return
    class_student.title(info.challenge)
    join_panel(info)
    board_panel(info.code, projector=True, watch=info)


def join_panel(info: ClassInfo) -> None:
    """The join code in large type, the join link and its QR code."""
    link = page_url(**{"class": info.code})
    left, right = st.columns([3, 1], vertical_alignment="center")
    with left:
        st.markdown("Students join at this page with the code")
        st.markdown(f"<div class='class-code'>{info.display_code}</div>", unsafe_allow_html=True)
        st.code(link, language=None)
        if urlsplit(link).hostname in LOOPBACK:
            st.warning(
                "This address works on this computer only. For students' laptops, serve the "
                "playground on the network (`playground serve --address 0.0.0.0`) and open "
                "it by this machine's network address.",
                icon=":material/wifi_off:",
            )
        if info.paused:
            st.info("Submissions are paused.", icon=":material/pause:")
    right.image(qr_png(link), caption="Scan to join", width=180)
    st.html(
        "<style>.class-code{font-size:4.2rem;font-weight:700;letter-spacing:.12em;"
        "font-family:monospace;line-height:1.1}</style>"
    )


def teacher_actions(info: ClassInfo, token: str) -> None:
    """Pause or resume, and clear or close after a "Yes"."""
    store, code = class_store(), info.code
    pause, clear, close = st.columns(3)
    if pause.button(
        "Resume submissions" if info.paused else "Pause submissions",
        icon=":material/play_arrow:" if info.paused else ":material/pause:",
        width="stretch",
    ) and act(lambda: store.set_paused(code, token, not info.paused)):
        st.rerun()
    if clear.button("Clear the board", icon=":material/delete_sweep:", width="stretch"):
        st.session_state[CONFIRM + code] = "clear"
    if close.button("Close the class", icon=":material/lock:", width="stretch"):
        st.session_state[CONFIRM + code] = "close"
    asked = st.session_state.get(CONFIRM + code)
    if asked in ACTIONS:
        question, method = ACTIONS[asked]
        st.warning(f"{question}? This cannot be undone.", icon=":material/warning:")
        yes, no = st.columns(2)
        if yes.button("Yes", type="primary", width="stretch"):
            st.session_state.pop(CONFIRM + code, None)
            if act(lambda: getattr(store, method)(code, token)):
                st.rerun()
        if no.button("No", width="stretch"):
            st.session_state.pop(CONFIRM + code, None)
            st.rerun()


def act(action: Callable[[], object]) -> bool:
    """Run a teacher action; a refusal from the store is shown as its message (False)."""
    try:
        action()
    except ClassroomError as error:
        st.error(str(error), icon=":material/error:")
        return False
    return True
