"""Submissions scored in a worker process: the same measurement, and a dead worker is replaced.

The worker runs `measure_submission` on the same inputs, and the engine is deterministic, so the
score, epoch, neurons and picture must equal — exactly — those measured in this process. A
refusal raised in the worker (a run that diverges at once) reaches the student as its message;
a worker killed mid-submission is refused in words and the next submission gets a new worker;
a stuck one is stopped after the timeout; and a worker whose server is killed ends itself.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from support.classroom import small_challenge, small_config

from playground import PlaygroundConfig
from playground.classroom import Challenge, SubmissionError, measure_submission
from playground.classroom.verifier_process import LOST, ProcessVerifier


@pytest.fixture(scope="module")
def verifier():
    made = ProcessVerifier()
    yield made
    made.close()


def test_the_worker_measures_exactly_what_this_process_measures(verifier) -> None:
    challenge, config = small_challenge(), small_config(learning_rate=0.1)
    here = measure_submission(challenge, config, 5)
    there = verifier(challenge, config, 5)
    assert there == here and there.picture == here.picture and there.picture


def test_a_refusal_in_the_worker_reaches_the_student_in_words(verifier) -> None:
    config = PlaygroundConfig(dataset="plane", learning_rate=1.0, activation="linear",
                              hidden_layers=(8, 8), batch_size=1)  # fmt: skip
    challenge = Challenge(config=config, score_kind="test_r2", epoch_budget=3)
    with pytest.raises(SubmissionError, match="diverged before the first epoch"):
        verifier(challenge, config, 3)


def test_a_killed_worker_is_refused_in_words_and_replaced(verifier) -> None:
    verifier(small_challenge(), small_config(), 1)  # the worker is up
    (pid,) = list(verifier._pool._processes)

    def kill_soon() -> None:
        time.sleep(0.3)
        os.kill(pid, signal.SIGKILL)

    killer = threading.Thread(target=kill_soon)
    killer.start()
    with pytest.raises(SubmissionError, match=LOST):
        verifier(small_challenge(epoch_budget=3000), small_config(n_samples=1000), 3000)
    killer.join()
    assert verifier(small_challenge(), small_config(), 5).epoch == 5  # a new worker


def test_a_stuck_worker_is_stopped_after_the_timeout() -> None:
    impatient = ProcessVerifier()
    try:
        impatient(small_challenge(), small_config(), 1)  # started (the first start is slow)
        impatient.timeout = 0.5
        start = time.perf_counter()
        with pytest.raises(SubmissionError, match=LOST):
            impatient(small_challenge(epoch_budget=3000), small_config(n_samples=1000), 3000)
        assert time.perf_counter() - start < 5
        impatient.timeout = 60.0  # a new worker (its start takes a second)
        assert impatient(small_challenge(), small_config(), 2).epoch == 2
    finally:
        impatient.close()


SERVER_KILLED = """
import os, sys
sys.path.insert(0, {tests!r})
from support.classroom import small_challenge, small_config
from playground.classroom.verifier_process import ProcessVerifier
if __name__ == "__main__":
    verifier = ProcessVerifier()
    verifier(small_challenge(), small_config(), 1)
    print(*verifier._pool._processes, flush=True)
    os.kill(os.getpid(), 9)
"""


def test_the_worker_of_a_killed_server_ends_itself(tmp_path) -> None:
    script = tmp_path / "server.py"
    script.write_text(SERVER_KILLED.format(tests=str(Path(__file__).parents[1])))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert done.returncode == -signal.SIGKILL, done.stderr
    worker = int(done.stdout.split()[0])
    deadline = time.monotonic() + 10
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(worker)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ")[1].startswith("Z"))  # a zombie


def test_a_spawned_worker_does_not_run_the_app_again() -> None:
    """Spawn runs the parent's main script as `__mp_main__`, and under Streamlit that is
    app.py: it must neither import Streamlit nor draw the app there."""
    app = Path(__file__).parents[2] / "app.py"
    probe = (
        "import runpy, sys; runpy.run_path(sys.argv[1], run_name='__mp_main__'); "
        "print('streamlit' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(app)], capture_output=True,
                          text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_every_refusal_crosses_the_process_boundary_whole() -> None:
    import pickle

    from playground.classroom import errors

    made = [
        errors.UnknownCodeError(), errors.ClassClosedError(), errors.NotTeacherError(),
        errors.PausedError(), errors.NotJoinedError(), errors.DisplayNameError("too short"),
        errors.TooSoonError(4.2), errors.LimitError("max_neurons", "Max neurons: at most 3."),
        errors.SubmissionError("diverged"), errors.ChallengeError("no"),
        errors.ClassFullError(2), errors.BusyError(),
    ]  # fmt: skip
    kinds = {kind for kind in vars(errors).values()
             if isinstance(kind, type) and issubclass(kind, errors.ClassroomError)}  # fmt: skip
    assert {type(error) for error in made} | {errors.ClassroomError} == kinds
    for error in made:
        back = pickle.loads(pickle.dumps(error))
        assert (type(back), str(back), vars(back)) == (type(error), str(error), vars(error))
