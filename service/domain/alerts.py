"""Raising safety alerts: in the same transaction as the answer that caused them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.safety import SafetyFinding
from service.models import Alert, AlertEvent, Response, Urgency
from service.questionnaires import Question

EXCERPT_LENGTH = 500


@dataclass(frozen=True)
class AlertPolicy:
    """How quickly a person must acknowledge an alert (the pledge: call back within 24 hours)."""

    urgent_ack: timedelta = timedelta(hours=1)
    high_ack: timedelta = timedelta(hours=24)

    def acknowledge_due(self, urgency: Urgency, now: datetime) -> datetime:
        return now + (self.urgent_ack if urgency is Urgency.URGENT else self.high_ack)


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
    existing: set[tuple[str, str]] = set()
    if response.id is not None:
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
    return raised
