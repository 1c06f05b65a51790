"""The classroom's tables (SQLAlchemy Core), as the newest migration leaves them.

Four tables, every row of the last three tied to one class by `class_id`, which every query of
the store filters on — that is what keeps two classes apart:

- `classes`: the join code (canonical form, unique), the SHA-256 of the teacher token (never the
  token), when it was made and closed (NULL while open), whether submissions are paused, and how
  many students may join.
- `challenges`: one row each time the teacher sets or changes the challenge, as JSON
  (`Challenge.to_dict()`); the class's current challenge is its newest row, and the board shows
  the entries made under it.
- `students`: who joined — `session_id` is the SHA-256 of the seat token the page passes (never
  the token), the display name as shown and its case-folded key (unique per class: that is what
  makes duplicates get a suffix), when they last submitted (the rate limit).
- `entries`: one per accepted submission — the seat's digest, the config as JSON, the score the
  server measured, hidden neurons, the epoch it was read at, when, and the PNG of the network it
  trained (NULL for entries older than pictures); a student's best entry is theirs on the board.

Times are naive UTC (`datetime` without tzinfo) so SQLite and PostgreSQL store them alike. The
migrations in `migrations/versions/` must build exactly these tables; a test compares them.
"""

from __future__ import annotations

import sqlalchemy as sa

from playground.classroom.limits import DEFAULT_SEATS

metadata = sa.MetaData()

classes = sa.Table(
    "classes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("join_code", sa.String(16), nullable=False, unique=True),
    sa.Column("teacher_token_digest", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("closed_at", sa.DateTime, nullable=True),
    sa.Column("paused", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("max_students", sa.Integer, nullable=False, server_default=str(DEFAULT_SEATS)),
)

challenges = sa.Table(
    "challenges",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "class_id", sa.Integer, sa.ForeignKey("classes.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("challenge_json", sa.Text, nullable=False),
    sa.Index("ix_challenges_class_id", "class_id"),
)

students = sa.Table(
    "students",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "class_id", sa.Integer, sa.ForeignKey("classes.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("session_id", sa.String(64), nullable=False),
    sa.Column("display_name", sa.String(64), nullable=False),
    sa.Column("name_key", sa.String(64), nullable=False),
    sa.Column("joined_at", sa.DateTime, nullable=False),
    sa.Column("last_submit_at", sa.DateTime, nullable=True),
    sa.UniqueConstraint("class_id", "session_id", name="uq_students_session"),
    sa.UniqueConstraint("class_id", "name_key", name="uq_students_name"),
)

entries = sa.Table(
    "entries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "class_id", sa.Integer, sa.ForeignKey("classes.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column(
        "challenge_id",
        sa.Integer,
        sa.ForeignKey("challenges.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("session_id", sa.String(64), nullable=False),
    sa.Column("display_name", sa.String(64), nullable=False),
    sa.Column("config_json", sa.Text, nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("neurons", sa.Integer, nullable=False),
    sa.Column("epoch", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("picture", sa.LargeBinary, nullable=True),
    sa.Index("ix_entries_class_challenge", "class_id", "challenge_id"),
)
