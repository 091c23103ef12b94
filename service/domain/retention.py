"""Keeping data no longer than needed (UK GDPR storage limitation): purge what is past its time.

Alerts and the audit log are never purged here: they are the safeguarding record.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import Session

from service.domain.audit import Actor, record_audit
from service.domain.rollup_invalidation import invalidate_invited
from service.domain.staff_sessions import purge_old_sessions
from service.models import Answer, BotChat, BotUpdate, Invitation, Response


@dataclass(frozen=True)
class RetentionPolicy:
    """How long each kind of data is kept."""

    free_text: timedelta
    expired_invitations: timedelta
    chats: timedelta
    bot_updates: timedelta
    staff_sessions: timedelta


@dataclass(frozen=True)
class RetentionReport:
    """How many of each were purged in one run."""

    free_text_answers: int
    expired_invitations: int
    chats: int
    bot_updates: int
    staff_sessions: int


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
    )
    record_audit(
        session,
        actor=actor,
        action="retention_run",
        now=now,
        detail={**asdict(report), **{k: v.days for k, v in asdict(policy).items()}},
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
