"""Seat limits, seat digests and pictures: what a teacher moderates and what the board shows.

- `classes.max_students`: how many students may join (existing classes: the default).
- `students.session_id` and `entries.session_id` now hold the SHA-256 of the student's seat
  token, like the teacher token's digest; existing rows are digested here, so a seat link made
  before the upgrade still finds its seat.
- `entries.picture`: the PNG of the network the server trained to score the entry, made at
  submit time (existing entries: NULL, shown without a picture).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

DEFAULT_SEATS = 100  # frozen here: a migration keeps the value it was written with


def _digest_seats(table: str) -> None:
    rows = sa.table(table, sa.column("id", sa.Integer), sa.column("session_id", sa.String))
    connection = op.get_bind()
    for row_id, seat in connection.execute(sa.select(rows.c.id, rows.c.session_id)).all():
        digest = hashlib.sha256(seat.encode("utf-8")).hexdigest()
        connection.execute(rows.update().where(rows.c.id == row_id).values(session_id=digest))


def upgrade() -> None:
    op.add_column(
        "classes",
        sa.Column("max_students", sa.Integer, nullable=False, server_default=str(DEFAULT_SEATS)),
    )
    op.add_column("entries", sa.Column("picture", sa.LargeBinary, nullable=True))
    _digest_seats("students")
    _digest_seats("entries")


def downgrade() -> None:
    # Digests cannot be turned back into seat tokens: students join again after a downgrade.
    op.execute(sa.text("DELETE FROM entries"))
    op.execute(sa.text("DELETE FROM students"))
    with op.batch_alter_table("entries") as batch:
        batch.drop_column("picture")
    with op.batch_alter_table("classes") as batch:
        batch.drop_column("max_students")
