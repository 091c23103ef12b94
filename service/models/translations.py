"""A council's sign-off of one language's translations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from service.db import Base, utcnow


class TranslationReview(Base):
    """Someone the council trusts checked a catalogue: who, when, and which version of it (a
    digest of its translations, so a string changed later is not covered)."""

    __tablename__ = "translation_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    language: Mapped[str] = mapped_column(String(16), index=True)
    digest: Mapped[str] = mapped_column(String(64))
    strings: Mapped[int]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewer: Mapped[str] = mapped_column(String(254))
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow)
