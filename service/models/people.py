"""Children (pseudonymous) and staff users."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.db import Base, utcnow
from service.models._types import str_enum
from service.models.enums import StaffRole

if TYPE_CHECKING:
    from service.models.reviews import Review


# What a case reference becomes once carevoice no longer holds it: unique, and plainly not a
# council reference (the review import refuses references that start like these).
ERASED_REF_PREFIX = "erased-"  # erased at the child's request (subject_access.erase_child)
EXPIRED_REF_PREFIX = "expired-"  # past its retention period (retention.run_retention)
REMOVED_REF_PREFIXES = (ERASED_REF_PREFIX, EXPIRED_REF_PREFIX)


class Child(Base):
    """A child or care leaver, known to staff by a random code; the case reference never leaves the server."""

    __tablename__ = "children"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_ref: Mapped[str] = mapped_column(String(64), unique=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    language: Mapped[str] = mapped_column(String(16), default="en")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    erased_at: Mapped[datetime | None]

    reviews: Mapped[list[Review]] = relationship(
        back_populates="child", order_by="Review.review_date"
    )


class User(Base):
    """A member of staff who signs in to the staff pages."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[StaffRole] = mapped_column(str_enum(StaffRole))
    password_hash: Mapped[str] = mapped_column(String(255))
    iro_code: Mapped[str | None] = mapped_column(String(64), unique=True)
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled: Mapped[bool] = mapped_column(default=False)
    totp_last_step: Mapped[int | None]  # the last TOTP time step accepted: each code works once
    is_active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    must_change_password: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]


class StaffSession(Base):
    """A server-side staff login session: revoked at logout, so a copied cookie stops working."""

    __tablename__ = "staff_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]


class PendingSignIn(Base):
    """A password accepted and a code not yet given: held here, so the browser's cookie is only a
    random id, and it stops working once the code is given, the account locks or it expires."""

    __tablename__ = "pending_sign_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
