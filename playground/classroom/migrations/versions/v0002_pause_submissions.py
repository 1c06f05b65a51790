"""Let the teacher pause submissions: a `paused` flag on every class (existing ones: not paused).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (SQLite allows it with a constant default), not a batch table copy.
    op.add_column(
        "classes", sa.Column("paused", sa.Boolean, nullable=False, server_default=sa.false())
    )


def downgrade() -> None:
    with op.batch_alter_table("classes") as batch:
        batch.drop_column("paused")
