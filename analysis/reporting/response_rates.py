"""Response rates: invitations sent and how many were answered, by the month of the review."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement

from analysis.reporting.figures import pct
from analysis.reporting.filters import Filters, filter_responses
from analysis.reporting.monthly import grouped_by_month
from analysis.reporting.periods import Period
from analysis.reporting.rollups import SETTLE, ByMonth, Counted, counts_by_month
from service.models import (
    BotChat,
    Invitation,
    Response,
    ResponseStatus,
    Review,
    RollupFigure,
)
from service.questionnaires.bands import age_band_sql


@dataclass(frozen=True)
class RatePoint:
    month: date
    invitations: int
    responses: int  # answered, on any channel
    on_channel: int | None = None  # with a channel filter: answered on that channel

    @property
    def pct(self) -> float | None:
        return pct(self.responses, self.invitations)

    @property
    def channel_share(self) -> float | None:
        return None if self.on_channel is None else pct(self.on_channel, self.responses)


@dataclass(frozen=True)
class ResponseRates:
    """Invitations sent in the period and how many were answered, overall and by month."""

    invitations: int
    responses: int  # invitations answered, on any channel
    by_month: list[RatePoint]
    all_responses: int  # every submitted response in the period (on the filtered channel, if
    # any), open campaigns included
    on_channel: int | None = None  # with a channel filter: invitations answered on it

    @property
    def pct(self) -> float | None:
        return pct(self.responses, self.invitations)

    @property
    def channel_share(self) -> float | None:
        """With a channel filter, the share of answered invitations answered on that channel."""
        return None if self.on_channel is None else pct(self.on_channel, self.responses)


def response_rates(
    session: Session, filters: Filters, *, now: datetime | None = None
) -> ResponseRates:
    """Responses / invitations by the month of the review invited to (or of sending, if none).

    Invitations to reviews held in the period are found by reviews.review_date, invitations
    with no review by invitations.created_at, so each query is an index range. An invitation is
    used exactly when its response is sent, so the count of used invitations is the count of
    responses, read from the invitations index alone. Only a channel filter needs the responses
    themselves, counted by the review (or invitation) they answer.

    With `now`, and filters the monthly rollups hold (the period, questionnaire and roles),
    invitations in months closed by then are read from the rollups instead. Invitations have no
    channel, so with a channel filter only the responses on that channel are counted live.
    """
    if now is not None and not (filters.team or filters.iro or filters.age_band):
        invited, total = _rolled_up_rates(session, filters, now)
    else:
        invited = _by_review_month(session, filters, (func.count(), func.count(Invitation.used_at)))
        total = None
    on_channel: dict[date, tuple[int, ...]] | None = None
    if filters.channel:
        on_channel = _by_review_month(session, filters, (func.count(),), responses=True)
    if total is None or filters.channel:
        total = session.scalar(filter_responses(select(func.count(Response.id)), filters)) or 0
    points = [
        RatePoint(
            m,
            counts[0],
            counts[1],
            None if on_channel is None else on_channel.get(m, (0,))[0],
        )
        for m, counts in sorted(invited.items())
    ]
    return ResponseRates(
        invitations=sum(p.invitations for p in points),
        responses=sum(p.responses for p in points),
        by_month=points,
        all_responses=int(total),
        on_channel=None if on_channel is None else sum(p.on_channel or 0 for p in points),
    )


def _rolled_up_rates(
    session: Session, filters: Filters, now: datetime
) -> tuple[dict[date, tuple[int, ...]], int]:
    """Invited and used by month, and responses sent, from the rollups by questionnaire and role."""
    period = filters.period
    roles = {role.value for role in filters.roles}

    def wanted(key: tuple[str, ...]) -> bool:
        questionnaire, role = key
        return filters.questionnaire in (None, questionnaire) and (not roles or role in roles)

    invitations = counts_by_month(
        session, RollupFigure.INVITATIONS, count_invitations, period.start, period.end, now
    )
    invited: dict[date, tuple[int, ...]] = {}
    for month, counts in invitations.items():
        matching = [c for key, c in counts.items() if wanted(key)]
        if matching:
            invited[month] = (sum(c[0] for c in matching), sum(c[1] for c in matching))
    sent = counts_by_month(
        session, RollupFigure.SENT_RESPONSES, count_sent, period.start, period.end, now
    )
    total = sum(c[0] for counts in sent.values() for key, c in counts.items() if wanted(key))
    return invited, total


def count_invitations(session: Session, start: date, end: date, now: datetime) -> Counted:
    """Invitations and used ones by month, questionnaire and role; a month is unsettled while
    an invitation in it has not expired or a Telegram chat can still finish one."""
    chatting = _months_with_open_chats(session)  # before counting: a chat seen gone stays gone
    by_month: ByMonth = defaultdict(dict)
    last_expiry: dict[date, datetime] = {}
    counts = (func.count(), func.count(Invitation.used_at), func.max(Invitation.expires_at))
    by: tuple[Any, ...] = (Invitation.questionnaire_key, Invitation.role)
    for stmt in _review_month_statements(Filters(Period(start, end)), counts, by=by):
        for y, m, questionnaire, role, invited, used, expires in session.execute(stmt):
            month, key = date(int(y), int(m), 1), (str(questionnaire), str(role))
            before = by_month[month].get(key, (0, 0))
            by_month[month][key] = (before[0] + int(invited), before[1] + int(used))
            last_expiry[month] = max(expires, last_expiry.get(month, expires))
    expiring = {m for m, at in last_expiry.items() if at + SETTLE > now}
    return Counted(dict(by_month), frozenset(chatting | expiring))


def _months_with_open_chats(session: Session) -> set[date]:
    """Review (or sending) months of invitations whose response a Telegram chat is still
    filling in: the bot finishes it without looking at the expiry, so its month can change."""
    rows = session.execute(
        select(Review.review_date, Invitation.created_at)
        .select_from(BotChat)
        .join(Response, Response.id == BotChat.response_id)
        .join(Invitation, Invitation.id == Response.invitation_id)
        .outerjoin(Review, Review.id == Invitation.review_id)
        .where(Response.status == ResponseStatus.IN_PROGRESS)
    )
    return {(day or created.date()).replace(day=1) for day, created in rows}


def count_sent(session: Session, start: date, end: date, now: datetime) -> Counted:
    """Responses sent by month, questionnaire and role."""
    stmt = grouped_by_month(
        select().select_from(Response),
        Response.submitted_at,
        (func.count(),),
        by=(Response.questionnaire_key, Response.role),
    )
    by_month: ByMonth = defaultdict(dict)
    for y, m, questionnaire, role, n in session.execute(
        filter_responses(stmt, Filters(Period(start, end)))
    ):
        by_month[date(int(y), int(m), 1)][(str(questionnaire), str(role))] = (int(n),)
    return Counted(dict(by_month))


def _by_review_month(
    session: Session,
    filters: Filters,
    counts: tuple[ColumnElement[int], ...],
    *,
    responses: bool = False,
) -> dict[date, tuple[int, ...]]:
    """`counts` over invitations (or, with `responses`, over responses sent on the filtered
    channel), by the month of their review or, for invitations with no review, of sending."""
    by_month: dict[date, tuple[int, ...]] = {}
    for stmt in _review_month_statements(filters, counts, responses=responses):
        for y, m, *found in session.execute(stmt):
            month = date(int(y), int(m), 1)
            before = by_month.get(month, (0,) * len(counts))
            by_month[month] = tuple(b + int(n or 0) for b, n in zip(before, found, strict=True))
    return by_month


def _review_month_statements(
    filters: Filters,
    counts: tuple[ColumnElement[Any], ...],
    *,
    responses: bool = False,
    by: tuple[Any, ...] = (),
) -> list[Select[Any]]:
    """The grouped statements behind `_by_review_month`: invitations to reviews in the period,
    and (unless a filter needs a review) invitations with no review sent in it."""
    if responses:
        source = (
            select()
            .select_from(Response)
            .where(Response.status == ResponseStatus.SUBMITTED, Response.channel == filters.channel)
        )
        review_id, questionnaire, role = (
            Response.review_id,
            Response.questionnaire_key,
            Response.role,
        )
    else:
        source = select().select_from(Invitation)
        review_id, questionnaire, role = (
            Invitation.review_id,
            Invitation.questionnaire_key,
            Invitation.role,
        )
    if filters.questionnaire:
        source = source.where(questionnaire == filters.questionnaire)
    if filters.roles:
        source = source.where(role.in_(filters.roles))
    reviewed = (
        grouped_by_month(source, Review.review_date, counts, by=by)
        .join(Review, Review.id == review_id)
        .where(Review.review_date >= filters.period.start, Review.review_date < filters.period.end)
    )
    if filters.team:
        reviewed = reviewed.where(Review.team == filters.team)
    if filters.iro:
        reviewed = reviewed.where(Review.iro == filters.iro)
    if filters.age_band:
        reviewed = reviewed.where(age_band_sql(Review.age_at_review) == filters.age_band)
    statements = [reviewed]
    if not (filters.team or filters.iro or filters.age_band):  # these need a review
        unreviewed = grouped_by_month(source, Invitation.created_at, counts, by=by)
        if responses:
            unreviewed = unreviewed.join(Invitation, Invitation.id == Response.invitation_id)
        statements.append(
            unreviewed.where(
                Invitation.review_id.is_(None),
                Invitation.created_at >= filters.period.start_at,
                Invitation.created_at < filters.period.end_at,
            )
        )
    return statements
