"""action history: "you said, we did" actions can be edited, withdrawn and translated

`actions.withdrawn_at` takes an action off the public page and the CiCC summary; every change
is kept in `action_revisions` (the words after it, who and when); `action_translations` holds an
action in the other languages young people are offered. Actions already recorded get a
"recorded" revision (and a "published" one if published), so every action has a history.

Revision ID: 0009_action_history
Revises: 0008_audit_guards
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_action_history"
down_revision: str | None = "0008_audit_guards"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("actions") as batch:
        batch.add_column(sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
    op.create_table(
        "action_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("change", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("you_said", sa.Text(), nullable=False),
        sa.Column("we_did", sa.Text(), nullable=False),
        sa.Column("theme_ids", sa.JSON(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_action_revisions_action_id_actions")
        ),
        sa.ForeignKeyConstraint(["by_id"], ["users.id"], name=op.f("fk_action_revisions_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_revisions")),
    )
    op.create_index(
        op.f("ix_action_revisions_action_id"), "action_revisions", ["action_id"], unique=False
    )
    op.create_table(
        "action_translations",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("you_said", sa.Text(), nullable=False),
        sa.Column("we_did", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_action_translations_action_id_actions")
        ),
        sa.PrimaryKeyConstraint("action_id", "language", name=op.f("pk_action_translations")),
    )
    for change, at in (("recorded", "created_at"), ("published", "published_at")):
        op.execute(
            "INSERT INTO action_revisions "
            "(action_id, change, language, you_said, we_did, theme_ids, by_id, at) "
            f"SELECT id, '{change}', 'en', you_said, we_did, theme_ids, "
            f"{'created_by_id' if change == 'recorded' else 'NULL'}, {at} "
            f"FROM actions WHERE {at} IS NOT NULL ORDER BY id"
        )


def downgrade() -> None:
    op.drop_table("action_translations")
    op.drop_index(op.f("ix_action_revisions_action_id"), table_name="action_revisions")
    op.drop_table("action_revisions")
    with op.batch_alter_table("actions") as batch:
        batch.drop_column("withdrawn_at")
