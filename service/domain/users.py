"""Staff accounts: argon2-hashed passwords, one role each."""

from __future__ import annotations

from datetime import datetime

from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from service.models import StaffRole, User

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash; the password itself is never stored."""
    return _hasher.hash(password)


def create_user(
    session: Session,
    *,
    email: str,
    display_name: str,
    role: StaffRole,
    password: str,
    now: datetime,
    iro_code: str | None = None,
) -> User:
    """Add a member of staff; the caller commits."""
    user = User(
        email=email.strip().lower(),
        display_name=display_name,
        role=role,
        password_hash=hash_password(password),
        iro_code=iro_code,
        created_at=now,
    )
    session.add(user)
    session.flush()
    return user
