"""council cycle: reprintable letter codes and adults' own languages

`invitations.token_seed` lets a letter be printed again with the same code: the token is an
HMAC of the seed under the service's secret, so the database alone still reveals no working
link. `reviews.carer_language` and `reviews.parent_language` say which language the carer's
and the parent's letters and forms use (English when empty).

Revision ID: 0010_council_cycle
Revises: 0009_action_history
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_council_cycle"
down_revision: str | None = "0009_action_history"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD/DROP COLUMN (SQLite 3.35+ has both): a batch copy of `reviews` would break the
    # foreign keys that point at it.
    op.add_column("invitations", sa.Column("token_seed", sa.String(length=32), nullable=True))
    op.add_column("reviews", sa.Column("carer_language", sa.String(length=16), nullable=True))
    op.add_column("reviews", sa.Column("parent_language", sa.String(length=16), nullable=True))


def downgrade() -> None:
    op.drop_column("reviews", "parent_language")
    op.drop_column("reviews", "carer_language")
    op.drop_column("invitations", "token_seed")
