"""addenda: words that came after, or apart from, a response

A worry sent again after a response was sent, a form page whose visit had timed out, words
typed to the bot where a button was expected, a voice note: each is kept as a response with the
status "addendum", linked to the response it adds to where there is one, so it is read and
alerted on like any answer but never counted as a response.

SQLite takes the column with ALTER TABLE: a batch copy of `responses` would drop the old table,
and with it (foreign keys on) every answer.

Revision ID: 0005_addenda
Revises: 0004_monthly_rollups
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_addenda"
down_revision: str | None = "0004_monthly_rollups"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FK = "fk_responses_adds_to_id_responses"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"ALTER TABLE responses ADD COLUMN adds_to_id INTEGER CONSTRAINT {FK} "
            "REFERENCES responses (id)"
        )
    else:
        op.add_column("responses", sa.Column("adds_to_id", sa.Integer(), nullable=True))
        op.create_foreign_key(FK, "responses", "responses", ["adds_to_id"], ["id"])
    op.create_index("ix_responses_adds_to_id", "responses", ["adds_to_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_responses_adds_to_id", table_name="responses")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE responses DROP COLUMN adds_to_id")
    else:
        op.drop_constraint(FK, "responses", type_="foreignkey")
        op.drop_column("responses", "adds_to_id")
