"""The notification outbox: rows written with their cause, claimed under a lease, sent, retried.

Delivery is at least once per row and a row exists at most once per idempotency key (one per
alert and channel). A crash between commit and send leaves the row pending; a crash while
sending leaves a lease that expires, so another worker picks it up.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import Session

from service.models import OutboxMessage, OutboxStatus

BACKOFF_BASE = timedelta(seconds=30)
# Capped low on purpose: a safeguarding notification must go soon after a mail server returns.
BACKOFF_CAP = timedelta(minutes=10)
DEFAULT_LEASE = timedelta(minutes=2)
ERROR_LENGTH = 1000


def enqueue(
    session: Session,
    *,
    key: str,
    channel: str,
    recipient: str,
    subject: str,
    body: str,
    now: datetime,
    alert_id: int | None = None,
    reading_item_id: int | None = None,
) -> OutboxMessage:
    """Add a message unless one with this key exists (a retried cause never sends twice)."""
    existing = session.scalars(
        select(OutboxMessage).where(OutboxMessage.idempotency_key == key)
    ).one_or_none()
    if existing is not None:
        return existing
    message = OutboxMessage(
        idempotency_key=key,
        channel=channel,
        recipient=recipient,
        subject=subject[:200],
        body=body,
        alert_id=alert_id,
        reading_item_id=reading_item_id,
        status=OutboxStatus.PENDING,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(message)
    return message


def backoff(attempts: int) -> timedelta:
    """Wait 30 s, 1, 2, 4, 8 minutes... up to 10 minutes between tries."""
    delay: timedelta = BACKOFF_BASE * (2 ** max(attempts - 1, 0))
    return min(delay, BACKOFF_CAP)


def _claimable(now: datetime) -> tuple[ColumnElement[bool], ...]:
    return (
        OutboxMessage.status == OutboxStatus.PENDING,
        OutboxMessage.next_attempt_at <= now,
        or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until <= now),
    )


def claim_due(
    session: Session,
    *,
    worker: str,
    now: datetime,
    lease: timedelta = DEFAULT_LEASE,
    limit: int = 20,
) -> list[OutboxMessage]:
    """Take a lease on due messages so no other worker sends them while this one tries.

    PostgreSQL: rows are locked with SKIP LOCKED, so workers never wait on each other.
    SQLite: the write lock is taken at BEGIN and each row is claimed by a conditional UPDATE.
    """
    query = (
        select(OutboxMessage.id)
        .where(*_claimable(now))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = list(session.scalars(query))
    claimed: list[int] = []
    for message_id in ids:
        result = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, *_claimable(now))
            .values(locked_until=now + lease, locked_by=worker)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            claimed.append(message_id)
    if not claimed:
        return []
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.id.in_(claimed))
            .order_by(OutboxMessage.id)
            .execution_options(populate_existing=True)
        )
    )


def mark_sent(session: Session, message_id: int, *, worker: str, now: datetime) -> bool:
    """Record delivery; False if this worker's lease was lost (another worker took over)."""
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.locked_by == worker,
            OutboxMessage.status == OutboxStatus.PENDING,
        )
        .values(
            status=OutboxStatus.SENT,
            sent_at=now,
            attempts=OutboxMessage.attempts + 1,
            locked_until=None,
            last_error=None,
        )
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def mark_failed(
    session: Session, message: OutboxMessage, *, worker: str, error: str, now: datetime
) -> None:
    """Release the lease and try again later; a safeguarding message is never given up on."""
    attempts = message.attempts + 1
    session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message.id,
            OutboxMessage.locked_by == worker,
            OutboxMessage.status == OutboxStatus.PENDING,
        )
        .values(
            attempts=attempts,
            next_attempt_at=now + backoff(attempts),
            locked_until=None,
            last_error=error[:ERROR_LENGTH],
        )
        .execution_options(synchronize_session=False)
    )


def undelivered(session: Session, *, alert_id: int | None = None) -> list[OutboxMessage]:
    """Messages still waiting to go (shown to staff, so a broken mail server is noticed)."""
    query = select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.PENDING)
    if alert_id is not None:
        query = query.where(OutboxMessage.alert_id == alert_id)
    return list(session.scalars(query.order_by(OutboxMessage.id)))
