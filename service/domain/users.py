"""Staff accounts: argon2-hashed passwords, one role each, lockout and TOTP second factor."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from service.domain.audit import Actor, record_audit
from service.domain.errors import DomainError
from service.domain.visible_text import has_hidden_characters
from service.models import StaffRole, StaffSession, User

# Roles that can see who a child is, or manage accounts (an admin could otherwise add a
# safeguarding lead and sign in as it with a password alone), must prove a second factor.
TOTP_REQUIRED_ROLES = frozenset(
    {StaffRole.IRO, StaffRole.IRO_MANAGER, StaffRole.SAFEGUARDING_LEAD, StaffRole.ADMIN}
)
# One @, something either side, a dot in the domain, and no spaces.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
TOTP_ISSUER = "carevoice"

_hasher = PasswordHasher()
# Verified against when the email is unknown, so a wrong email takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class UserError(DomainError):
    """A staff account change that cannot be made; the message says why in plain words."""


class SignIn(Enum):
    """How a password sign-in went."""

    OK = "ok"
    REFUSED = "refused"  # unknown email, wrong password or disabled: one answer for all
    LOCKED = "locked"


@dataclass(frozen=True)
class LockoutPolicy:
    """Too many wrong codes lock an account for a while."""

    max_failures: int = 5
    lock_for: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class SignInResult:
    outcome: SignIn
    user: User | None = None


def hash_password(password: str) -> str:
    """An argon2id hash; the password itself is never stored."""
    return _hasher.hash(password)


def check_password_rules(password: str) -> None:
    """Refuse passwords that are too short or too long (NCSC: length beats complexity rules)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise UserError(f"The password must be at most {MAX_PASSWORD_LENGTH} characters.")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(
    session: Session,
    *,
    email: str,
    display_name: str,
    role: StaffRole,
    password: str,
    now: datetime,
    iro_code: str | None = None,
    actor: Actor | None = None,
) -> User:
    """Add a member of staff; the caller commits (and the addition is audited when an actor is named)."""
    check_password_rules(password)
    email = normalise_email(email)
    if not _EMAIL.fullmatch(email) or len(email) > 254 or has_hidden_characters(email):
        raise UserError("Give a work email address.")
    if not display_name.strip() or len(display_name) > 120:
        raise UserError("Give a name of 1 to 120 characters.")
    if has_hidden_characters(display_name):
        raise UserError(
            "The name has hidden characters (controls, line breaks or direction marks)."
        )
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise UserError("There is already an account with that email.")
    if iro_code and session.scalar(select(User.id).where(User.iro_code == iro_code)):
        raise UserError("Another account already has that IRO code.")
    user = User(
        email=email,
        display_name=display_name.strip(),
        role=role,
        password_hash=hash_password(password),
        iro_code=iro_code or None,
        created_at=now,
    )
    session.add(user)
    session.flush()
    if actor is not None:
        _audit_created(session, user, now=now, actor=actor)
    return user


def _audit_created(session: Session, user: User, *, now: datetime, actor: Actor | None) -> None:
    record_audit(
        session,
        actor=actor,
        action="user_created",
        now=now,
        object_type="user",
        object_id=user.id,
        detail={"role": user.role.value},
    )


def add_user_with_temporary_password(
    session: Session,
    *,
    email: str,
    display_name: str,
    role: StaffRole,
    now: datetime,
    iro_code: str | None = None,
    actor: Actor | None = None,
) -> tuple[User, str]:
    """Add an account with a one-time password, given to the person by the admin, changed at first sign-in."""
    if role is StaffRole.IRO and not iro_code:
        # Without it the IRO would see no reviews at all (ReviewScope matches on it).
        raise UserError("An IRO needs the IRO code used in the review import.")
    temporary = secrets.token_urlsafe(12)
    user = create_user(
        session,
        email=email,
        display_name=display_name,
        role=role,
        password=temporary,
        now=now,
        iro_code=iro_code,
    )
    user.must_change_password = True
    # Every account added by a person (admin page) or an operator (CLI) is on the record.
    _audit_created(session, user, now=now, actor=actor)
    return user, temporary


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def list_users(session: Session) -> Sequence[User]:
    """Every account, active ones first, then by name."""
    return session.scalars(
        select(User).order_by(User.is_active.desc(), func.lower(User.display_name), User.id)
    ).all()


def authenticate(session: Session, email: str, password: str, *, now: datetime) -> SignInResult:
    """Check a password. Repeated failures are throttled by the caller, per client and per email
    whether or not it has an account, so nothing here counts them: a count kept on the account
    let anyone lock it, and showed which emails exist. A lock set by wrong codes is told only to
    someone who knows the password."""
    user = find_user(session, email)
    if user is None:
        _verify(_DUMMY_HASH, password)
        record_audit(session, actor=None, action="login_failed", now=now, object_type="user")
        return SignInResult(SignIn.REFUSED)
    if not _verify(user.password_hash, password) or not user.is_active:
        record_audit(
            session,
            actor=user,
            action="login_failed",
            now=now,
            object_type="user",
            object_id=user.id,
        )
        return SignInResult(SignIn.REFUSED)
    if user.locked_until is not None and user.locked_until > now:
        record_audit(
            session,
            actor=user,
            action="login_locked",
            now=now,
            object_type="user",
            object_id=user.id,
        )
        return SignInResult(SignIn.LOCKED)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return SignInResult(SignIn.OK, user)


def needs_second_factor(user: User) -> bool:
    return user.role in TOTP_REQUIRED_ROLES or user.totp_enabled


def start_totp_enrolment(user: User) -> str:
    """A new TOTP secret for an account that has none confirmed yet; returns its otpauth URI."""
    if user.totp_enabled:
        raise UserError("Two-step sign-in is already set up for this account.")
    if user.totp_secret is None:
        user.totp_secret = pyotp.random_base32()
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=TOTP_ISSUER)


def verify_totp(session: Session, user: User, code: str, *, now: datetime) -> bool:
    """Check a six-digit code (one step of clock drift allowed); each code works once."""
    code = code.strip().replace(" ", "")
    if user.totp_secret is None or not (code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(user.totp_secret)
    moment = now.replace(tzinfo=UTC)
    step = totp.timecode(moment)
    for candidate in (step, step - 1, step + 1):
        if candidate <= (user.totp_last_step or -1):
            continue
        if secrets.compare_digest(totp.generate_otp(candidate), code):
            user.totp_last_step = candidate
            if not user.totp_enabled:
                user.totp_enabled = True
                record_audit(
                    session,
                    actor=user,
                    action="totp_enrolled",
                    now=now,
                    object_type="user",
                    object_id=user.id,
                )
            return True
    return False


def check_second_factor(
    session: Session, user: User, code: str, *, now: datetime, policy: LockoutPolicy
) -> SignIn:
    """The code step of signing in: wrong codes lock the account (only someone with its password
    gets here), and signing in again does not reset their count; only a right code does."""
    if user.locked_until is not None and user.locked_until > now:
        return SignIn.LOCKED
    if verify_totp(session, user, code, now=now):
        user.failed_logins = 0
        return SignIn.OK
    user.failed_logins += 1
    if user.failed_logins >= policy.max_failures:
        user.locked_until = now + policy.lock_for
        user.failed_logins = 0
        record_audit(
            session,
            actor=user,
            action="account_locked",
            now=now,
            object_type="user",
            object_id=user.id,
        )
        return SignIn.LOCKED
    record_audit(
        session, actor=user, action="totp_failed", now=now, object_type="user", object_id=user.id
    )
    return SignIn.REFUSED


def change_password(session: Session, user: User, new_password: str, *, now: datetime) -> None:
    """The user's own new password; ends every session, so one an attacker holds stops working
    (the caller opens a fresh one for the browser the change was made in)."""
    check_password_rules(new_password)
    if _verify(user.password_hash, new_password):
        raise UserError("Choose a password different from the old one.")
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    revoke_user_sessions(session, user, now=now)
    record_audit(
        session,
        actor=user,
        action="password_changed",
        now=now,
        object_type="user",
        object_id=user.id,
    )


def reset_password(session: Session, user: User, *, now: datetime, actor: Actor | None) -> str:
    """An admin's reset: a one-time password the user must change, unlocked, signed out everywhere."""
    temporary = secrets.token_urlsafe(12)
    user.password_hash = hash_password(temporary)
    user.must_change_password = True
    user.failed_logins = 0
    user.locked_until = None
    revoke_user_sessions(session, user, now=now)
    record_audit(
        session,
        actor=actor,
        action="password_reset",
        now=now,
        object_type="user",
        object_id=user.id,
    )
    return temporary


def unlock(session: Session, user: User, *, now: datetime, actor: Actor | None) -> None:
    """An admin's unlock of a lock set by wrong codes (the caller clears the web throttle)."""
    user.failed_logins = 0
    user.locked_until = None
    record_audit(
        session, actor=actor, action="user_unlocked", now=now, object_type="user", object_id=user.id
    )


def reset_totp(session: Session, user: User, *, now: datetime, actor: Actor | None) -> None:
    """Forget the second factor (lost phone): the user sets it up again at the next sign-in."""
    user.totp_secret = None
    user.totp_enabled = False
    user.totp_last_step = None
    revoke_user_sessions(session, user, now=now)
    record_audit(
        session, actor=actor, action="totp_reset", now=now, object_type="user", object_id=user.id
    )


def set_active(
    session: Session, user: User, active: bool, *, now: datetime, actor: Actor | None
) -> None:
    """Disable (signing the user out everywhere) or re-enable an account; accounts are never deleted."""
    if actor is not None and actor.id == user.id and not active:
        raise UserError("You cannot disable your own account.")
    user.is_active = active
    if not active:
        revoke_user_sessions(session, user, now=now)
    record_audit(
        session,
        actor=actor,
        action="user_enabled" if active else "user_disabled",
        now=now,
        object_type="user",
        object_id=user.id,
    )


def revoke_user_sessions(session: Session, user: User, *, now: datetime) -> None:
    session.execute(
        update(StaffSession)
        .where(StaffSession.user_id == user.id, StaffSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def _verify(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
