"""Safety alerts: raised with the answer that caused them, notified through the outbox,
acknowledged, actioned, escalated and closed by people. Never deleted: every change is an event."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from analysis.text.safety import SafetyFinding
from service.domain.audit import record_audit
from service.domain.errors import DomainError
from service.domain.outbox import enqueue
from service.domain.reading_policy import ReadingPolicy
from service.models import (
    Alert,
    AlertEvent,
    AlertStatus,
    OutboxMessage,
    Response,
    StaffRole,
    Urgency,
    User,
)
from service.questionnaires import Question
from service.settings import Settings

EXCERPT_LENGTH = 500
NOTE_LENGTH = 4000

# Symbolic recipients, resolved from settings when the worker sends: correcting a wrong inbox
# address in config then reroutes notifications still waiting in the outbox.
SAFEGUARDING_INBOX = "safeguarding-inbox"
STAFF_CHAT = "staff-chat"

# Who may see which child an alert is about (every such view is audited).
IDENTITY_ROLES = frozenset({StaffRole.SAFEGUARDING_LEAD, StaffRole.IRO_MANAGER})
# Who may act on alerts about a known child; anonymous campaign alerts are the participation
# officer's to act on in general (there is no child to contact).
CASE_ROLES = IDENTITY_ROLES
ANONYMOUS_ROLES = frozenset({*IDENTITY_ROLES, StaffRole.PARTICIPATION_OFFICER})


class AlertStateError(DomainError):
    """The alert is not in a state that allows this step (e.g. closing before acknowledging)."""


@dataclass(frozen=True)
class AlertPolicy:
    """How quickly a person must acknowledge an alert (the pledge: call back within 24 hours),
    where notifications go, and who is told next when nobody acknowledges in time."""

    urgent_ack: timedelta = timedelta(hours=1)
    high_ack: timedelta = timedelta(hours=24)
    # Email to the safeguarding inbox is never optional; Telegram is added when configured.
    channels: tuple[str, ...] = ("email",)
    escalation_contacts: tuple[str, ...] = ()
    # Who reads the words that come with an answer, and by when (see `reading`).
    reading: ReadingPolicy = field(default_factory=ReadingPolicy)

    @classmethod
    def from_settings(cls, settings: Settings) -> AlertPolicy:
        """The policy the council configured (ack times, staff chat, escalation contacts)."""
        telegram = settings.alert_staff_chat_id is not None and bool(settings.telegram_bot_token)
        return cls(
            urgent_ack=timedelta(minutes=settings.urgent_ack_minutes),
            high_ack=timedelta(minutes=settings.high_ack_minutes),
            channels=("email", "telegram") if telegram else ("email",),
            escalation_contacts=settings.escalation_contacts,
            reading=ReadingPolicy.from_settings(settings),
        )

    def ack_window(self, urgency: Urgency) -> timedelta:
        return self.urgent_ack if urgency is Urgency.URGENT else self.high_ack

    def acknowledge_due(self, urgency: Urgency, now: datetime) -> datetime:
        return now + self.ack_window(urgency)


@dataclass(frozen=True)
class Concern:
    """Something in one answer that a person must follow up."""

    question_id: str
    source: str  # "answer" (a choice) or "free_text"
    category: str
    urgency: Urgency
    matched: tuple[str, ...]
    excerpt: str | None


def concern_from_choice(question: Question, choice_key: str | None) -> Concern | None:
    """An explicit answer (not safe, scared, very unhappy) always raises an alert."""
    choice = question.choice(choice_key) if choice_key else None
    if choice is None or choice.alert_category is None:
        return None
    return Concern(
        question_id=question.id,
        source="answer",
        category=choice.alert_category,
        urgency=Urgency(choice.alert_urgency or "high"),
        matched=(choice.key,),
        excerpt=None,
    )


def concern_from_text(question_id: str, text: str, finding: SafetyFinding) -> Concern | None:
    """Free text the safety screen flagged."""
    if not finding.flag or finding.category is None or finding.urgency == "none":
        return None
    return Concern(
        question_id=question_id,
        source="free_text",
        category=finding.category,
        urgency=Urgency(finding.urgency),
        matched=finding.matched,
        excerpt=text[:EXCERPT_LENGTH],
    )


def raise_alerts(
    session: Session,
    response: Response,
    concerns: Iterable[Concern],
    *,
    now: datetime,
    policy: AlertPolicy | None = None,
) -> list[Alert]:
    """Record an alert for each new concern; a concern already raised for this answer is not repeated."""
    policy = policy or AlertPolicy()
    raised: list[Alert] = []
    concerns = list(concerns)
    if not concerns:
        return []
    session.flush()  # a response begun in this transaction needs its id for the alert
    existing = {
        (question_id, source)
        for question_id, source in session.execute(
            select(Alert.question_id, Alert.source).where(Alert.response_id == response.id)
        )
    }
    for concern in concerns:
        if (concern.question_id, concern.source) in existing:
            continue
        existing.add((concern.question_id, concern.source))
        anonymous = response.child_id is None
        alert = Alert(
            response_id=response.id,
            child_id=response.child_id,
            anonymous=anonymous,
            question_id=concern.question_id,
            source=concern.source,
            category=concern.category,
            urgency=concern.urgency,
            matched=list(concern.matched),
            excerpt=concern.excerpt,
            created_at=now,
            acknowledge_due_at=policy.acknowledge_due(concern.urgency, now),
        )
        alert.events.append(AlertEvent(kind="raised", at=now, detail={"source": concern.source}))
        session.add(alert)
        raised.append(alert)
    session.flush()
    for alert in raised:
        notify_alert(session, alert, policy=policy, now=now)
    return raised


def alert_number(alert_id: int) -> str:
    """The pseudonymous number staff use for an alert in messages (no name, no case reference)."""
    return f"A{alert_id:06d}"


def staff_path(alert_id: int) -> str:
    return f"/staff/alerts/{alert_id}"


def _message(alert: Alert, heading: str) -> tuple[str, str]:
    """Subject and body for staff: what and how fast, never who or what the child wrote."""
    number = alert_number(alert.id)
    subject = f"{heading}: safeguarding alert {number} ({alert.urgency.value})"
    body = (
        f"Safeguarding alert {number} needs a person to follow it up.\n"
        f"Urgency: {alert.urgency.value}. Kind: {alert.category.replace('_', ' ')}.\n"
        f"Raised: {alert.created_at:%Y-%m-%d %H:%M} UTC. "
        f"Acknowledge by: {alert.acknowledge_due_at:%Y-%m-%d %H:%M} UTC.\n"
        + ("The answer was anonymous (an open campaign).\n" if alert.anonymous else "")
    )
    return subject, body


def notify_alert(session: Session, alert: Alert, *, policy: AlertPolicy, now: datetime) -> None:
    """Queue one notification per channel, in the alert's own transaction (idempotent by key)."""
    subject, body = _message(alert, "New")
    for channel in policy.channels:
        enqueue(
            session,
            key=f"alert:{alert.id}:raised:{channel}",
            channel=channel,
            recipient=SAFEGUARDING_INBOX if channel == "email" else STAFF_CHAT,
            subject=subject,
            body=body,
            alert_id=alert.id,
            now=now,
        )
    alert.events.append(
        AlertEvent(kind="notification_queued", at=now, detail={"channels": list(policy.channels)})
    )


def record_delivery(session: Session, message: OutboxMessage, *, now: datetime) -> None:
    """Note on the alert's history that a notification went out (for the audit)."""
    if message.alert_id is None:
        return
    session.add(
        AlertEvent(
            alert_id=message.alert_id,
            kind="notification_sent",
            at=now,
            detail={"channel": message.channel, "recipient": message.recipient},
        )
    )


def _actor_event(
    session: Session, alert: Alert, actor: User, kind: str, now: datetime, note: str | None
) -> None:
    alert.events.append(AlertEvent(kind=kind, actor_id=actor.id, at=now, note=note))
    record_audit(
        session,
        actor=actor,
        action=f"alert_{kind}",
        now=now,
        object_type="alert",
        object_id=alert.id,
        child_id=alert.child_id,
    )


def may_act(role: StaffRole, alert: Alert) -> bool:
    """Case alerts are for safeguarding staff; anonymous ones also for the participation officer."""
    return role in (ANONYMOUS_ROLES if alert.anonymous else CASE_ROLES)


def assign_alert(
    session: Session, alert: Alert, *, actor: User, assignee: User | None, now: datetime
) -> None:
    """Give the alert to a named member of staff (or to nobody); who gave it, to whom and when
    goes on the alert's history and the audit log."""
    if alert.status is AlertStatus.CLOSED:
        raise AlertStateError("A closed alert cannot change.")
    if assignee is not None and (not assignee.is_active or not may_act(assignee.role, alert)):
        raise AlertStateError("That person cannot act on this alert.")
    alert.assigned_to_id = assignee.id if assignee else None
    alert.events.append(
        AlertEvent(
            kind="assigned",
            actor_id=actor.id,
            at=now,
            detail={"to": assignee.display_name if assignee else None},
        )
    )
    record_audit(
        session,
        actor=actor,
        action="alert_assigned",
        now=now,
        object_type="alert",
        object_id=alert.id,
        child_id=alert.child_id,
        detail={"assignee_id": assignee.id if assignee else None},
    )
    session.flush()


def acknowledge_alert(session: Session, alert: Alert, *, actor: User, now: datetime) -> None:
    """A person has seen the alert and is dealing with it; escalation stops."""
    if alert.status is not AlertStatus.OPEN:
        raise AlertStateError("This alert has already been acknowledged.")
    alert.status = AlertStatus.ACKNOWLEDGED
    alert.acknowledged_at = now
    alert.acknowledged_by_id = actor.id
    _actor_event(session, alert, actor, "acknowledged", now, None)
    session.flush()


def record_alert_action(
    session: Session, alert: Alert, *, actor: User, note: str, now: datetime
) -> None:
    """Write down what was done (called the child, told the social worker...) and by whom."""
    note = note.strip()
    if not note:
        raise AlertStateError("Please say what was done.")
    if alert.status in (AlertStatus.OPEN, AlertStatus.CLOSED):
        raise AlertStateError("Acknowledge the alert first; a closed alert cannot change.")
    alert.status = AlertStatus.ACTIONED
    _actor_event(session, alert, actor, "action", now, note[:NOTE_LENGTH])
    session.flush()


def close_alert(
    session: Session, alert: Alert, *, actor: User, outcome: str, now: datetime
) -> None:
    """Close with an outcome once it has been dealt with; the record stays for ever."""
    outcome = outcome.strip()
    if not outcome:
        raise AlertStateError("Please give the outcome.")
    if alert.status in (AlertStatus.OPEN, AlertStatus.CLOSED):
        raise AlertStateError("Acknowledge the alert first; a closed alert cannot change.")
    alert.status = AlertStatus.CLOSED
    alert.closed_at = now
    alert.closed_by_id = actor.id
    alert.outcome = outcome[:NOTE_LENGTH]
    _actor_event(session, alert, actor, "closed", now, alert.outcome)
    session.flush()


def next_escalation_at(alert: Alert, policy: AlertPolicy) -> datetime:
    """When the alert escalates if still not acknowledged: the deadline, then every window after."""
    if alert.last_escalated_at is None:
        return alert.acknowledge_due_at
    return alert.last_escalated_at + policy.ack_window(alert.urgency)


def escalation_contact(level: int, policy: AlertPolicy) -> str:
    """Level 1 goes to the first contact, level 2 to the next...; past the end, the last again."""
    contacts = policy.escalation_contacts
    if not contacts:
        return SAFEGUARDING_INBOX
    return contacts[min(level, len(contacts)) - 1]


def escalate_overdue(session: Session, *, policy: AlertPolicy, now: datetime) -> list[Alert]:
    """Escalate every open alert whose deadline has passed by one level, and tell the next contact.

    Safe with several workers: the level only moves by a conditional UPDATE, so one wins.
    """
    candidates = session.scalars(
        select(Alert)
        .where(Alert.status == AlertStatus.OPEN, Alert.acknowledge_due_at <= now)
        .order_by(Alert.acknowledge_due_at, Alert.id)
    ).all()
    escalated: list[Alert] = []
    for alert in candidates:
        deadline = next_escalation_at(alert, policy)
        if deadline > now:
            continue
        level = alert.escalation_level + 1
        moved = session.execute(
            update(Alert)
            .where(
                Alert.id == alert.id,
                Alert.status == AlertStatus.OPEN,
                Alert.escalation_level == alert.escalation_level,
            )
            .values(escalation_level=level, last_escalated_at=now)
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            continue  # another worker escalated it, or someone acknowledged it just now
        session.refresh(alert)
        contact = escalation_contact(level, policy)
        alert.events.append(
            AlertEvent(
                kind="escalated",
                at=now,
                detail={"level": level, "contact": contact, "missed": deadline.isoformat()},
            )
        )
        subject, body = _message(alert, f"Not acknowledged, escalation {level}")
        enqueue(
            session,
            key=f"alert:{alert.id}:escalation:{level}:email",
            channel="email",
            recipient=contact,
            subject=subject,
            body=body,
            alert_id=alert.id,
            now=now,
        )
        escalated.append(alert)
    session.flush()
    return escalated
