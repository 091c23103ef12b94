"""Keeping data no longer than needed (UK GDPR storage limitation): purge what is past its time.

Alerts and the audit log are never deleted: they are the record that every concern was followed
up. An alert's words (the child's excerpt and the words the screen matched) go once it has been
closed for long enough, and a child's case reference once nothing about them is recent; the
alert itself (category, urgency, times, who did what) stays, and so does every audit event.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from sqlalchemy import String, cast, delete, exists, func, literal, or_, select, update
from sqlalchemy.orm import Session

from service.domain.audit import Actor, record_audit
from service.domain.rollup_invalidation import invalidate_invited
from service.domain.staff_sessions import purge_old_sessions
from service.models import (
    EXPIRED_REF_PREFIX,
    Alert,
    AlertStatus,
    Answer,
    BotChat,
    BotUpdate,
    Child,
    Invitation,
    Response,
    Review,
)


@dataclass(frozen=True)
class RetentionPolicy:
    """How long each kind of data is kept."""

    free_text: timedelta
    expired_invitations: timedelta
    chats: timedelta
    bot_updates: timedelta
    staff_sessions: timedelta
    alert_words: timedelta
    case_references: timedelta


@dataclass(frozen=True)
class RetentionReport:
    """How many rows of each kind were purged (deleted or blanked) in one run."""

    free_text_answers: int
    expired_invitations: int
    chats: int
    bot_updates: int
    staff_sessions: int
    alert_words: int
    case_references: int


def run_retention(
    session: Session, policy: RetentionPolicy, *, now: datetime, actor: Actor | None = None
) -> RetentionReport:
    """Purge everything past its time in one transaction, and record what went in the audit log."""
    report = RetentionReport(
        free_text_answers=_blank_old_free_text(session, now - policy.free_text),
        chats=_delete_rows(session, BotChat, BotChat.updated_at < now - policy.chats),
        expired_invitations=_delete_expired_invitations(session, now - policy.expired_invitations),
        bot_updates=_delete_rows(
            session,
            BotUpdate,
            BotUpdate.processed_at.is_not(None)
            & (BotUpdate.received_at < now - policy.bot_updates),
        ),
        staff_sessions=purge_old_sessions(session, before=now - policy.staff_sessions),
        alert_words=_blank_old_alert_words(session, now - policy.alert_words),
        case_references=_remove_old_case_references(session, now - policy.case_references),
    )
    # The counts are what this run purged; the policy it applied is kept apart, so a period of
    # 90 days can never be read as 90 rows.
    record_audit(
        session,
        actor=actor,
        action="retention_run",
        now=now,
        detail={
            **asdict(report),
            "policy_days": {kind: period.days for kind, period in asdict(policy).items()},
        },
    )
    return report


def _blank_old_free_text(session: Session, cutoff: datetime) -> int:
    """Keep the analysis (themes, sentiment, safety flags) for reports; drop the words themselves."""
    old = (
        select(Response.id)
        .where(Response.submitted_at.is_not(None), Response.submitted_at < cutoff)
        .scalar_subquery()
    )
    result = session.execute(
        update(Answer)
        .where(Answer.text.is_not(None), Answer.response_id.in_(old))
        .values(text=None)
        .execution_options(synchronize_session=False)
    )
    return _count(result)


def _blank_old_alert_words(session: Session, cutoff: datetime) -> int:
    """A closed alert keeps what happened and when; the child's words go after the period.

    Staff notes and the outcome stay: they are the record that the concern was followed up."""
    result = session.execute(
        update(Alert)
        .where(
            Alert.status == AlertStatus.CLOSED,
            Alert.closed_at < cutoff,
            # Only free-text alerts hold words; what the screen matched goes with them.
            Alert.excerpt.is_not(None),
        )
        .values(excerpt=None, matched=[])
        .execution_options(synchronize_session=False)
    )
    return _count(result)


def _remove_old_case_references(session: Session, cutoff: datetime) -> int:
    """Replace the case reference of a child with nothing recent (and no open alert) by a
    placeholder: their answers still count, but no longer point at a person."""
    reviews = select(Review.id).where(Review.child_id == Child.id)
    recent = or_(
        exists(reviews.where(Review.review_date >= cutoff.date())),
        exists().where(
            Response.child_id == Child.id,
            func.coalesce(Response.submitted_at, Response.started_at) >= cutoff,
        ),
        exists().where(
            Invitation.review_id.in_(reviews.scalar_subquery()), Invitation.expires_at >= cutoff
        ),
        exists().where(
            Alert.child_id == Child.id,
            or_(Alert.status != AlertStatus.CLOSED, Alert.closed_at >= cutoff),
        ),
    )
    result = session.execute(
        update(Child)
        .where(
            Child.created_at < cutoff,
            Child.erased_at.is_(None),
            Child.child_ref.not_like(f"{EXPIRED_REF_PREFIX}%"),
            ~recent,
        )
        .values(child_ref=literal(EXPIRED_REF_PREFIX) + cast(Child.id, String))
        .execution_options(synchronize_session=False)
    )
    return _count(result)


def _delete_expired_invitations(session: Session, cutoff: datetime) -> int:
    """Unused invitations long expired; used ones stay, as their response refers to them."""
    used = exists().where(Response.invitation_id == Invitation.id)
    chatting = exists().where(BotChat.invitation_id == Invitation.id)
    expired = (Invitation.expires_at < cutoff) & ~used & ~chatting
    invalidate_invited(session, expired)  # response rates count them until they go
    return _delete_rows(session, Invitation, expired)


def _delete_rows(session: Session, model: type[object], condition: object) -> int:
    result = session.execute(
        delete(model).where(condition).execution_options(synchronize_session=False)  # type: ignore[arg-type]
    )
    return _count(result)


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
