"""Invitations, open campaigns, responses and their answers."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.db import Base, utcnow
from service.models._types import NULLABLE_JSON, str_enum
from service.models.enums import Channel, ResponseStatus, Role

if TYPE_CHECKING:
    from service.models.reviews import Review


class Invitation(Base):
    """A one-use link for one person (child, carer, parent, care leaver); only the token's hash is kept."""

    __tablename__ = "invitations"
    __table_args__ = (
        # Covers response rates (invitations per review, how many were used, by questionnaire
        # and role) without reading the table: an index-only scan per review in the period.
        # `expires_at` tells the monthly rollups when a review month can no longer change.
        Index(
            "ix_invitations_review_id",
            "review_id",
            postgresql_include=["used_at", "questionnaire_key", "role", "expires_at"],
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id"))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    questionnaire_key: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(16), default="en")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    used_at: Mapped[datetime | None]
    code_issued_at: Mapped[datetime | None]
    # A letter's code can be printed again: the token is an HMAC of this under the secret key.
    token_seed: Mapped[str | None] = mapped_column(String(32))

    review: Mapped[Review | None] = relationship(back_populates="invitations")
    response: Mapped[Response | None] = relationship(back_populates="invitation")


class Campaign(Base):
    """An open link not tied to a person (Feedback Week, CiCC poll, event poster): anonymous by design."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32), default="feedback_week")
    questionnaire_key: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(16), default="en")
    opens_at: Mapped[datetime] = mapped_column(default=utcnow)
    closes_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Response(Base):
    """What one person said through one channel; at most one per invitation."""

    __tablename__ = "responses"
    __table_args__ = (
        Index("ix_responses_submitted_at_questionnaire", "submitted_at", "questionnaire_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitations.id"), unique=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"), index=True)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id"), index=True)
    child_id: Mapped[int | None] = mapped_column(ForeignKey("children.id"), index=True)
    questionnaire_key: Mapped[str] = mapped_column(String(64))
    questionnaire_version: Mapped[int]
    role: Mapped[Role] = mapped_column(str_enum(Role))
    age_band: Mapped[str | None] = mapped_column(String(8))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    language: Mapped[str] = mapped_column(String(16))
    status: Mapped[ResponseStatus] = mapped_column(
        str_enum(ResponseStatus), default=ResponseStatus.IN_PROGRESS
    )
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    adds_to_id: Mapped[int | None] = mapped_column(ForeignKey("responses.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]

    invitation: Mapped[Invitation | None] = relationship(back_populates="response")
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="Answer.id"
    )


class Answer(Base):
    """One answer; free text carries its analysis and the analyser version that made it.

    `submitted_at` copies the response's, set once when it is sent (a sent response never
    changes), so reports over a period read only that period's answers through an index
    instead of joining every answer ever given to its response.
    """

    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("response_id", "question_id"),
        Index(
            "ix_answers_question_submitted",
            "question_id",
            "submitted_at",
            postgresql_include=["value"],
        ),
        Index(
            "ix_answers_themed_submitted",
            "submitted_at",
            postgresql_where=text("themes IS NOT NULL"),
            sqlite_where=text("themes IS NOT NULL"),
        ),
        Index(
            "ix_answers_text_submitted",
            "submitted_at",
            postgresql_where=text("text IS NOT NULL"),
            sqlite_where=text("text IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(64))
    value: Mapped[str | None] = mapped_column(String(64))
    values: Mapped[list[str] | None] = mapped_column(NULLABLE_JSON)
    text: Mapped[str | None] = mapped_column(Text)
    sentiment: Mapped[float | None]
    sentiment_label: Mapped[str | None] = mapped_column(String(16))
    themes: Mapped[list[str] | None] = mapped_column(NULLABLE_JSON)
    safety: Mapped[dict[str, Any] | None] = mapped_column(NULLABLE_JSON)
    analyser_version: Mapped[str | None] = mapped_column(String(64))
    submitted_at: Mapped[datetime | None]

    response: Mapped[Response] = relationship(back_populates="answers")
