"""The append-only audit log and the "you said, we did" actions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.db import Base, utcnow
from service.models._types import NULLABLE_JSON


class AuditEvent(Base):
    """Every view of identifiable data and every change, for an auditor after an incident."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    actor_label: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str | None] = mapped_column(String(32))
    object_id: Mapped[str | None] = mapped_column(String(64))
    child_id: Mapped[int | None] = mapped_column(ForeignKey("children.id"), index=True)
    detail: Mapped[dict[str, Any] | None] = mapped_column(NULLABLE_JSON)


class Action(Base):
    """A "we did": something the council changed because of what children said."""

    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    you_said: Mapped[str] = mapped_column(Text)
    we_did: Mapped[str] = mapped_column(Text)
    theme_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]


class ActionRevision(Base):
    """One change to an action (recorded, edited, published, withdrawn, translated), with the
    words as they stood after it, who made it and when: the action's history."""

    __tablename__ = "action_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    change: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(16), default="en")
    you_said: Mapped[str] = mapped_column(Text)
    we_did: Mapped[str] = mapped_column(Text)
    theme_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class ActionTranslation(Base):
    """An action in one of the languages young people are offered, written by staff."""

    __tablename__ = "action_translations"

    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), primary_key=True)
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    you_said: Mapped[str] = mapped_column(Text)
    we_did: Mapped[str] = mapped_column(Text)


class ActionLink(Base):
    """Links an action to the responses that prompted it."""

    __tablename__ = "action_links"

    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), primary_key=True)
