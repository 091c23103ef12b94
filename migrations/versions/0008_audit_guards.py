"""audit guards: the database itself keeps the audit log append-only, on both databases

PostgreSQL already refused UPDATE and DELETE row by row (0002_staff), but TRUNCATE fires no row
triggers and emptied the log at once; a statement trigger now refuses it (also when another
table's TRUNCATE ... CASCADE reaches audit_events). SQLite had no guard below the ORM: two
triggers now refuse UPDATE and DELETE.

Nothing in carevoice deletes or changes audit rows (retention and erasure keep the log), so the
guards have no exception. A later migration that rebuilds audit_events on SQLite (batch mode
copies the table) must create these triggers again; tests/domain/test_audit_log.py checks they
exist at head.

Revision ID: 0008_audit_guards
Revises: 0007_languages
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008_audit_guards"
down_revision: str | None = "0007_languages"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The function is 0002_staff's: it raises "audit_events is append-only: <operation> refused".
_POSTGRESQL_NO_TRUNCATE = """
CREATE TRIGGER audit_events_no_truncate
BEFORE TRUNCATE ON audit_events
FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()
"""
_SQLITE_GUARDS = {
    "audit_events_no_update": "UPDATE",
    "audit_events_no_delete": "DELETE",
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_POSTGRESQL_NO_TRUNCATE)
        return
    for name, operation in _SQLITE_GUARDS.items():
        op.execute(
            f"CREATE TRIGGER {name} BEFORE {operation} ON audit_events "
            f"BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: {operation} refused'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
        return
    for name in _SQLITE_GUARDS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
