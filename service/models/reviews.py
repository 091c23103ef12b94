"""Statutory CLA reviews, as imported from the council's case system."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.db import Base, utcnow

if TYPE_CHECKING:
    from service.models.feedback import Invitation
    from service.models.people import Child

PARTICIPATION_CODES = ("PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")


class Review(Base):
    """One looked-after child's review; a child and a date identify it."""

    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("child_id", "review_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    review_date: Mapped[date] = mapped_column(index=True)
    iro: Mapped[str] = mapped_column(String(64), index=True)
    team: Mapped[str] = mapped_column(String(64), index=True)
    participation_code: Mapped[str | None] = mapped_column(String(3))
    held_in_timescale: Mapped[bool | None]
    report_completed: Mapped[date | None]
    age_at_review: Mapped[int | None]
    language: Mapped[str | None] = mapped_column(String(16))
    carer_language: Mapped[str | None] = mapped_column(String(16))  # English when unknown
    parent_language: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    child: Mapped[Child] = relationship(back_populates="reviews")
    invitations: Mapped[list[Invitation]] = relationship(back_populates="review")
