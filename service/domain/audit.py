"""The audit trail: who looked at or changed what, when. Append-only."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import event, select
from sqlalchemy.orm import Mapper, Session

from service.models import AuditEvent

AUDIT_CSV_COLUMNS = (
    "id",
    "at",
    "actor",
    "action",
    "object_type",
    "object_id",
    "child_id",
    "detail",
)


class Actor(Protocol):
    """Anyone who can be named in the log: a User row, the signed-in StaffIdentity, or an Operator."""

    @property
    def id(self) -> int | None: ...

    @property
    def email(self) -> str: ...


@dataclass(frozen=True)
class Operator:
    """Someone acting from the command line: a staff account they named (`id` is its id), or the
    machine's user, who has no account (`id` is None and `email` is a label such as "os:alice")."""

    id: int | None
    email: str


class AuditIsAppendOnly(RuntimeError):
    """An audit event was about to be changed or deleted: the log must only grow."""


def record_audit(
    session: Session,
    *,
    actor: Actor | None,
    action: str,
    now: datetime,
    object_type: str | None = None,
    object_id: str | int | None = None,
    child_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event in the caller's transaction (so the change and its record commit together)."""
    entry = AuditEvent(
        at=now,
        actor_id=actor.id if actor else None,
        actor_label=actor.email if actor else "system",
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id is not None else None,
        child_id=child_id,
        detail=detail,
    )
    session.add(entry)
    return entry


@dataclass(frozen=True)
class AuditFilter:
    """What an admin narrows the log to; empty fields match everything."""

    action: str | None = None
    actor_id: int | None = None
    child_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None


def find_audit_events(
    session: Session, where: AuditFilter, *, limit: int | None = None, offset: int = 0
) -> Sequence[AuditEvent]:
    """Audit events matching `where`, newest first."""
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if where.action:
        query = query.where(AuditEvent.action == where.action)
    if where.actor_id is not None:
        query = query.where(AuditEvent.actor_id == where.actor_id)
    if where.child_id is not None:
        query = query.where(AuditEvent.child_id == where.child_id)
    if where.since is not None:
        query = query.where(AuditEvent.at >= where.since)
    if where.until is not None:
        query = query.where(AuditEvent.at < where.until)
    return session.scalars(query.offset(offset).limit(limit)).all()


def audit_rows(events: Sequence[AuditEvent]) -> Iterator[tuple[object, ...]]:
    """One plain row per event, in AUDIT_CSV_COLUMNS order (the caller makes cells spreadsheet-safe)."""
    for item in events:
        detail = "" if not item.detail else "; ".join(f"{k}={v}" for k, v in item.detail.items())
        yield (
            item.id,
            item.at.isoformat(sep=" ", timespec="seconds"),
            item.actor_label,
            item.action,
            item.object_type or "",
            item.object_id or "",
            item.child_id if item.child_id is not None else "",
            detail,
        )


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(_mapper: Mapper[AuditEvent], _connection: Any, _target: AuditEvent) -> None:
    raise AuditIsAppendOnly("audit events cannot be changed")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(_mapper: Mapper[AuditEvent], _connection: Any, _target: AuditEvent) -> None:
    raise AuditIsAppendOnly("audit events cannot be deleted")
