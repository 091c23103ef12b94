"""The audit trail: who looked at or changed what, when. Append-only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from service.models import AuditEvent, User


def record_audit(
    session: Session,
    *,
    actor: User | None,
    action: str,
    now: datetime,
    object_type: str | None = None,
    object_id: str | int | None = None,
    child_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event in the caller's transaction (so the change and its record commit together)."""
    event = AuditEvent(
        at=now,
        actor_id=actor.id if actor else None,
        actor_label=actor.email if actor else "system",
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id is not None else None,
        child_id=child_id,
        detail=detail,
    )
    session.add(event)
    return event
