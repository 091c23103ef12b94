"""Open campaigns: Feedback Weeks, event posters and Children in Care Council polls, answered anonymously."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from service.domain.openness import Status, campaign_status
from service.models import Campaign
from service.questionnaires import get_questionnaire

CAMPAIGN_KINDS = ("feedback_week", "event", "cicc_poll")


def create_campaign(
    session: Session,
    *,
    title: str,
    questionnaire_key: str,
    now: datetime,
    kind: str = "feedback_week",
    language: str = "en",
    closes_at: datetime | None = None,
    created_by_id: int | None = None,
) -> Campaign:
    """Open a new campaign with a random public code for its link and poster QR code."""
    if kind not in CAMPAIGN_KINDS:
        raise ValueError(f"kind must be one of {', '.join(CAMPAIGN_KINDS)}")
    questionnaire = get_questionnaire(questionnaire_key)
    if not questionnaire.anonymous:
        raise ValueError("campaigns use anonymous questionnaires only")
    campaign = Campaign(
        code=secrets.token_urlsafe(8),
        title=title,
        kind=kind,
        questionnaire_key=questionnaire.key,
        language=language,
        opens_at=now,
        closes_at=closes_at,
        created_by_id=created_by_id,
        created_at=now,
    )
    session.add(campaign)
    session.flush()
    return campaign


def find_open_campaign(session: Session, code: str, now: datetime) -> Campaign | None:
    """The campaign behind a public code, if it is open now."""
    campaign = session.scalar(select(Campaign).where(Campaign.code == code))
    if campaign is None or campaign_status(campaign, now) is not Status.OPEN:
        return None
    return campaign


def open_campaigns(session: Session, now: datetime) -> list[Campaign]:
    """Campaigns open now, newest first (offered by the bot's plain /start)."""
    query = (
        select(Campaign)
        .where(Campaign.opens_at <= now)
        .where(or_(Campaign.closes_at.is_(None), Campaign.closes_at > now))
        .order_by(Campaign.opens_at.desc(), Campaign.id.desc())
    )
    return list(session.scalars(query))
