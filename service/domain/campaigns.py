"""Open campaigns: Feedback Weeks, event posters and Children in Care Council polls, answered anonymously."""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from service.domain.errors import DomainError
from service.domain.openness import Status, campaign_status
from service.models import Campaign, Response, ResponseStatus
from service.questionnaires import CAMPAIGN_QUESTIONNAIRES, UnknownQuestionnaire, get_questionnaire

CAMPAIGN_KINDS = ("feedback_week", "event", "cicc_poll")
TITLE_MAX = 200


class CampaignRefused(DomainError):
    """A campaign that cannot be made or changed as asked; the message says why, plainly."""


def campaign_url(public_base_url: str, code: str) -> str:
    """The campaign's public link (for posters and QR codes): nothing in it names anyone."""
    return f"{public_base_url.rstrip('/')}/c/{code}"


def kind_for(questionnaire_key: str) -> str:
    """The kind of campaign a questionnaire is used for (a Feedback Week, an event, a poll)."""
    by_questionnaire = {key: kind for kind, key in CAMPAIGN_QUESTIONNAIRES.items()}
    return by_questionnaire.get(questionnaire_key, "feedback_week")


def start_campaign(
    session: Session,
    *,
    title: str,
    questionnaire_key: str,
    now: datetime,
    language: str = "en",
    closes_at: datetime | None = None,
    created_by_id: int | None = None,
) -> Campaign:
    """Open a campaign as staff or the CLI ask for one: the title checked, the kind following from
    the questionnaire.

    :raises CampaignRefused: an empty or long title, a questionnaire that is not anonymous or
        does not exist, or a closing time already past.
    """
    title = " ".join(title.split())
    if not title or len(title) > TITLE_MAX:
        raise CampaignRefused(f"give the campaign a title of 1 to {TITLE_MAX} characters")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in title):
        raise CampaignRefused("the title has characters that cannot be shown; type it again")
    if closes_at is not None and closes_at <= now:
        raise CampaignRefused("the closing date must be in the future")
    try:
        return create_campaign(
            session,
            title=title,
            questionnaire_key=questionnaire_key,
            now=now,
            kind=kind_for(questionnaire_key),
            language=language,
            closes_at=closes_at,
            created_by_id=created_by_id,
        )
    except UnknownQuestionnaire:
        raise CampaignRefused(f"there is no questionnaire called {questionnaire_key!r}") from None
    except ValueError as refused:
        raise CampaignRefused(str(refused)) from None


def close_campaign(session: Session, code: str, now: datetime) -> Campaign:
    """Stop a campaign taking new answers from now (a person who began before may finish).

    :raises CampaignRefused: no campaign has that code, or it is closed already.
    """
    campaign = session.scalar(select(Campaign).where(Campaign.code == code))
    if campaign is None:
        raise CampaignRefused(f"no campaign has the code {code!r}")
    if campaign.closes_at is not None and campaign.closes_at <= now:
        raise CampaignRefused("that campaign is closed already")
    campaign.closes_at = now
    session.flush()
    return campaign


@dataclass(frozen=True)
class CampaignSummary:
    """A campaign as staff list it: what it asks and how many have answered."""

    code: str
    title: str
    questionnaire: str
    kind: str
    opens_at: datetime
    closes_at: datetime | None
    open: bool
    responses: int


def campaign_summaries(session: Session, now: datetime) -> list[CampaignSummary]:
    """Every campaign, newest first, with its count of sent answers."""
    sent = (
        select(Response.campaign_id, func.count().label("n"))
        .where(Response.campaign_id.is_not(None), Response.status == ResponseStatus.SUBMITTED)
        .group_by(Response.campaign_id)
        .subquery()
    )
    query = (
        select(Campaign, func.coalesce(sent.c.n, 0))
        .outerjoin(sent, sent.c.campaign_id == Campaign.id)
        .order_by(Campaign.opens_at.desc(), Campaign.id.desc())
    )
    return [
        CampaignSummary(
            code=campaign.code,
            title=campaign.title,
            questionnaire=campaign.questionnaire_key,
            kind=campaign.kind,
            opens_at=campaign.opens_at,
            closes_at=campaign.closes_at,
            open=campaign_status(campaign, now) is Status.OPEN,
            responses=int(count),
        )
        for campaign, count in session.execute(query)
    ]


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
