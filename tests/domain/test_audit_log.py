"""The audit log only grows: the ORM refuses changes, and the database refuses them in SQL too
(triggers on both databases, TRUNCATE included on PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from service.domain.audit import AuditIsAppendOnly, record_audit
from service.runtime import Runtime


def _one_event(runtime: Runtime) -> int:
    with runtime.sessions.begin() as db:
        event = record_audit(db, actor=None, action="login", now=runtime.now())
        db.flush()
        return event.id


def test_an_audit_event_cannot_be_changed_through_the_orm(runtime: Runtime) -> None:
    event_id = _one_event(runtime)
    with pytest.raises(AuditIsAppendOnly), runtime.sessions.begin() as db:
        from service.models import AuditEvent

        event = db.get(AuditEvent, event_id)
        assert event is not None
        event.action = "nothing to see"


def test_an_audit_event_cannot_be_deleted_through_the_orm(runtime: Runtime) -> None:
    event_id = _one_event(runtime)
    with pytest.raises(AuditIsAppendOnly), runtime.sessions.begin() as db:
        from service.models import AuditEvent

        db.delete(db.get(AuditEvent, event_id))


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"]
)
def test_the_database_refuses_changes_to_the_audit_log_in_sql(
    runtime: Runtime, statement: str
) -> None:
    _one_event(runtime)
    with pytest.raises(DBAPIError, match="append-only"), Session(runtime.engine) as db:
        db.execute(text(statement))
        db.commit()
    with Session(runtime.engine) as db:
        assert db.scalar(text("SELECT action FROM audit_events")) == "login"
        assert db.scalar(text("SELECT count(*) FROM audit_events")) == 1


@pytest.mark.parametrize("statement", ["TRUNCATE audit_events", "TRUNCATE users CASCADE"])
def test_postgresql_refuses_to_truncate_the_audit_log(
    runtime: Runtime, db_backend: str, statement: str
) -> None:
    if db_backend != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; its DELETE is refused above")
    _one_event(runtime)
    with (
        pytest.raises(DBAPIError, match="append-only: TRUNCATE refused"),
        Session(runtime.engine) as db,
    ):
        db.execute(text(statement))
        db.commit()
    with Session(runtime.engine) as db:
        assert db.scalar(text("SELECT count(*) FROM audit_events")) == 1


def test_the_guards_are_in_place_at_head(runtime: Runtime, db_backend: str) -> None:
    """A migration that rebuilds audit_events (SQLite batch mode copies the table) must keep them."""
    if db_backend == "postgresql":
        query = (
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_events'::regclass "
            "AND NOT tgisinternal"
        )
        expected = {"audit_events_append_only", "audit_events_no_truncate"}
    else:
        query = (
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'"
        )
        expected = {"audit_events_no_update", "audit_events_no_delete"}
    with Session(runtime.engine) as db:
        assert set(db.scalars(text(query))) == expected
