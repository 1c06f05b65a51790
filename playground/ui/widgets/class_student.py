"""A student's side of a class: join with a name, train the challenge's setup, submit, see the rank.

The student's playground is the usual one (`playground_view`) under its own key, started from
the challenge's setup with the locked controls out of sight; the limits are shown above it.
Nothing the browser says is trusted: Submit sends only the setup, and the store checks it
against the challenge (a locked control changed, too many neurons...: refused with the limit's
name), trains it again itself and records the score it measured. The seat belongs to this
browser session (Streamlit's session id, never shown); a new challenge starts the playground
again from its setup.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from playground.classroom import Challenge, ClassInfo, ClassroomError
from playground.data.features import FEATURE_LABELS
from playground.live.session import LiveState
from playground.settings import SETTINGS
from playground.ui.pages.playground import playground_view
from playground.ui.widgets.class_board import board_panel, class_store
from playground.ui.widgets.controls import reset_widgets

KEY = "student"  # the student's playground (its state is st.session_state["live:student"])
JOINED = "class:joined"  # {code: display name} of the classes this session joined
SHOWN = "class:challenge"  # the challenge the playground was started from
RESULT = "class:result"  # the last submission's message, (kind, text)
CONTROL_NAMES = {"dataset": "datasets"}  # a field whose control has another name
ALWAYS_HIDDEN = ("regenerate", "own_data")  # would change the points, which are locked
MARKDOWN_CHARACTERS = set("\\`*_{}[]()<>#+-.!|~:$")


def plain_markdown(text: str) -> str:
    """`text` with every Markdown and HTML character escaped: the teacher's title is shown as
    typed, never as a link, a picture or markup."""
    return "".join(f"\\{char}" if char in MARKDOWN_CHARACTERS else char for char in text)


def title(challenge: Challenge) -> None:
    st.title(plain_markdown(challenge.title) if challenge.title else "Class challenge")


def session_id() -> str:
    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.session_id if ctx is not None else "no-session"


def challenge_text(challenge: Challenge) -> str:
    """The challenge's rules as Markdown (no student-typed text in it)."""
    limits = [f"Score: **{challenge.score.label}**, measured by the server after "
              f"{challenge.epoch_budget:,} epochs of training from the setup's seed."]  # fmt: skip
    if challenge.max_neurons:
        limits.append(f"At most **{challenge.max_neurons}** hidden neurons in all.")
    if challenge.max_layers:
        limits.append(f"At most **{challenge.max_layers}** hidden layers.")
    if challenge.allowed_features:
        names = ", ".join(FEATURE_LABELS.get(name, name) for name in challenge.allowed_features)
        limits.append(f"Input features: only {names}.")
    locked = [SETTINGS[name].label for name in challenge.locked_controls if name in SETTINGS]
    limits.append("Locked: the data and the seed" + (f", {', '.join(locked)}." if locked else "."))
    return "\n".join(f"- {line}" for line in limits)


def hidden_controls(challenge: Challenge) -> list[str]:
    return [CONTROL_NAMES.get(name, name) for name in challenge.locked] + list(ALWAYS_HIDDEN)


def student_page(code: str) -> None:
    store = class_store()
    try:
        info = store.class_info(code)
    except ClassroomError as error:
        st.error(str(error), icon=":material/error:")
        if st.button("Try another code", icon=":material/arrow_back:"):
            st.query_params.clear()
            st.rerun()
        return
    title(info.challenge)
    st.markdown(challenge_text(info.challenge))
    name = st.session_state.get(JOINED, {}).get(info.code)
    if name is None:
        join_form(info)
        return
    st.text(f"You are {name}.")
    bar = st.container()  # above the playground, filled once the playground's state is made
    state = student_playground(info)
    with bar:
        submit_bar(info, state)
    st.subheader("Board")
    board_panel(info.code, session_id=session_id())


def join_form(info: ClassInfo) -> None:
    with st.form("class:join", border=True):
        typed = st.text_input(
            "Your name on the board", max_chars=40, help="Up to 24 letters; shown as typed."
        )
        sent = st.form_submit_button("Join the class", type="primary", icon=":material/login:")
    if not sent:
        return
    try:
        student = class_store().join(info.code, session_id(), typed)
    except ClassroomError as error:
        st.error(str(error), icon=":material/error:")
        return
    st.session_state.setdefault(JOINED, {})[info.code] = student.display_name
    st.rerun()


def student_playground(info: ClassInfo) -> LiveState:
    """The playground on the challenge's setup, started again when the challenge changed."""
    shown = info.challenge.to_dict()
    if st.session_state.get(SHOWN) != shown:
        st.session_state.pop(f"live:{KEY}", None)
        reset_widgets(KEY)
        st.session_state[SHOWN] = shown
    return playground_view(
        KEY, default=info.challenge.config, hidden=hidden_controls(info.challenge)
    )


def submit_bar(info: ClassInfo, state: LiveState) -> None:
    left, right = st.columns([1, 3], vertical_alignment="center")
    if left.button("Submit this setup", type="primary", icon=":material/upload:", width="stretch"):
        st.session_state[RESULT] = submit(info, state)
    right.caption(
        f"The server trains your current setup for {info.challenge.epoch_budget:,} epochs from "
        "the same start and puts the score it measures on the board; your best one counts."
    )
    kind, text = st.session_state.get(RESULT, (None, ""))
    if kind == "ok":
        st.success(text, icon=":material/check_circle:")
    elif kind == "refused":
        st.error(text, icon=":material/error:")


def submit(info: ClassInfo, state: LiveState) -> tuple[str, str]:
    budget = info.challenge.epoch_budget
    with st.spinner(f"The server trains your setup for {budget:,} epochs..."):
        try:
            entry = class_store().submit(
                info.code, session_id(), {"config": state.config.to_dict()}
            )
        except ClassroomError as error:
            return "refused", str(error)
    score = info.challenge.score.format(entry.score)
    return "ok", (
        f"Scored {score} at epoch {entry.epoch:,} with {entry.neurons} hidden neurons. "
        "The board counts your best entry."
    )
