"""Where the classroom data lives and how a process connects to it and brings its schema up to date.

By default the data is one SQLite file, `classroom.sqlite3`, in the data directory
(`PLAYGROUND_DATA_DIR`, else `$XDG_DATA_HOME/nn-playground`, else `~/.local/share/nn-playground`);
`PLAYGROUND_DATABASE_URL` names another database instead — PostgreSQL for a deployment over
several hosts (`postgresql://user:password@host/db`, driven by psycopg 3). Several server workers
share the SQLite file safely: every connection turns on WAL (readers never wait for the writer),
waits up to `BUSY_TIMEOUT_MS` for a lock instead of failing, and a transaction that writes starts
with `BEGIN IMMEDIATE`, so two writers queue for the lock instead of one of them failing with
"database is locked" when it upgrades a read lock. `upgrade` runs the Alembic migrations shipped
in `migrations/` up to head under a lock (the SQLite write lock, or a PostgreSQL advisory lock),
so workers starting together migrate once. Statement parameters are kept out of SQLAlchemy's log
lines; its DEBUG level would log the rows it reads, credentials among them, so never run it so.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DATABASE_FILE = "classroom.sqlite3"
BUSY_TIMEOUT_MS = 30_000
WRITE = "classroom_write"  # execution option: this transaction writes
MIGRATION_LOCK_KEY = 727_013  # a fixed PostgreSQL advisory-lock key for schema migrations


def data_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The directory for the playground's files (created by `database_url` when needed)."""
    if environ.get("PLAYGROUND_DATA_DIR"):
        return Path(environ["PLAYGROUND_DATA_DIR"]).expanduser()
    base = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base).expanduser() / "nn-playground"


def database_url(environ: Mapping[str, str] = os.environ) -> str:
    """`PLAYGROUND_DATABASE_URL`, or the SQLite file in the data directory (made if missing)."""
    if environ.get("PLAYGROUND_DATABASE_URL"):
        return environ["PLAYGROUND_DATABASE_URL"]
    folder = data_dir(environ)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return f"sqlite:///{(folder / DATABASE_FILE).resolve()}"


def sqlalchemy_url(url: str) -> sa.URL:
    """The URL with a driver SQLAlchemy can load: plain `postgresql://` means psycopg 3 here."""
    parsed = sa.make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str) -> sa.Engine:
    """An engine for `url`; for SQLite with WAL, the busy timeout and immediate write locks.

    `hide_parameters` keeps statement parameters (join codes, digests, session ids) out of
    SQLAlchemy's log lines and error messages.
    """
    parsed = sqlalchemy_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(parsed, pool_pre_ping=True, hide_parameters=True)
    timeout = {"timeout": BUSY_TIMEOUT_MS / 1000}
    engine = sa.create_engine(parsed, connect_args=timeout, hide_parameters=True)
    sa.event.listen(engine, "connect", _sqlite_connect)
    sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection, connection_record) -> None:
    # Let SQLAlchemy's "begin" event say how a transaction starts, not the sqlite3 module.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        _switch_to_wal(cursor)
    cursor.execute("PRAGMA synchronous = NORMAL")  # durable at checkpoints; safe with WAL
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _switch_to_wal(cursor) -> None:
    # The switch needs the file to itself and SQLite does not wait for that (no busy handler):
    # another worker opening the new file at the same moment makes it fail at once. Try again
    # for as long as a busy write would wait; once one connection switched, the mode stays.
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sqlite_begin(connection: sa.Connection) -> None:
    writes = connection.get_execution_options().get(WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


@contextlib.contextmanager
def write_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection in a transaction that writes (SQLite: holds the write lock from the start)."""
    with engine.connect() as connection:
        connection.execution_options(**{WRITE: True})
        with connection.begin():
            yield connection


@contextlib.contextmanager
def read_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection in a transaction that only reads (one consistent snapshot)."""
    with engine.connect() as connection, connection.begin():
        yield connection


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """Alembic's config for the shipped migrations, bound to `connection` when given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration's revision id."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: sa.Engine) -> str | None:
    """The revision the database is at (None: no classroom tables yet)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextlib.contextmanager
def migration_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A writing transaction that holds the migration lock, for Alembic to migrate in.

    On SQLite, foreign keys are off meanwhile: a batch migration copies a table and drops the
    old one, and with them on, that drop would cascade into every row that refers to it; the
    rows are checked before the transaction commits instead.
    """
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:  # outside any transaction, where the pragma takes effect
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")
        connection.execution_options(**{WRITE: True})
        try:
            with connection.begin():
                if not sqlite:
                    lock = sa.text("SELECT pg_advisory_xact_lock(:key)")
                    connection.execute(lock, {"key": MIGRATION_LOCK_KEY})
                yield connection
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise RuntimeError("a classroom migration left rows that refer to nothing")
        finally:
            if sqlite:
                connection.connection.dbapi_connection.execute("PRAGMA foreign_keys = ON")


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Migrate the database to `revision` (default the newest), once even if workers race."""
    with migration_transaction(engine) as connection:
        command.upgrade(alembic_config(connection), revision)
