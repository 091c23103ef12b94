"""bot inbox leases: several webhook workers share the inbox, each update handled once

Revision ID: 0002_botperf
Revises: 0002_staff
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_botperf"
down_revision: str | None = "0002_staff"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("bot_updates", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("transient_failures", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch_op.add_column(sa.Column("chat_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("claimed_until", sa.DateTime(), nullable=True))
        batch_op.create_index(
            "ix_bot_updates_waiting",
            ["chat_id", "update_id"],
            unique=False,
            postgresql_where=sa.text("processed_at IS NULL"),
            sqlite_where=sa.text("processed_at IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("bot_updates", schema=None) as batch_op:
        batch_op.drop_index("ix_bot_updates_waiting")
        batch_op.drop_column("claimed_until")
        batch_op.drop_column("claimed_by")
        batch_op.drop_column("chat_id")
        batch_op.drop_column("transient_failures")
