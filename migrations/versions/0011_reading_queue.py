"""reading queue: every child's words read by a named person, and alerts given to a person

`reading_items` holds one row per response or addendum with words, a worried answer or text the
screen cannot read: its reader, due time, reminders and outcome. Alerts gain the person they are
assigned to; outbox messages may point at a reading item (their link).

Revision ID: 0011_reading_queue
Revises: 0010_council_cycle
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_reading_queue"
down_revision: str | None = "0010_council_cycle"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reading_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("reader_id", sa.Integer(), nullable=True),
        sa.Column("reader_role", sa.String(length=32), nullable=False),
        sa.Column("urgency_rank", sa.Integer(), nullable=False),
        sa.Column("needs_interpreter", sa.Boolean(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("reminded_at", sa.DateTime(), nullable=True),
        sa.Column("escalated_at", sa.DateTime(), nullable=True),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.Column("read_by_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("interpreted", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"], ["responses.id"], name=op.f("fk_reading_items_response_id_responses")
        ),
        sa.ForeignKeyConstraint(
            ["reader_id"], ["users.id"], name=op.f("fk_reading_items_reader_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["read_by_id"], ["users.id"], name=op.f("fk_reading_items_read_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reading_items")),
        sa.UniqueConstraint("response_id", name=op.f("uq_reading_items_response_id")),
    )
    op.create_index(op.f("ix_reading_items_reader_id"), "reading_items", ["reader_id"])
    op.create_index(op.f("ix_reading_items_received_at"), "reading_items", ["received_at"])
    op.create_index("ix_reading_items_read_due", "reading_items", ["read_at", "due_at"])
    with op.batch_alter_table("alerts") as batch_op:
        batch_op.add_column(sa.Column("assigned_to_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_alerts_assigned_to_id_users"), "users", ["assigned_to_id"], ["id"]
        )
        batch_op.create_index(batch_op.f("ix_alerts_assigned_to_id"), ["assigned_to_id"])
    with op.batch_alter_table("outbox_messages") as batch_op:
        batch_op.add_column(sa.Column("reading_item_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_messages_reading_item_id_reading_items"),
            "reading_items",
            ["reading_item_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox_messages") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_outbox_messages_reading_item_id_reading_items"), type_="foreignkey"
        )
        batch_op.drop_column("reading_item_id")
    with op.batch_alter_table("alerts") as batch_op:
        batch_op.drop_index(batch_op.f("ix_alerts_assigned_to_id"))
        batch_op.drop_constraint(batch_op.f("fk_alerts_assigned_to_id_users"), type_="foreignkey")
        batch_op.drop_column("assigned_to_id")
    op.drop_index("ix_reading_items_read_due", table_name="reading_items")
    op.drop_index(op.f("ix_reading_items_received_at"), table_name="reading_items")
    op.drop_index(op.f("ix_reading_items_reader_id"), table_name="reading_items")
    op.drop_table("reading_items")
