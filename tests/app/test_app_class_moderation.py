"""The teacher moderates a class under AppTest: a name taken off the board, a class made full.

Real sessions on one SQLite store (the fixtures of test_app_classroom.py): the teacher takes a
student's name off the board after a "Yes", the board and the roster lose it, and the student's
own page says so and offers the join form again; with the seats set to what is taken, a newcomer
is told the class is full instead of getting a join form, while those in keep their seats.
"""

from __future__ import annotations

from test_app_classroom import class_folder, join, open_class_page, start_class, submit  # noqa: F401


def click(at, label: str) -> None:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]


def test_a_name_taken_off_the_board_is_gone_and_its_student_is_told(playground_app) -> None:
    teacher = start_class(playground_app)
    code = teacher.query_params["class"]
    rude, kind = join(playground_app, code, "Rude name"), join(playground_app, code, "Kim")
    submit(rude)
    submit(kind)
    teacher.run()
    assert set(teacher.dataframe[0].value["Name"]) == {"Rude name", "Kim"}
    board_csv = "Download the board (CSV)"  # for the teacher only
    assert [b.proto.label for b in teacher.get("download_button")] == [board_csv]
    assert board_csv not in [b.proto.label for b in kind.get("download_button")]
    (chooser,) = [s for s in teacher.selectbox if s.label == "Take a name off the board"]
    assert chooser.options == ["Rude name", "Kim"]
    chooser.set_value("Rude name").run()
    click(teacher, "Take off the board")
    assert "Rude name" in [t.value for t in teacher.text]  # the question names it, as text
    click(teacher, "No, keep it")
    assert set(teacher.dataframe[0].value["Name"]) == {"Rude name", "Kim"}
    next(s for s in teacher.selectbox if s.label == "Take a name off the board").set_value(
        "Rude name"
    ).run()
    click(teacher, "Take off the board")
    click(teacher, "Yes, take it off")
    assert list(teacher.dataframe[0].value["Name"]) == ["Kim"]
    rude.run()
    assert any("took your name off the board" in w.value for w in rude.warning)
    assert [b.label for b in rude.button if b.label == "Join the class"]  # may join again
    kind.run()
    assert not kind.warning and any("Your best: #1 of 1" in m.value for m in kind.markdown)


def test_a_full_class_tells_newcomers_and_keeps_those_in(playground_app) -> None:
    teacher = start_class(playground_app)
    code = teacher.query_params["class"]
    first = join(playground_app, code, "First")
    (seats,) = [n for n in teacher.number_input if n.label == "Seats"]
    seats.set_value(1)
    click(teacher, "Save seats")
    assert any("**1** of **1** seats taken" in m.value for m in teacher.markdown)
    late = open_class_page(playground_app, **{"class": code})
    assert any("This class is full: 1 seat, all taken" in w.value for w in late.warning)
    assert not [b for b in late.button if b.label == "Join the class"]
    first.run()
    assert [b for b in first.button if b.label == "Submit this setup"]  # still in
