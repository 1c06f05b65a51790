"""The Class page under AppTest: a teacher starts a class, a student joins, submits, and ranks.

Each AppTest is its own browser session; the class store is a real SQLite file in the test's
temporary folder (`PLAYGROUND_DATA_DIR`), shared by the teacher's and the students' sessions as
it is by a server's workers. AppTest never fires the board's refresh timer: a `.run()` is one
refresh.
"""

from __future__ import annotations

import pytest
from apptest_helpers import button, open_page
from streamlit.testing.v1 import AppTest

from playground.ui.widgets.class_board import class_store, entry_picture

CLASS_PAGE = "views/classroom.py"


@pytest.fixture(autouse=True)
def class_folder(tmp_path, monkeypatch):
    """A fresh store in this test's folder (the store is made once per process, so reset it)."""
    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("PLAYGROUND_DATABASE_URL", raising=False)
    class_store.clear()
    entry_picture.clear()
    yield
    class_store.clear()


def open_class_page(playground_app, **params: str) -> AppTest:
    return open_page(playground_app, CLASS_PAGE, params, errors=False)


def start_class(
    playground_app, title: str = "Beat 90 % on the circle", locked=(), **limits
) -> AppTest:
    teacher = open_class_page(playground_app, **{"class": "new"})
    teacher.text_input[0].input(title)
    for label, value in limits.items():
        next(n for n in teacher.number_input if n.label.startswith(label)).set_value(value)
    if locked:
        next(m for m in teacher.multiselect if m.label == "Locked controls").set_value(locked)
    teacher.button[0].click().run()  # the form's "Save the challenge"
    assert not teacher.exception, [e.value for e in teacher.exception]
    assert set(teacher.query_params) == {"class", "teacher"}
    return teacher


def join(playground_app, code: str, name: str) -> AppTest:
    student = open_class_page(playground_app, **{"class": code})
    student.text_input[0].input(name)
    next(b for b in student.button if b.label == "Join the class").click().run()
    assert not student.exception, [e.value for e in student.exception]
    return student


def test_a_teacher_starts_a_class_and_a_students_entry_reaches_the_board(playground_app) -> None:
    teacher = start_class(playground_app)
    code = teacher.query_params["class"]
    assert teacher.title[0].value == "Beat 90 % on the circle"
    assert teacher.get("image")  # the QR code of the join link
    assert any("No entries yet" in info.value for info in teacher.info)

    student = join(playground_app, code, "  Ada <b>*x*</b>\x07 ")
    assert [t.value for t in student.text if t.value.startswith("You are")] == [
        "You are Ada <b>*x*</b>."
    ]
    button(student, "student:play")  # the student's own playground is there
    next(b for b in student.button if b.label == "Submit this setup").click().run()
    assert not student.error, [e.value for e in student.error]
    assert any("Scored" in s.value and "at epoch 300" in s.value for s in student.success)

    teacher.run()  # one board refresh
    (table,) = teacher.dataframe
    assert table.value["Name"].tolist() == ["Ada <b>*x*</b>"]  # as typed, shown as text
    assert table.value["Rank"].tolist() == [1]


def test_wrong_codes_and_teacher_links_are_refused_in_plain_words(playground_app) -> None:
    teacher = start_class(playground_app)
    code, token = teacher.query_params["class"], teacher.query_params["teacher"]
    unknown = open_class_page(playground_app, **{"class": "ZZZZ-ZZZZ"})
    assert unknown.error and "code" in unknown.error[0].value.lower()
    impostor = open_class_page(playground_app, **{"class": code, "teacher": token[:-1] + "x"})
    assert impostor.error and not impostor.dataframe
    assert not [b for b in impostor.button if b.label == "Close the class"]


def submit(student: AppTest) -> None:
    next(b for b in student.button if b.label == "Submit this setup").click().run()


def test_a_limit_broken_is_refused_with_its_name(playground_app) -> None:
    teacher = start_class(playground_app, "Tiny networks", **{"Most hidden neurons": 3})
    student = join(playground_app, teacher.query_params["class"], "Bo")
    submit(student)
    (error,) = student.error  # the default [4, 2] has 6 neurons
    assert error.value.startswith("Max neurons: at most 3 hidden neurons")


def test_a_locked_control_a_student_changes_anyway_is_refused(playground_app) -> None:
    teacher = start_class(playground_app, "Fixed rate", locked=["learning_rate"])
    student = join(playground_app, teacher.query_params["class"], "Cy")
    assert not [b for b in student.button if b.label == "Load preset"]  # no presets menu here
    student.selectbox(key="student:learning_rate").set_value(0.3).run()  # out of sight, not gone
    submit(student)
    (error,) = student.error
    assert error.value == "Locked controls: Learning rate is locked at 0.03 by the teacher."


def test_a_pause_and_a_new_challenge_reach_the_students_page(playground_app) -> None:
    teacher = start_class(playground_app)
    student = join(playground_app, teacher.query_params["class"], "Di")
    next(b for b in teacher.button if b.label == "Pause submissions").click().run()
    student.run()  # the board's refresh sees the pause and runs the page again
    assert next(b for b in student.button if b.label == "Submit this setup").disabled
    assert any("paused" in info.value for info in student.info)
    next(b for b in teacher.button if b.label == "Resume submissions").click().run()
    teacher.text_input[0].input("Now the XOR")  # the challenge form's title
    next(b for b in teacher.button if b.label == "Save the challenge").click().run()
    student.run()
    assert student.title[0].value == "Now the XOR"
    assert any("new challenge" in info.value for info in student.info)


def test_the_projector_board_has_no_teacher_link_and_shows_names_as_text(playground_app) -> None:
    teacher = start_class(playground_app, "Spot the [link](http://x) *here*")
    code = teacher.query_params["class"]
    assert teacher.title[0].value == "Spot the \\[link\\]\\(http\\://x\\) \\*here\\*"
    student = join(playground_app, code, "<b>Eve</b>")
    submit(student)
    board = open_class_page(playground_app, **{"class": code, "view": "board"})
    board.run()
    (table,) = [h.proto.body for h in board.get("html") if "class-board" in h.proto.body]
    assert "&lt;b&gt;Eve&lt;/b&gt;" in table and "<b>Eve" not in table
    assert not [b for b in board.button if b.label in ("Close the class", "Clear the board")]
    assert "teacher" not in board.query_params


def test_closing_the_class_turns_students_away_and_shows_the_final_board(playground_app) -> None:
    teacher = start_class(playground_app)
    code = teacher.query_params["class"]
    student = join(playground_app, code, "Gil")
    submit(student)
    next(b for b in teacher.button if b.label == "Close the class").click().run()
    next(b for b in teacher.button if b.label == "Yes").click().run()
    assert any("closed" in w.value for w in teacher.warning)
    # Closed, its board is final but still shown: the teacher can take a name off, not add seats.
    assert [s.options for s in teacher.selectbox if s.label == "Take a name off the board"] == [
        ["Gil"]
    ]
    assert not [n for n in teacher.number_input if n.label == "Seats"]
    late = open_class_page(playground_app, **{"class": code})
    assert "closed" in late.info[0].value.lower() and not late.text_input  # no join form
    assert (
        late.subheader[0].value == "Final board" and "Gil" in late.dataframe[0].value["Name"].values
    )
    student.run()  # the student who took part sees their rank on the final board
    assert "closed" in student.info[0].value.lower()
    assert any("Your best: #1 of 1" in m.value for m in student.markdown)
    board = open_class_page(playground_app, **{"class": code, "view": "board"})
    (table,) = [h.proto.body for h in board.get("html") if "class-board" in h.proto.body]
    assert "Gil" in table


def test_a_reload_keeps_the_students_seat(playground_app) -> None:
    teacher = start_class(playground_app)
    code = teacher.query_params["class"]
    student = join(playground_app, code, "Flo")
    seat = student.query_params["seat"]
    assert len(seat) == 32 and seat not in teacher.query_params.values()
    again = open_class_page(playground_app, **{"class": code, "seat": seat})  # a new session
    assert [t.value for t in again.text if t.value.startswith("You are")] == ["You are Flo."]
    stranger = open_class_page(playground_app, **{"class": code, "seat": "x" * 32})
    assert not [t for t in stranger.text if t.value.startswith("You are")]
