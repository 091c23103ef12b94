"""languages: a council's sign-off of each translation, and an age band for adults

`translation_reviews` keeps who signed off which version of a language's catalogue, and when.

Care leavers of 18 and over now have a wording band of their own ("18plus"); responses already
stored for them under "13plus" move to it, so the dashboard's age filter counts them where new
ones go. The monthly rollups do not count by age band, so none needs rebuilding.

Revision ID: 0007_languages
Revises: 0006_pending_sign_ins
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_languages"
down_revision: str | None = "0006_pending_sign_ins"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ADULTS = (
    "review_id IN (SELECT id FROM reviews WHERE age_at_review >= 18)"  # bands.py: 18plus
)


def upgrade() -> None:
    op.create_table(
        "translation_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("strings", sa.Integer(), nullable=False),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewer", sa.String(length=254), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"],
            ["users.id"],
            name=op.f("fk_translation_reviews_reviewed_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translation_reviews")),
    )
    op.create_index(
        op.f("ix_translation_reviews_language"), "translation_reviews", ["language"], unique=False
    )
    op.execute(f"UPDATE responses SET age_band = '18plus' WHERE age_band = '13plus' AND {ADULTS}")


def downgrade() -> None:
    op.execute(f"UPDATE responses SET age_band = '13plus' WHERE age_band = '18plus' AND {ADULTS}")
    op.drop_index(op.f("ix_translation_reviews_language"), table_name="translation_reviews")
    op.drop_table("translation_reviews")
