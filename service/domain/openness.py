"""The one rule for what may still be answered, in Python and as SQL.

An invitation is open to a person who began answering before it expired and while nobody had
sent it; a campaign, to one who began while it was open. A child who began in time may finish.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BindParameter, ColumnElement, and_

from service.models import Campaign, Invitation


class Status(enum.StrEnum):
    OPEN = "open"
    ANSWERED = "answered"  # sent already, through this channel or another
    CLOSED = "closed"  # unknown, expired or closed: indistinguishable on purpose


def invitation_status(invitation: Invitation, began_at: datetime) -> Status:
    """Whether a person who began at `began_at` may answer this invitation."""
    return invitation_status_of(invitation.used_at, invitation.expires_at, began_at)


def invitation_status_of(
    used_at: datetime | None, expires_at: datetime, began_at: datetime
) -> Status:
    """`invitation_status` from an invitation's columns (read without loading the invitation)."""
    if used_at is not None:
        return Status.ANSWERED
    return Status.OPEN if expires_at > began_at else Status.CLOSED


def invitation_open_sql(began_at: BindParameter[datetime]) -> ColumnElement[bool]:
    """`invitation_status(...) is OPEN`, worked out by the database (for a one-statement claim)."""
    return and_(Invitation.used_at.is_(None), Invitation.expires_at > began_at)


def campaign_status(campaign: Campaign, began_at: datetime) -> Status:
    """Whether a person who began at `began_at` may answer this campaign."""
    closes = campaign.closes_at
    if campaign.opens_at <= began_at and (closes is None or closes > began_at):
        return Status.OPEN
    return Status.CLOSED
