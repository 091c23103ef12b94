"""Telegram chats and the update inbox: conversation state lives here, not in the bot process."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from service.db import Base, utcnow


class BotChat(Base):
    """One Telegram chat: its language, what it is answering, and where it got to."""

    __tablename__ = "bot_chats"

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    language: Mapped[str] = mapped_column(String(16), default="en")
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitations.id"))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    response_id: Mapped[int | None] = mapped_column(ForeignKey("responses.id"))
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    cicc_opt_in: Mapped[bool] = mapped_column(default=False)
    stopped: Mapped[bool] = mapped_column(default=False)
    blocked: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class BotUpdate(Base):
    """Every incoming update, stored before it is handled so a crash cannot lose it."""

    __tablename__ = "bot_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    # Attempts that failed only because Telegram or the database could not be reached: they
    # do not count towards setting an update aside.
    transient_failures: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    # The chat an update belongs to: a chat's updates are handled one at a time, in order.
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    # The lease: which worker is handling the update, and until when (renewed while it works);
    # once it has passed, another worker may take the update over.
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[datetime | None]

    __table_args__ = (
        # Only waiting updates are searched when claiming work, so only they are indexed.
        Index(
            "ix_bot_updates_waiting",
            "chat_id",
            "update_id",
            postgresql_where=text("processed_at IS NULL"),
            sqlite_where=text("processed_at IS NULL"),
        ),
    )
