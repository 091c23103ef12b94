"""Closed vocabularies stored as short strings (portable across SQLite and PostgreSQL)."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    """Who an invitation is for."""

    CHILD = "child"
    CARER = "carer"
    PARENT = "parent"
    CARE_LEAVER = "care_leaver"


class Channel(enum.StrEnum):
    WEB = "web"
    TELEGRAM = "telegram"


class ResponseStatus(enum.StrEnum):
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    # Words that came after, or apart from, a response (see `Response.adds_to_id`): read and
    # alerted on like any answer, never counted as a response.
    ADDENDUM = "addendum"


class StaffRole(enum.StrEnum):
    PARTICIPATION_OFFICER = "participation_officer"
    IRO = "iro"
    IRO_MANAGER = "iro_manager"
    SAFEGUARDING_LEAD = "safeguarding_lead"
    ADMIN = "admin"


class AlertStatus(enum.StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    ACTIONED = "actioned"
    CLOSED = "closed"


class Urgency(enum.StrEnum):
    URGENT = "urgent"
    HIGH = "high"


class ReadingOutcome(enum.StrEnum):
    """What a reader made of a child's words."""

    NO_ACTION = "no_action"
    FOLLOW_UP = "follow_up"
    ALERT_RAISED = "alert_raised"


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
