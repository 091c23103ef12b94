"""answers carry their submission time; indexes for reports over a period

Reports at a million responses joined every answer ever given to its response to find one
period's. Answers now copy `submitted_at` (set once, when the response is sent), with indexes
by question and time, and for themed and free-text answers by time. Reviews get an index by
team, so the dashboard lists teams without reading every review. The invitations index by
review also carries `used_at`, the questionnaire and the role, so response rates (with or
without those filters) are an index-only scan.

On PostgreSQL this runs on a live database: the column is added without a rewrite, the copy
is made in committed batches, indexes are built CONCURRENTLY (the old one is replaced only
once its successor exists) and the table is vacuumed, not rewritten. Stop web and bot workers of the previous release before it
runs: a response they sent after the copy passed would keep answers without the time.

Revision ID: 0003_report_indexes
Revises: 0002_botperf
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003_report_indexes"
down_revision: str | None = "0002_botperf"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 50_000
THEMED = sa.text("themes IS NOT NULL")
WITH_TEXT = sa.text("text IS NOT NULL")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
    else:
        _upgrade_sqlite()


def _upgrade_sqlite() -> None:
    with op.batch_alter_table("answers") as batch_op:
        batch_op.add_column(sa.Column("submitted_at", sa.DateTime(), nullable=True))
    op.execute(
        "UPDATE answers SET submitted_at = "
        "(SELECT r.submitted_at FROM responses r WHERE r.id = answers.response_id)"
    )
    with op.batch_alter_table("answers") as batch_op:
        batch_op.drop_index("ix_answers_question_id")
        batch_op.create_index("ix_answers_question_submitted", ["question_id", "submitted_at"])
        batch_op.create_index("ix_answers_themed_submitted", ["submitted_at"], sqlite_where=THEMED)
        batch_op.create_index("ix_answers_text_submitted", ["submitted_at"], sqlite_where=WITH_TEXT)
    op.create_index("ix_reviews_team", "reviews", ["team"])


def _upgrade_postgresql() -> None:
    # Adding a column takes a brief exclusive lock; waiting behind a long report would queue
    # every form submission behind it, so give up after a few seconds (and run it again).
    # The autocommit block below commits it, so a run after a failure finds it there already;
    # every step in the block can likewise be run again.
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.add_column(
        "answers", sa.Column("submitted_at", sa.DateTime(), nullable=True), if_not_exists=True
    )
    bind = op.get_bind()
    with op.get_context().autocommit_block():
        last = bind.scalar(sa.text("SELECT coalesce(max(id), 0) FROM answers")) or 0
        for start in range(0, int(last) + 1, BATCH):
            bind.execute(
                sa.text(
                    "UPDATE answers a SET submitted_at = r.submitted_at FROM responses r "
                    "WHERE r.id = a.response_id AND r.submitted_at IS NOT NULL "
                    "AND a.id >= :start AND a.id < :stop AND a.submitted_at IS NULL"
                ),
                {"start": start, "stop": start + BATCH},
            )
        _create_index_anew(
            "ix_answers_question_submitted",
            "answers",
            ["question_id", "submitted_at"],
            postgresql_include=["value"],
        )
        _create_index_anew(
            "ix_answers_themed_submitted", "answers", ["submitted_at"], postgresql_where=THEMED
        )
        _create_index_anew(
            "ix_answers_text_submitted", "answers", ["submitted_at"], postgresql_where=WITH_TEXT
        )
        op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_answers_question_id")
        _create_index_anew("ix_reviews_team", "reviews", ["team"])
        _create_index_anew(
            "ix_invitations_review_id_covering",
            "invitations",
            ["review_id"],
            postgresql_include=["used_at", "questionnaire_key", "role"],
        )
        op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_invitations_review_id")
        op.execute("ALTER INDEX ix_invitations_review_id_covering RENAME TO ix_invitations_review_id")
        # The copy left a dead version of every answer and no statistics for the new column:
        # reclaim the space for reuse, mark pages all-visible (index-only scans need it) and
        # let the planner see the new column, without locking out readers or writers.
        op.execute("VACUUM (ANALYZE) answers")


def _create_index_anew(name: str, table: str, columns: list[str], **kw: Any) -> None:
    """CREATE INDEX CONCURRENTLY, first dropping any index of that name an earlier, failed run
    left (a cancelled concurrent build leaves an INVALID one)."""
    op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
    op.create_index(name, table, columns, postgresql_concurrently=True, **kw)


def downgrade() -> None:
    op.drop_index("ix_reviews_team", "reviews")
    with op.batch_alter_table("answers") as batch_op:
        batch_op.drop_index("ix_answers_text_submitted")
        batch_op.drop_index("ix_answers_themed_submitted")
        batch_op.drop_index("ix_answers_question_submitted")
        batch_op.create_index("ix_answers_question_id", ["question_id"])
        batch_op.drop_column("submitted_at")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_invitations_review_id", "invitations")
        op.create_index("ix_invitations_review_id", "invitations", ["review_id"])
