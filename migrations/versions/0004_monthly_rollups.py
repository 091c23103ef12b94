"""monthly rollups for the dashboard over long periods

Monthly counts (answers by value, sent responses, invitations) for months that can no longer
change, with a generation per month that writes changing an old month bump. The invitations
index by review also carries `expires_at`, so a review month's last expiry is read with its
counts from the index alone.

On PostgreSQL the index is rebuilt CONCURRENTLY (the old one is replaced only once its
successor exists), so the service stays up. Each step of that rebuild can be run again, and the
tables are created after it, in the transaction that stamps the version: a failed upgrade can
simply be run again. The rollup tables start empty and fill on demand.

Revision ID: 0004_monthly_rollups
Revises: 0003_report_indexes
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_monthly_rollups"
down_revision: str | None = "0003_report_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BASES = ("sent", "invited")
FIGURES = ("answer_values", "sent_responses", "invitations")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _rebuild_invitations_index(["used_at", "questionnaire_key", "role", "expires_at"])
    op.create_table(
        "rollup_generations",
        sa.Column("basis", sa.Enum(*BASES, name="monthbasis", native_enum=False, length=16)),
        sa.Column("month", sa.Date()),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("basis", "month", name=op.f("pk_rollup_generations")),
    )
    op.create_table(
        "monthly_rollups",
        sa.Column("figure", sa.Enum(*FIGURES, name="rollupfigure", native_enum=False, length=32)),
        sa.Column("month", sa.Date()),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("figure", "month", name=op.f("pk_monthly_rollups")),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _rebuild_invitations_index(["used_at", "questionnaire_key", "role"])
    op.drop_table("monthly_rollups")
    op.drop_table("rollup_generations")


def _rebuild_invitations_index(include: list[str]) -> None:
    """Replace ix_invitations_review_id with one including `include`; safe to run again after
    it failed part way (a cancelled CREATE INDEX CONCURRENTLY leaves an INVALID index)."""
    with op.get_context().autocommit_block():
        op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_invitations_review_id_next")
        op.create_index(
            "ix_invitations_review_id_next",
            "invitations",
            ["review_id"],
            postgresql_include=include,
            postgresql_concurrently=True,
        )
        op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_invitations_review_id")
        op.execute("ALTER INDEX ix_invitations_review_id_next RENAME TO ix_invitations_review_id")
