"""The audit log only grows: the ORM refuses changes, and PostgreSQL refuses them in SQL too."""

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
def test_postgresql_refuses_changes_to_the_audit_log_in_sql(
    runtime: Runtime, db_backend: str, statement: str
) -> None:
    if db_backend != "postgresql":
        pytest.skip("the trigger is PostgreSQL's; SQLite relies on the ORM guard")
    _one_event(runtime)
    with pytest.raises(DBAPIError, match="append-only"), Session(runtime.engine) as db:
        db.execute(text(statement))
        db.commit()
