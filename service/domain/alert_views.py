"""What staff see of alerts: the queue for their role, one alert, and (audited) whose it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, select
from sqlalchemy.orm import Session, selectinload

from service.domain.alerts import ANONYMOUS_ROLES, IDENTITY_ROLES, alert_number, may_act
from service.domain.audit import record_audit
from service.domain.outbox import undelivered
from service.models import (
    ERASED_REF_PREFIX,
    EXPIRED_REF_PREFIX,
    Alert,
    AlertStatus,
    Child,
    OutboxMessage,
    Response,
    StaffRole,
    Urgency,
    User,
)

# Roles that may open the alert pages at all; anyone else gets 403.
ALERT_ROLES = tuple(sorted(ANONYMOUS_ROLES))


def visible(role: StaffRole, alert: Alert) -> bool:
    """Participation officers see anonymous alerts only; safeguarding staff see every alert."""
    return role in IDENTITY_ROLES or (alert.anonymous and role in ANONYMOUS_ROLES)


def alert_queue(session: Session, role: StaffRole, *, closed: bool = False) -> list[Alert]:
    """Alerts still to deal with, most urgent first and then oldest first (or the closed ones)."""
    query = select(Alert).options(selectinload(Alert.events))
    if closed:
        query = query.where(Alert.status == AlertStatus.CLOSED).order_by(Alert.closed_at.desc())
    else:
        urgent_first = case((Alert.urgency == Urgency.URGENT, 0), else_=1)
        query = query.where(Alert.status != AlertStatus.CLOSED).order_by(
            urgent_first, Alert.created_at, Alert.id
        )
    if role not in IDENTITY_ROLES:
        query = query.where(Alert.anonymous.is_(True))
    return list(session.scalars(query))


def alert_for(session: Session, alert_id: int, role: StaffRole) -> Alert | None:
    """One alert, if this role may see it."""
    alert = session.get(Alert, alert_id)
    return alert if alert is not None and visible(role, alert) else None


@dataclass(frozen=True)
class ChildIdentity:
    """Who an alert is about: the case reference and the people around the latest review."""

    child_ref: str
    code: str
    iro: str | None
    team: str | None
    review_date: date | None


def reveal_child(session: Session, alert: Alert, *, actor: User, now: datetime) -> ChildIdentity:
    """Show whose alert this is to an authorised role, and write that view to the audit log."""
    if actor.role not in IDENTITY_ROLES:
        raise PermissionError("this role may not see who an alert is about")
    if alert.child_id is None:
        raise LookupError("an anonymous alert has no child to show")
    child = session.get(Child, alert.child_id)
    if child is None:
        raise LookupError("child not found")
    record_audit(
        session,
        actor=actor,
        action="view_child_identity",
        now=now,
        object_type="alert",
        object_id=alert.id,
        child_id=child.id,
    )
    latest = child.reviews[-1] if child.reviews else None
    return ChildIdentity(
        child_ref=shown_case_reference(child.child_ref),
        code=child.code,
        iro=latest.iro if latest else None,
        team=latest.team if latest else None,
        review_date=latest.review_date if latest else None,
    )


def open_alert(session: Session, alert: Alert, *, actor: User, now: datetime) -> None:
    """Record that a member of staff opened an alert (what the child said is on it)."""
    record_audit(
        session,
        actor=actor,
        action="alert_viewed",
        now=now,
        object_type="alert",
        object_id=alert.id,
        child_id=alert.child_id,
    )


def assignable(session: Session, alert: Alert) -> list[User]:
    """Active staff who may act on this alert, for the assign list."""
    users = session.scalars(
        select(User).where(User.is_active.is_(True)).order_by(User.display_name, User.id)
    )
    return [u for u in users if may_act(u.role, alert)]


@dataclass(frozen=True)
class AlertLine:
    """An alert as the child's IRO sees it on the review page: its state, not its words."""

    number: str
    urgency: str
    status: str
    raised_at: datetime
    assigned_to: str | None


def review_alerts(session: Session, review_id: int) -> list[AlertLine]:
    """Alerts raised on the responses to one review, for its IRO (status only)."""
    names = staff_names(session)
    alerts = session.scalars(
        select(Alert)
        .join(Response, Response.id == Alert.response_id)
        .where(Response.review_id == review_id)
        .order_by(Alert.created_at, Alert.id)
    )
    return [
        AlertLine(
            number=alert_number(a.id),
            urgency=a.urgency.value,
            status=a.status.value,
            raised_at=a.created_at,
            assigned_to=names.get(a.assigned_to_id) if a.assigned_to_id else None,
        )
        for a in alerts
    ]


def shown_case_reference(child_ref: str) -> str:
    """The case reference, or in plain words why carevoice no longer holds it."""
    if child_ref.startswith(ERASED_REF_PREFIX):
        return "not held: erased at the child's request"
    if child_ref.startswith(EXPIRED_REF_PREFIX):
        return "not held: removed after the retention period"
    return child_ref


def staff_names(session: Session) -> dict[int, str]:
    """Display names for the history (who acknowledged, acted, closed)."""
    return {u.id: u.display_name for u in session.scalars(select(User))}


def waiting_notifications(session: Session, alert_id: int | None = None) -> list[OutboxMessage]:
    return undelivered(session, alert_id=alert_id)


__all__ = [
    "ALERT_ROLES",
    "AlertLine",
    "ChildIdentity",
    "alert_for",
    "alert_queue",
    "assignable",
    "may_act",
    "open_alert",
    "reveal_child",
    "review_alerts",
    "shown_case_reference",
    "staff_names",
    "visible",
    "waiting_notifications",
]
