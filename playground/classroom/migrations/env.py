"""Alembic's environment for the classroom tables: run the migrations on the connection given.

`playground.classroom.database.upgrade` passes an open connection in `config.attributes` (inside a
transaction that already holds the migration lock). Run from the `alembic` command line instead
(`alembic -c <ini>` with `script_location = playground/classroom/migrations`), it connects to the
database `PLAYGROUND_DATABASE_URL` or the data directory names, like the app. Batch mode makes
`ALTER TABLE` work on SQLite too.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from playground.classroom.schema import metadata


def run_migrations(connection: sa.Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    from playground.classroom.database import database_url, make_engine, migration_transaction

    engine = make_engine(database_url())
    with migration_transaction(engine) as fresh_connection:
        run_migrations(fresh_connection)
    engine.dispose()
