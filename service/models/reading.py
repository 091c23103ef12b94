"""The reading queue: every child's words, and every worried answer, read by a named person."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.db import Base, utcnow
from service.models._types import str_enum
from service.models.enums import ReadingOutcome, StaffRole


class ReadingItem(Base):
    """One response (or addendum) a person must read, by when, and what they made of it.

    Never deleted, and never cleared by the service: only a person marks an item read."""

    __tablename__ = "reading_items"
    __table_args__ = (Index("ix_reading_items_read_due", "read_at", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), unique=True)
    # The named reader; None when routing found nobody (managers see it, and escalation tells them).
    reader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    reader_role: Mapped[StaffRole] = mapped_column(str_enum(StaffRole))
    # The screen's urgency: 0 urgent, 1 high, 2 none (the queue's order).
    urgency_rank: Mapped[int] = mapped_column(default=2)
    needs_interpreter: Mapped[bool] = mapped_column(default=False)
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    due_at: Mapped[datetime]
    reminded_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    read_at: Mapped[datetime | None]
    read_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[ReadingOutcome | None] = mapped_column(str_enum(ReadingOutcome))
    interpreted: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(64))  # "words", "worry", "words, worry"...
