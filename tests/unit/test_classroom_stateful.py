"""Random sequences of classroom actions against a model of what the store should do (hypothesis).

Two classes, a handful of sessions, and any order of: students joining (colliding names
included), submitting (too many epochs, too soon, while paused or closed, before joining), the
clock moving, teacher actions sent with either the right token or something a student holds, a
name taken off the board and the seats changed (a full class refusing newcomers).
After every step the boards must be what the model says: each student's best score under the
current challenge, once, best first — and a refused teacher action must have changed nothing.
The verifier is replaced by a quick fake (score = learning rate); real scoring is tested in
test_classroom_submissions.py.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from support.classroom import FakeClock, request_for, small_challenge, small_config

from playground.classroom import (
    ClassClosedError,
    ClassroomError,
    LimitError,
    Measurement,
    NotJoinedError,
    NotTeacherError,
    PausedError,
    TooSoonError,
    open_store,
)
from playground.classroom.errors import ClassFullError
from playground.classroom.limits import DEFAULT_SEATS
from playground.classroom.names import clean_display_name, name_key, unique_display_name

SESSIONS = ["s0", "s1", "s2", "s3"]
NAMES = ["Ann", "ann", "<b>Ann</b>", "Bob", " Bob\n", "**Cy**"]
RATES = [0.001, 0.01, 0.03, 0.1, 0.3]
INTERVAL, BUDGET = 10.0, 5


def quick_verifier(challenge, config, epochs) -> Measurement:
    return Measurement(score=config.learning_rate, epoch=epochs, neurons=sum(config.hidden_layers))


class ClassModel:
    """What one class should hold."""

    def __init__(self, made):
        self.made = made
        self.closed = self.paused = False
        self.max_seats = DEFAULT_SEATS
        self.challenge = 0
        self.seats: dict[str, str] = {}  # session -> display name
        self.last_submit: dict[str, float] = {}
        self.entries: list[tuple[int, str, float]] = []  # (challenge number, session, score)

    def board(self) -> list[tuple[str, float]]:
        """Best score per session, best first; a tie goes to the earlier entry (same neurons)."""
        best: dict[str, tuple[float, int]] = {}  # session -> (-score, entry order)
        for order, (challenge, session, score) in enumerate(self.entries):
            held = best.get(session)
            if challenge == self.challenge and (held is None or (-score, order) < held):
                best[session] = (-score, order)
        ranked = sorted(best.items(), key=lambda item: item[1])
        return [(self.seats[session], -key[0]) for session, key in ranked]


class ClassroomMachine(RuleBasedStateMachine):
    @initialize()
    def open_two_classes(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="classroom-stateful-"))
        self.clock = FakeClock()
        self.store = open_store(f"sqlite:///{self.folder / 'c.sqlite3'}", clock=self.clock,
                                submit_interval=INTERVAL, verifier=quick_verifier)  # fmt: skip
        challenge = small_challenge(epoch_budget=BUDGET)
        self.classes = [ClassModel(self.store.create_class(challenge)) for _ in range(2)]

    def teardown(self) -> None:
        if hasattr(self, "store"):
            self.store.close()
            shutil.rmtree(self.folder, ignore_errors=True)

    @rule(which=st.integers(0, 1), session=st.sampled_from(SESSIONS), name=st.sampled_from(NAMES))
    def join(self, which: int, session: str, name: str) -> None:
        model = self.classes[which]
        if model.closed:
            with pytest.raises(ClassClosedError):
                self.store.join(model.made.code, session, name)
            return
        if session not in model.seats and len(model.seats) >= model.max_seats:
            with pytest.raises(ClassFullError):
                self.store.join(model.made.code, session, name)
            return
        student = self.store.join(model.made.code, session, name)
        if session not in model.seats:
            taken = {name_key(held) for held in model.seats.values()}
            model.seats[session] = unique_display_name(clean_display_name(name).name, taken)
        assert student.display_name == model.seats[session]

    @rule(
        which=st.integers(0, 1),
        session=st.sampled_from(SESSIONS),
        rate=st.sampled_from(RATES),
        epochs=st.integers(1, BUDGET + 2),
    )
    def submit(self, which: int, session: str, rate: float, epochs: int) -> None:
        model, now = self.classes[which], self.clock()
        request = request_for(small_config(learning_rate=rate), epochs=epochs, score=99.0)
        expected = None
        if model.closed:
            expected = ClassClosedError
        elif model.paused:
            expected = PausedError
        elif session not in model.seats:
            expected = NotJoinedError
        elif epochs > BUDGET:
            expected = LimitError
        elif now - model.last_submit.get(session, -1e9) < INTERVAL:
            expected = TooSoonError
        if expected is not None:
            with pytest.raises(expected):
                self.store.submit(model.made.code, session, request)
            return
        entry = self.store.submit(model.made.code, session, request)
        assert entry.score == rate
        model.last_submit[session] = now
        model.entries.append((model.challenge, session, rate))

    @rule(seconds=st.sampled_from([0.5, 3.0, 9.9, 10.0, 30.0]))
    def wait(self, seconds: float) -> None:
        self.clock.advance(seconds)

    @rule(
        which=st.integers(0, 1),
        action=st.sampled_from(["pause", "resume", "clear", "new_challenge", "close"]),
        credential=st.sampled_from(["token", "code", "session", "other_token"]),
    )
    def teacher(self, which: int, action: str, credential: str) -> None:
        model, other = self.classes[which], self.classes[1 - which]
        token = {"token": model.made.teacher_token, "code": model.made.code, "session": "s0",
                 "other_token": other.made.teacher_token}[credential]  # fmt: skip
        code, store, fresh = model.made.code, self.store, small_challenge(epoch_budget=BUDGET)
        perform = {
            "pause": lambda: store.set_paused(code, token, True),
            "resume": lambda: store.set_paused(code, token, False),
            "clear": lambda: store.clear_board(code, token),
            "new_challenge": lambda: store.set_challenge(code, token, fresh),
            "close": lambda: store.close_class(code, token),
        }[action]  # fmt: skip
        if credential != "token":
            with pytest.raises(NotTeacherError):
                perform()
            return
        if model.closed and action not in ("close", "clear"):  # a final board can be cleared
            with pytest.raises(ClassClosedError):
                perform()
            return
        perform()
        if action in ("pause", "resume"):
            model.paused = action == "pause"
        elif action == "clear":
            model.entries.clear()
        elif action == "new_challenge":
            model.challenge += 1
        else:
            model.closed = True

    @rule(which=st.integers(0, 1), session=st.sampled_from(SESSIONS))
    def take_off_the_board(self, which: int, session: str) -> None:
        model = self.classes[which]
        code, token = model.made.code, model.made.teacher_token
        name = model.seats.get(session, "Nobody")
        if session not in model.seats:
            with pytest.raises(ClassroomError, match="No student"):
                self.store.remove_student(code, token, name)
            return
        removed = self.store.remove_student(code, token, name)
        assert removed == sum(1 for _, held, _ in model.entries if held == session)
        del model.seats[session]
        model.last_submit.pop(session, None)
        model.entries = [entry for entry in model.entries if entry[1] != session]

    @rule(which=st.integers(0, 1), seats=st.integers(1, 4))
    def set_seats(self, which: int, seats: int) -> None:
        model = self.classes[which]
        if model.closed:
            with pytest.raises(ClassClosedError):
                self.store.set_seats(model.made.code, model.made.teacher_token, seats)
            return
        self.store.set_seats(model.made.code, model.made.teacher_token, seats)
        model.max_seats = seats

    @invariant()
    def boards_match_the_model(self) -> None:
        for model in getattr(self, "classes", []):
            board = self.store.leaderboard(model.made.code)
            assert [(row.display_name, row.score) for row in board.rows] == model.board()
            info = self.store.teacher_class(model.made.code, model.made.teacher_token)
            assert (info.paused, info.is_closed) == (model.paused, model.closed)
            assert (info.max_students, info.students) == (model.max_seats, len(model.seats))
            roster = self.store.roster(model.made.code, model.made.teacher_token)
            assert sorted(roster) == sorted(model.seats.values())
            assert len({name_key(name) for name in roster}) == len(roster)


ClassroomMachine.TestCase.settings = settings(
    max_examples=40, stateful_step_count=25, deadline=None
)
test_classroom_actions_in_any_order = ClassroomMachine.TestCase
