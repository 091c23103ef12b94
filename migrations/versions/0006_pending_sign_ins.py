"""pending sign-ins: the step between password and code, held by the server

Before this, "password accepted, code still to come" lived only in Flask's signed cookie, so a
copy of that cookie kept working for five minutes after the owner finished signing in. A small
new table; nothing else changes, and the service can stay up.

Revision ID: 0006_pending_sign_ins
Revises: 0005_addenda
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_pending_sign_ins"
down_revision: str | None = "0005_addenda"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pending_sign_ins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_pending_sign_ins_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_sign_ins")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_pending_sign_ins_token_hash")),
    )
    op.create_index(
        op.f("ix_pending_sign_ins_user_id"), "pending_sign_ins", ["user_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_pending_sign_ins_user_id"), table_name="pending_sign_ins")
    op.drop_table("pending_sign_ins")
