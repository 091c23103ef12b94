"""Server-side staff sessions, and the step between password and code: the cookie holds a random
id, the database decides if it still works."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from service.models import PendingSignIn, StaffSession, User

# Record use at most once a minute, so browsing the staff pages is not a write per request.
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class SessionPolicy:
    """A session ends after `idle` without use, and after `absolute` whatever happens."""

    idle: timedelta = timedelta(minutes=30)
    absolute: timedelta = timedelta(hours=10)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(session: Session, user: User, *, now: datetime) -> str:
    """Start a new session (a new id every sign-in) and return the secret for the cookie."""
    token = secrets.token_urlsafe(32)
    session.add(
        StaffSession(token_hash=_hash(token), user_id=user.id, created_at=now, last_seen_at=now)
    )
    session.flush()
    return token


def find_live_session(
    session: Session, token: str, *, now: datetime, policy: SessionPolicy
) -> tuple[StaffSession, User] | None:
    """The session and its user if the token is current, else None; a timed-out session is revoked."""
    if not token or len(token) > 128:
        return None
    row = session.scalar(select(StaffSession).where(StaffSession.token_hash == _hash(token)))
    if row is None or row.revoked_at is not None:
        return None
    if now - row.last_seen_at > policy.idle or now - row.created_at > policy.absolute:
        row.revoked_at = now
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        row.revoked_at = now
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
    return row, user


def revoke_session(session: Session, token: str, *, now: datetime) -> StaffSession | None:
    """End the session this token names, if any (signing out)."""
    row = session.scalar(select(StaffSession).where(StaffSession.token_hash == _hash(token)))
    if row is not None and row.revoked_at is None:
        row.revoked_at = now
    return row


def start_pending_sign_in(session: Session, user: User, *, now: datetime) -> str:
    """The password was right and a code is needed: remember that here, return the cookie's id."""
    token = secrets.token_urlsafe(32)
    session.add(PendingSignIn(token_hash=_hash(token), user_id=user.id, created_at=now))
    session.flush()
    return token


def pending_sign_in_user(
    session: Session, token: str, *, now: datetime, within: timedelta
) -> User | None:
    """Whose password step this id names, if it has not ended, is younger than `within` and the
    account is still active."""
    if not token or len(token) > 128:
        return None
    row = session.scalar(select(PendingSignIn).where(PendingSignIn.token_hash == _hash(token)))
    if row is None or row.ended_at is not None or now - row.created_at > within:
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.is_active else None


def end_pending_sign_in(session: Session, token: str, *, now: datetime) -> None:
    """The code was given, or the account locked: the id (and any copy of it) stops working."""
    row = session.scalar(select(PendingSignIn).where(PendingSignIn.token_hash == _hash(token)))
    if row is not None and row.ended_at is None:
        row.ended_at = now


def purge_old_sessions(session: Session, *, before: datetime) -> int:
    """Delete sessions that ended (or were last used), and password steps begun, before `before`;
    returns how many."""
    deleted = 0
    for statement in (
        delete(StaffSession).where(
            (StaffSession.revoked_at < before) | (StaffSession.last_seen_at < before)
        ),
        delete(PendingSignIn).where(PendingSignIn.created_at < before),
    ):
        deleted += int(getattr(session.execute(statement), "rowcount", 0) or 0)
    return deleted
