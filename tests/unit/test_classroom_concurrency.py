"""Two server workers writing to one SQLite file at once: no "database is locked", nothing lost.

Two spawned processes (like two `playground serve` workers) open the same new file together — one
migrates, the other waits for it — then each joins 30 students under the same 30 names and
submits for each, all at the same time. Every write must succeed (WAL, the busy timeout and
`BEGIN IMMEDIATE` make writers queue instead of failing), the colliding names must come out
unique (" (2)"), and every student and entry must be in the file afterwards. The same holds
for the threads of one worker, which share one store.
"""

from __future__ import annotations

import multiprocessing
import threading

from support.classroom import request_for, small_challenge, small_config
from support.classroom_workers import write_many

from playground.classroom import open_store
from playground.classroom.schema import entries

STUDENTS_PER_WORKER = 30


def test_two_processes_write_to_one_sqlite_file_without_a_lock_error(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    context = multiprocessing.get_context("spawn")
    barrier, codes, results = context.Barrier(2), context.Queue(), context.Queue()
    workers = [
        context.Process(
            target=write_many, args=(url, worker, STUDENTS_PER_WORKER, barrier, codes, results)
        )
        for worker in range(2)
    ]
    for process in workers:
        process.start()
    reports = [results.get(timeout=240) for _ in workers]
    for process in workers:
        process.join(timeout=60)
    assert [report["errors"] for report in reports] == [[], []]

    names = sorted(name for report in reports for name in report["names"])
    expected = [f"Student {n}" for n in range(STUDENTS_PER_WORKER)]
    assert names == sorted(expected + [f"{name} (2)" for name in expected])
    store = open_store(url)
    with store.engine.connect() as connection:
        assert len(connection.execute(entries.select()).all()) == 2 * STUDENTS_PER_WORKER
        code = connection.exec_driver_sql("SELECT join_code FROM classes").scalar()
    assert len(store.leaderboard(code).rows) == 2 * STUDENTS_PER_WORKER
    store.close()


def test_many_sessions_of_one_worker_share_its_store_from_threads(tmp_path) -> None:
    """One worker process, one store, eight sessions (Streamlit runs each in its own thread)."""
    store = open_store(f"sqlite:///{tmp_path / 'one.sqlite3'}", submit_interval=0.0)
    made = store.create_class(small_challenge(epoch_budget=1))
    errors: list[str] = []

    def session(number: int) -> None:
        try:
            for attempt in range(10):
                seat = f"thread-{number}-{attempt}"
                store.join(made.code, seat, "Ann")
                store.submit(made.code, seat, request_for(small_config(), epochs=1))
                store.leaderboard(made.code, session_id=seat)
        except Exception as error:
            errors.append(repr(error))

    threads = [threading.Thread(target=session, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert len(store.leaderboard(made.code).rows) == 80
    assert len(set(store.roster(made.code, made.teacher_token))) == 80
    store.close()
