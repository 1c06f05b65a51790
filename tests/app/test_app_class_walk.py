"""A seeded random walk through a class: a teacher and two students act in any order.

Each step picks an actor and an action: a student sets any widget of the page to a random
allowed value or clicks any button (Play, Step, Submit, a setting...), the teacher pauses,
resumes, clears or closes the class (answering the confirmation either way), or a stranger
opens the page with a made-up code and teacher link. After every step: no exception on any
page, the teacher's board only ever names students who joined, and a refused submission says
why in words. The walk is seeded, so a failure repeats with the steps that led to it.
"""

from __future__ import annotations

import random
import string

import pytest
from test_app_classroom import class_folder, join, open_class_page, start_class  # noqa: F401
from test_app_random_walk import CHOICES, apply, choice, widgets

STEPS = 40
STUDENT_BUTTONS = ("Submit this setup",)
TEACHER_BUTTONS = (
    "Pause submissions", "Resume submissions", "Clear the board", "Close the class", "Yes", "No",
)  # fmt: skip
NAMES = ("Ada", "Bo <i>x</i>")


def junk(rng: random.Random) -> str:
    alphabet = string.ascii_letters + string.digits + "-_%&=?#<>/ "
    return "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30)))


def student_step(rng: random.Random, at) -> str:
    labelled = [b for b in at.button if b.label in STUDENT_BUTTONS]
    options = widgets(at) + labelled * 6
    if not options:
        at.run()
        return "student refresh"
    element = rng.choice(options)
    if element in labelled:
        element.click().run()
        return f"student clicks {element.label}"
    suffix = element.key.split(":", 1)[-1]
    known = CHOICES.get(f"main:{suffix}")  # the playground's own choices, under the student's key
    step = apply(element, rng.choice(known) if known else choice(rng, element))
    at.run()
    return f"student {step}"


def teacher_step(rng: random.Random, at) -> str:
    buttons = [b for b in at.button if b.label in TEACHER_BUTTONS]
    if not buttons or rng.random() < 0.3:
        at.run()  # a board refresh
        return "teacher refresh"
    button = rng.choice(buttons)
    button.click().run()
    return f"teacher clicks {button.label}"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_random_walk_through_a_class_never_shows_an_error(playground_app, seed: int) -> None:
    rng, steps = random.Random(seed), []
    teacher = start_class(playground_app)
    code = teacher.query_params["class"]
    students = [join(playground_app, code, name) for name in NAMES]
    joined = {"Ada", "Bo <i>x</i>"}
    for _ in range(STEPS):
        roll = rng.random()
        if roll < 0.6:
            steps.append(student_step(rng, rng.choice(students)))
        elif roll < 0.9:
            steps.append(teacher_step(rng, teacher))
        else:
            params = {"class": rng.choice([code, junk(rng)]), "teacher": junk(rng)}
            stranger = open_class_page(playground_app, **params)  # asserts no exception
            assert not stranger.dataframe, (params, steps[-6:])  # no board for a wrong link
            steps.append(f"stranger opens {params}")
        for at in (teacher, *students):
            assert not at.exception, (steps[-6:], [e.value for e in at.exception])
            for error in at.error:
                assert error.value.strip(), steps[-6:]
        for table in teacher.dataframe:
            assert set(table.value["Name"]) <= joined, steps[-6:]
