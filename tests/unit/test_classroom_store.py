"""The classroom store keeps classes, challenges, students and entries — on SQLite and PostgreSQL.

Every test here runs against both backends (`classroom_url` in conftest.py): an SQLite file and a
throwaway PostgreSQL server. They prove the round trips (what is written reads back the same),
that a restart loses nothing, that two classes never see each other's rows, and that the Alembic
migrations build the tables `schema.py` describes and bring an old database up to date.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from support.classroom import FakeClock, old_class, request_for, small_challenge, small_config

from playground.classroom import (
    ClassClosedError,
    NotJoinedError,
    NotTeacherError,
    open_store,
)
from playground.classroom.database import (
    current_revision,
    database_url,
    head_revision,
    make_engine,
    upgrade,
)
from playground.classroom.schema import metadata


def test_a_class_round_trips(classroom_store) -> None:
    store = classroom_store
    challenge = small_challenge(max_neurons=8, locked_controls=("activation",))
    made = store.create_class(challenge)
    info = store.class_info(made.display_code.lower())  # typed in lower case, with the dash
    assert (info.class_id, info.code, info.paused, info.closed_at) == (made.class_id, made.code,
                                                                       False, None)  # fmt: skip
    assert info.challenge == challenge
    assert store.teacher_class(made.code, made.teacher_token).challenge == challenge

    ann = store.join(made.code, "session-ann", "Ann")
    entry = store.submit(made.code, "session-ann", request_for(small_config()))
    board = store.leaderboard(made.code, session_id="session-ann")
    assert [(row.display_name, row.score, row.neurons, row.epoch) for row in board.rows] == [
        ("Ann", entry.score, 6, 5)
    ]
    assert board.you is not None and board.you.rank == 1
    assert board.rows[0].config == small_config().to_dict()
    assert board.rows[0].submitted_at == entry.created_at
    assert store.roster(made.code, made.teacher_token) == [ann.display_name]

    store.set_paused(made.code, made.teacher_token, True)
    assert store.class_info(made.code).paused
    store.set_paused(made.code, made.teacher_token, False)
    harder = small_challenge(max_neurons=4, title="Fewer neurons")
    store.set_challenge(made.code, made.teacher_token, harder)
    assert store.class_info(made.code).challenge == harder
    assert store.leaderboard(made.code).rows == ()  # a new challenge starts a new board
    store.set_challenge(made.code, made.teacher_token, challenge)
    assert store.clear_board(made.code, made.teacher_token) == 1
    store.close_class(made.code, made.teacher_token)
    with pytest.raises(ClassClosedError):
        store.class_info(made.code)
    assert store.teacher_class(made.code, made.teacher_token).is_closed


def test_everything_comes_back_after_a_restart(classroom_url: str) -> None:
    clock = FakeClock()
    store = open_store(classroom_url, clock=clock)
    made = store.create_class(small_challenge(score_kind="test_loss"))
    other = store.create_class(small_challenge())
    for number, name in enumerate(["Ann", "Bob", "ann"]):
        store.join(made.code, f"session-{number}", name)
        store.submit(made.code, f"session-{number}", request_for(small_config(learning_rate=0.1)))
    store.set_paused(made.code, made.teacher_token, True)
    store.close_class(other.code, other.teacher_token)
    before = (store.class_info(made.code), store.leaderboard(made.code, session_id="session-1"))
    roster = store.roster(made.code, made.teacher_token)
    store.close()

    reopened = open_store(classroom_url, clock=clock)
    assert (reopened.class_info(made.code), reopened.leaderboard(made.code, session_id="session-1"),
            reopened.roster(made.code, made.teacher_token)) == (*before, roster)  # fmt: skip
    assert roster == ["Ann", "Bob", "ann (2)"]
    with pytest.raises(ClassClosedError):
        reopened.class_info(other.code)
    reopened.close()


def test_two_classes_never_see_each_others_data(classroom_store, clock) -> None:
    store = classroom_store
    first, second = store.create_class(small_challenge()), store.create_class(small_challenge())
    store.join(first.code, "session-a", "Ann")
    store.join(second.code, "session-b", "Ann")  # the same name in another class: no suffix
    store.submit(first.code, "session-a", request_for(small_config()))
    assert len(store.leaderboard(first.code).rows) == 1
    assert store.leaderboard(second.code).rows == ()
    assert store.roster(second.code, second.teacher_token) == ["Ann"]
    with pytest.raises(NotJoinedError):  # joined the first class only
        store.submit(second.code, "session-a", request_for(small_config()))
    for action in (
        lambda: store.clear_board(second.code, first.teacher_token),
        lambda: store.close_class(second.code, first.teacher_token),
        lambda: store.roster(second.code, first.teacher_token),
    ):
        with pytest.raises(NotTeacherError):
            action()
    clock.advance(60)
    store.join(second.code, "session-c", "Cy")
    store.submit(second.code, "session-c", request_for(small_config()))
    assert store.clear_board(second.code, second.teacher_token) == 1
    assert len(store.leaderboard(first.code).rows) == 1


def test_the_migrations_build_the_tables_the_schema_describes(classroom_url: str) -> None:
    engine = make_engine(classroom_url)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    engine.dispose()
    assert differences == []


def test_opening_a_store_twice_migrates_once(classroom_url: str) -> None:
    open_store(classroom_url).close()
    store = open_store(classroom_url)
    assert current_revision(store.engine) == head_revision()
    store.close()


def test_an_old_database_is_upgraded_and_keeps_its_classes(classroom_url: str) -> None:
    engine = make_engine(classroom_url)
    upgrade(engine, "0001")  # the schema before classes could be paused
    made = old_class(engine)
    with engine.connect() as connection:
        columns = {column["name"] for column in sa.inspect(connection).get_columns("classes")}
    assert "paused" not in columns and current_revision(engine) == "0001"
    engine.dispose()

    store = open_store(classroom_url)
    assert current_revision(store.engine) == head_revision()
    info = store.class_info("ABCD-EFGH")
    assert (info.class_id, info.paused, info.challenge) == (made, False, small_challenge())
    store.set_paused("ABCDEFGH", "the old teacher token", True)
    assert store.class_info("ABCDEFGH").paused
    store.close()


def test_the_sqlite_file_is_in_wal_mode_with_a_busy_timeout(tmp_path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'class.sqlite3'}")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    store.close()
    assert (tmp_path / "class.sqlite3").exists()


def test_the_database_is_a_file_in_the_data_directory_unless_a_url_is_given(tmp_path) -> None:
    url = database_url({"PLAYGROUND_DATA_DIR": str(tmp_path / "data")})
    assert url == f"sqlite:///{tmp_path / 'data' / 'classroom.sqlite3'}"
    assert (tmp_path / "data").is_dir()
    assert database_url({"HOME": str(tmp_path)}).endswith("/.local/share/nn-playground/"
                                                          "classroom.sqlite3")  # fmt: skip
    postgres = "postgresql://teacher:secret@db.example/playground"
    assert database_url({"PLAYGROUND_DATABASE_URL": postgres, "PLAYGROUND_DATA_DIR": "x"}) == (
        postgres
    )
    engine = make_engine(postgres)  # plain postgresql:// is driven by psycopg 3
    assert engine.dialect.driver == "psycopg"
    assert "secret" not in repr(engine.url) and "secret" not in repr(open_store.__doc__)
    engine.dispose()


def test_a_table_copying_sqlite_migration_does_not_cascade_into_other_tables(tmp_path) -> None:
    """SQLite's batch migrations copy a table and drop the old one: with foreign keys on, the
    drop would delete every challenge of every class (ON DELETE CASCADE)."""
    from alembic.operations import Operations

    from playground.classroom.database import migration_transaction

    url = f"sqlite:///{tmp_path / 'class.sqlite3'}"
    store = open_store(url)
    made = store.create_class(small_challenge())
    with migration_transaction(store.engine) as connection:
        operations = Operations(MigrationContext.configure(connection))
        with operations.batch_alter_table("classes", recreate="always") as batch:
            batch.alter_column("join_code", existing_type=sa.String(16), type_=sa.String(20))
    assert store.class_info(made.code).challenge == small_challenge()
    store.close()
