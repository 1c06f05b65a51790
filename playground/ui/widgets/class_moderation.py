"""The teacher's moderation of a class: how many may join, and taking a name off the board.

Inside an expander of the teacher's page: the seats taken out of the class's seats, with the
number of seats to change (students already in keep theirs), and the names of everyone who
joined, any of which the teacher can take off the board after a "Yes" — their entries go, their
name is free again, and their own page tells them so. Every action goes through the store, which
checks the teacher token; a refusal shows its own message.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from playground.classroom import ClassInfo
from playground.classroom.limits import MAX_SEATS, MIN_SEATS
from playground.ui.widgets.class_board import class_store

REMOVING = "class:removing:"  # + code: the name waiting for "Yes"


def moderation_panel(info: ClassInfo, token: str, act: Callable[[Callable[[], object]], bool]):
    """Seats (while the class is open) and names of class `info` (a closed class's final board
    too); `act` runs a store action and shows a refusal."""
    store, code = class_store(), info.code
    # A label that stays the same as students join keeps the expander open across reruns.
    with st.expander("Students and seats", icon=":material/group:"):
        st.markdown(f"**{info.students}** of **{info.max_students}** seats taken.")
        if not info.is_closed:
            seats_form(info, token, act)
        names = store.roster(code, token)
        if not names:
            st.caption("Nobody has joined yet.")
            return
        chosen = st.selectbox("Take a name off the board", names, index=None,
                              placeholder="Choose a name", key=f"moderate:name:{code}")  # fmt: skip
        if st.button("Take off the board", icon=":material/person_remove:", disabled=not chosen):
            st.session_state[REMOVING + code] = chosen
        confirm_removal(code, token, act)


def seats_form(info: ClassInfo, token: str, act: Callable[[Callable[[], object]], bool]) -> None:
    """How many students may join (students already in keep their seats)."""
    store, code = class_store(), info.code
    with st.form(f"class:seats:{code}", border=False):
        seats = st.number_input(
            "Seats", min_value=MIN_SEATS, max_value=MAX_SEATS, value=info.max_students, step=1,
            help="How many students may join. Those already in keep their seats.",
            key=f"moderate:seats:{code}",
        )  # fmt: skip
        if st.form_submit_button("Save seats", icon=":material/save:") and act(
            lambda: store.set_seats(code, token, int(seats))
        ):
            st.rerun()


def confirm_removal(code: str, token: str, act: Callable[[Callable[[], object]], bool]) -> None:
    """The "Yes / No" for the name waiting to be taken off."""
    name = st.session_state.get(REMOVING + code)
    if name is None:
        return
    st.warning("Take this name and its entries off the board?", icon=":material/warning:")
    st.text(name)  # typed by a student: plain text
    yes, no = st.columns(2)
    if yes.button("Yes, take it off", type="primary", width="stretch"):
        st.session_state.pop(REMOVING + code, None)
        if act(lambda: class_store().remove_student(code, token, name)):
            st.toast("Taken off the board.", icon=":material/person_remove:")
            st.rerun()
    if no.button("No, keep it", width="stretch"):
        st.session_state.pop(REMOVING + code, None)
        st.rerun()
