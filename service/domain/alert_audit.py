"""The safeguarding audit: for each alert, how fast people acted and every missed deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from service.domain.alerts import alert_number
from service.models import Alert, User


@dataclass(frozen=True)
class AlertAuditRow:
    """One alert as an inspector would ask about it."""

    number: str
    raised_at: datetime
    urgency: str
    category: str
    anonymous: bool
    status: str
    acknowledge_due_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    minutes_to_acknowledge: float | None
    acknowledged_late: bool
    closed_at: datetime | None
    minutes_to_close: float | None
    outcome: str | None
    actions: list[dict[str, Any]]
    escalations: list[dict[str, Any]]
    notifications_sent: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        for key, value in out.items():
            if isinstance(value, datetime):
                out[key] = value.isoformat(timespec="seconds")
        return out


def _minutes(start: datetime, end: datetime | None) -> float | None:
    return None if end is None else round((end - start).total_seconds() / 60, 1)


def alert_audit(session: Session, start: date, end: date, *, now: datetime) -> list[AlertAuditRow]:
    """Every alert raised from `start` to `end` (inclusive), oldest first."""
    alerts = session.scalars(
        select(Alert)
        .where(
            Alert.created_at >= datetime.combine(start, datetime.min.time()),
            Alert.created_at < datetime.combine(end + timedelta(days=1), datetime.min.time()),
        )
        .options(selectinload(Alert.events))
        .order_by(Alert.created_at, Alert.id)
    ).all()
    names = {u.id: u.email for u in session.scalars(select(User))}
    rows = []
    for alert in alerts:
        acked = alert.acknowledged_at
        rows.append(
            AlertAuditRow(
                number=alert_number(alert.id),
                raised_at=alert.created_at,
                urgency=alert.urgency.value,
                category=alert.category,
                anonymous=alert.anonymous,
                status=alert.status.value,
                acknowledge_due_at=alert.acknowledge_due_at,
                acknowledged_at=acked,
                acknowledged_by=names.get(alert.acknowledged_by_id or -1),
                minutes_to_acknowledge=_minutes(alert.created_at, acked),
                # Still open past its deadline counts as late too.
                acknowledged_late=(acked or now) > alert.acknowledge_due_at,
                closed_at=alert.closed_at,
                minutes_to_close=_minutes(alert.created_at, alert.closed_at),
                outcome=alert.outcome,
                actions=[
                    {
                        "at": e.at.isoformat(timespec="seconds"),
                        "by": names.get(e.actor_id or -1),
                        "note": e.note,
                    }
                    for e in alert.events
                    if e.kind == "action"
                ],
                escalations=[
                    {"at": e.at.isoformat(timespec="seconds"), **(e.detail or {})}
                    for e in alert.events
                    if e.kind == "escalated"
                ],
                notifications_sent=[
                    {"at": e.at.isoformat(timespec="seconds"), **(e.detail or {})}
                    for e in alert.events
                    if e.kind == "notification_sent"
                ],
            )
        )
    return rows
