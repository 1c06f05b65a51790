"""What can go wrong in a class, as exceptions whose message a page can show as it is.

Every refusal of the classroom layer is a `ClassroomError`: its `str()` is one plain sentence meant
for the person at the keyboard (a student who typed a wrong code, a submission over a limit), and
its subclass says which refusal it is, so a page can pick a colour or a next step without parsing
text. No message ever contains a join code, a teacher token or a session id: they are credentials,
and messages end up in logs and on projectors.
"""

from __future__ import annotations


class ClassroomError(Exception):
    """A refusal; `str(error)` (also `error.message`) is the sentence to show the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __reduce__(self):
        # Pickled as it is (the verifier's worker process sends refusals back): the default
        # would call each subclass's own __init__ with the finished message instead.
        return _rebuilt, (type(self), self.message, dict(self.__dict__))


def _rebuilt(kind: type[ClassroomError], message: str, fields: dict) -> ClassroomError:
    error = Exception.__new__(kind)
    Exception.__init__(error, message)
    error.__dict__.update(fields)
    return error


class UnknownCodeError(ClassroomError):
    """No class has this join code (mistyped, or never made)."""

    def __init__(self) -> None:
        super().__init__(
            "No class has that code. Check it with your teacher (a code looks like ABCD-EFGH)."
        )


class ClassClosedError(ClassroomError):
    """The class existed but the teacher closed it: it takes no students and no submissions."""

    def __init__(self) -> None:
        super().__init__("This class has been closed by the teacher; it takes no more entries.")


class NotTeacherError(ClassroomError):
    """A teacher-only action without the class's teacher token (a student, or a wrong link)."""

    def __init__(self) -> None:
        super().__init__("Only the teacher's link can do that.")


class PausedError(ClassroomError):
    """The teacher paused submissions for now."""

    def __init__(self) -> None:
        super().__init__("The teacher has paused submissions; try again when they resume.")


class NotJoinedError(ClassroomError):
    """A submission from a session that has not joined this class."""

    def __init__(self) -> None:
        super().__init__("Join the class with a display name before submitting.")


class DisplayNameError(ClassroomError):
    """A display name that cleans down to nothing usable."""


class TooSoonError(ClassroomError):
    """A second submission from one session inside the rate limit; `retry_after` in seconds."""

    def __init__(self, retry_after: float):
        seconds = max(1, round(retry_after))
        super().__init__(f"Wait {seconds} s before submitting again.")
        self.retry_after = retry_after


class LimitError(ClassroomError):
    """A submitted setup outside the challenge's limits; `limit` names the limit it broke."""

    def __init__(self, limit: str, message: str):
        super().__init__(message)
        self.limit = limit


class SubmissionError(ClassroomError):
    """A submission that is not a valid setup, or one the server could not score."""


class ChallengeError(ClassroomError):
    """A challenge the teacher set that cannot work (a score that does not fit the problem...)."""


class ClassFullError(ClassroomError):
    """Every seat of the class is taken (the teacher sets how many there are)."""

    def __init__(self, seats: int):
        super().__init__(
            f"This class is full: {seats} seat{'s' if seats != 1 else ''}, all taken. "
            "Ask your teacher to make room."
        )
        self.seats = seats


class BusyError(ClassroomError):
    """The server is scoring other submissions and this one waited too long for its turn."""

    def __init__(self) -> None:
        super().__init__(
            "The server is busy scoring other students' submissions; submit again in a moment."
        )
