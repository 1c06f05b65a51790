"""Fixtures of the classroom tests: one database per test, on SQLite and on PostgreSQL.

`classroom_url` is parametrized over both backends: an SQLite file in the test's temporary folder,
and a fresh database on a throwaway PostgreSQL server (`support/postgres.py`) that is started once
per test session, only when a test asks for it, and stopped at the end. Without PostgreSQL's
binaries the PostgreSQL cases skip and say why; every other failure to start it is an error.
`classroom_store` is an open store on that database with a `FakeClock` (`clock` fixture).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.classroom import FakeClock
from support.postgres import PostgresServer, find_postgres_bin

from playground.classroom import ClassroomStore, open_store

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    bin_dir = find_postgres_bin()
    if bin_dir is None:
        pytest.skip(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): "
            "apt-get install postgresql to run the store tests against it too"
        )
    server = PostgresServer.start(bin_dir)
    yield server
    server.stop()


@pytest.fixture(params=BACKENDS)
def classroom_url(request: pytest.FixtureRequest, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'classroom.sqlite3'}"
    return request.getfixturevalue("postgres_server").create_database()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def classroom_store(classroom_url: str, clock: FakeClock) -> Iterator[ClassroomStore]:
    store = open_store(classroom_url, clock=clock)
    yield store
    store.close()
