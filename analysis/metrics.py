"""Participation, timeliness, satisfaction, response-rate and theme figures, counted in the database.

Every figure is an aggregate query (GROUP BY in SQL), so the same code serves a demo on SQLite
and a region's million responses on PostgreSQL. Percentages are returned unrounded, 0 to 100;
display code rounds. Counts that leave the council are passed through `suppress`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any, TypeVar

import holidays
import numpy
from sqlalchemy import (
    Float,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement, Label

from analysis.monthly_rollups import SETTLE, ByMonth, Counted, LiveCount, counts_by_month
from service.domain.months import year_month
from service.models import (
    PARTICIPATION_CODES,
    Answer,
    BotChat,
    Channel,
    Child,
    Invitation,
    Response,
    ResponseStatus,
    Review,
    Role,
    RollupFigure,
)
from service.questionnaires import PREFER_NOT_SAY, all_questionnaires
from service.questionnaires.choices import FACES

_Stmt = TypeVar("_Stmt", bound=Select)  # type: ignore[type-arg]
SUPPRESS_BELOW = 5
NO_CODE = "none"  # reviews with no participation code recorded
REPORT_DUE_WORKING_DAYS = 20
# Within 20 calendar days is always within 20 working days; beyond 40 never is (even across
# Christmas). Only reports in between need the calendar of English working days.
_SURELY_ON_TIME_DAYS = 20
_SURELY_LATE_DAYS = 40
AGE_BANDS = ("under8", "8to12", "13plus")


# --- periods -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Dates from `start` up to, not including, `end`."""

    start: date
    end: date

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time.min)

    @property
    def end_at(self) -> datetime:
        return datetime.combine(self.end, time.min)


def reporting_year(year: int) -> Period:
    """The council's reporting year: 1 April `year` to 31 March of the next year."""
    return Period(date(year, 4, 1), date(year + 1, 4, 1))


def year_label(year: int) -> str:
    """2022 -> "2022/23", as the IRO report writes it."""
    return f"{year}/{(year + 1) % 100:02d}"


def reporting_year_of(day: date) -> int:
    """The reporting year a date falls in."""
    return day.year if day.month >= 4 else day.year - 1


def pct(part: int, whole: int) -> float | None:
    """part/whole as a percentage, unrounded; None when there is nothing to divide by."""
    return part * 100.0 / whole if whole else None


def suppress(count: int) -> str:
    """A count fit to publish: 1-4 become "fewer than 5" so no child can be recognised."""
    return f"fewer than {SUPPRESS_BELOW}" if 0 < count < SUPPRESS_BELOW else str(count)


def is_suppressed(count: int) -> bool:
    """True when a count (or anything computed from it) must not be published."""
    return 0 < count < SUPPRESS_BELOW


# --- participation (PN0-PN7) -------------------------------------------------------------------


@dataclass(frozen=True)
class Participation:
    """One reporting year's PN0-PN7 counts and the headline figures the IRO report quotes."""

    year: int
    by_code: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_code.values())

    @property
    def under4(self) -> int:
        return self.by_code["PN0"]

    @property
    def count_no_views(self) -> int:
        return self.by_code["PN7"]

    @property
    def unrecorded(self) -> int:
        return self.by_code[NO_CODE]

    @property
    def over4(self) -> int:
        """Reviews of children aged 4 or over, including those with no code recorded."""
        return self.total - self.under4

    @property
    def participated_excl_under4(self) -> int:
        """Unrecorded reviews count as not participating, as the council counts them."""
        return self.over4 - self.count_no_views - self.unrecorded

    @property
    def pct_participated_excl_under4(self) -> float | None:
        return pct(self.participated_excl_under4, self.over4)

    @property
    def pct_no_views_excl_under4(self) -> float | None:
        return pct(self.count_no_views, self.over4)

    @property
    def pct_attended_spoke(self) -> float | None:
        return pct(self.by_code["PN1"], self.total)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the IRO report's `participation` block."""
        return {
            "year": self.year,
            "label": year_label(self.year),
            "by_code": dict(self.by_code),
            "total": self.total,
            "pct_participated_excl_under4": self.pct_participated_excl_under4,
            "pct_no_views_excl_under4": self.pct_no_views_excl_under4,
            "count_no_views": self.count_no_views,
            "pct_attended_spoke": self.pct_attended_spoke,
        }


def _reporting_year_expr(column: Any) -> ColumnElement[int]:
    year, month = year_month(column)
    return case((month >= 4, year), else_=year - 1)


def participation_by_year(session: Session, years: list[int]) -> list[Participation]:
    """The PN0-PN7 table for each reporting year asked for, in one grouped query."""
    if not years:
        return []
    ry = _reporting_year_expr(Review.review_date).label("ry")
    rows = session.execute(
        select(ry, Review.participation_code, func.count())
        .where(
            Review.review_date >= reporting_year(min(years)).start,
            Review.review_date < reporting_year(max(years)).end,
        )
        .group_by(ry, Review.participation_code)
    ).all()
    counts: dict[int, dict[str, int]] = {
        y: {**dict.fromkeys(PARTICIPATION_CODES, 0), NO_CODE: 0} for y in years
    }
    for year, code, count in rows:
        if int(year) in counts:
            counts[int(year)][code or NO_CODE] += int(count)
    return [Participation(y, counts[y]) for y in sorted(years)]


# --- timeliness --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthCount:
    month: date  # first day of the month
    held: int
    in_timescale: int


@dataclass(frozen=True)
class Timeliness:
    """Reviews held, held within timescale, and review reports written within 20 working days."""

    held: int
    in_timescale: int
    reports_recorded: int
    reports_on_time: int
    by_month: list[MonthCount]

    @property
    def pct_in_timescale(self) -> float | None:
        return pct(self.in_timescale, self.held)

    @property
    def pct_reports_on_time(self) -> float | None:
        return pct(self.reports_on_time, self.reports_recorded)

    def to_dict(self) -> dict[str, Any]:
        return {
            "held": self.held,
            "in_timescale": self.in_timescale,
            "pct_in_timescale": self.pct_in_timescale,
            "reports_recorded": self.reports_recorded,
            "reports_within_20_working_days": self.reports_on_time,
            "pct_reports_within_20_working_days": self.pct_reports_on_time,
            "by_month": [
                {"month": m.month.isoformat()[:7], "held": m.held, "in_timescale": m.in_timescale}
                for m in self.by_month
            ],
        }


def _days_after(session: Session, later: Any, earlier: Any) -> ColumnElement[Any]:
    if session.get_bind().dialect.name == "sqlite":
        days: ColumnElement[Any] = func.julianday(later) - func.julianday(earlier)
    else:
        days = later - earlier  # PostgreSQL: date - date is a whole number of days
    return days


def timeliness(session: Session, period: Period) -> Timeliness:
    """Reviews held in `period` by month, with how many were on time."""
    year, month = _labelled_year_month(Review.review_date)
    on_time = case((Review.held_in_timescale.is_(true()), 1), else_=0)
    report_days = _days_after(session, Review.report_completed, Review.review_date)
    report_ok = case(
        (and_(Review.report_completed.is_not(None), report_days <= _SURELY_ON_TIME_DAYS), 1),
        else_=0,
    )
    rows = session.execute(
        select(
            year,
            month,
            func.count(),
            func.sum(on_time),
            func.count(Review.report_completed),
            func.sum(report_ok),
        )
        .where(Review.review_date >= period.start, Review.review_date < period.end)
        .group_by(year, month)
        .order_by(year, month)
    ).all()
    by_month = [
        MonthCount(date(int(y), int(m), 1), int(n), int(t or 0)) for y, m, n, t, _, _ in rows
    ]
    borderline = session.execute(
        select(Review.review_date, Review.report_completed).where(
            Review.review_date >= period.start,
            Review.review_date < period.end,
            Review.report_completed.is_not(None),
            report_days > _SURELY_ON_TIME_DAYS,
            report_days <= _SURELY_LATE_DAYS,
        )
    ).all()
    return Timeliness(
        held=sum(m.held for m in by_month),
        in_timescale=sum(m.in_timescale for m in by_month),
        reports_recorded=sum(int(r[4] or 0) for r in rows),
        reports_on_time=sum(int(r[5] or 0) for r in rows)
        + _on_time_count([(held, done) for held, done in borderline]),
        by_month=by_month,
    )


def _on_time_count(pairs: Sequence[tuple[date, date | None]]) -> int:
    """How many (review date, report date) pairs are within 20 working days."""
    return len(
        [
            held
            for held, done in pairs
            if done is not None and working_days_after(held, done) <= REPORT_DUE_WORKING_DAYS
        ]
    )


def working_days_after(start: date, end: date) -> int:
    """Working days in England after `start` up to and including `end` (weekends and bank
    holidays excluded), as "report within 20 working days of the review" counts them."""
    if end <= start:
        return 0
    bank_holidays = _english_bank_holidays(start.year, end.year)
    return int(
        numpy.busday_count(
            start + timedelta(days=1), end + timedelta(days=1), holidays=bank_holidays
        )
    )


@cache
def _english_bank_holidays(first_year: int, last_year: int) -> list[date]:
    years = range(first_year, last_year + 1)
    return sorted(holidays.country_holidays("GB", subdiv="ENG", years=years))


@dataclass(frozen=True)
class Caseloads:
    """Children each IRO reviewed in the period (the report's "average IRO caseload")."""

    by_iro: dict[str, int]

    @property
    def average(self) -> float | None:
        return sum(self.by_iro.values()) / len(self.by_iro) if self.by_iro else None

    def to_dict(self) -> dict[str, Any]:
        counts = list(self.by_iro.values())
        return {
            "by_iro": dict(self.by_iro),
            "average": self.average,
            "min": min(counts) if counts else None,
            "max": max(counts) if counts else None,
        }


def iro_caseloads(session: Session, period: Period) -> Caseloads:
    """Distinct children whose reviews each IRO chaired in `period`."""
    rows = session.execute(
        select(Review.iro, func.count(func.distinct(Review.child_id)))
        .where(Review.review_date >= period.start, Review.review_date < period.end)
        .group_by(Review.iro)
        .order_by(Review.iro)
    )
    return Caseloads({str(iro): int(n) for iro, n in rows})


# --- feedback: filters ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What the officer narrowed the dashboard to; None means "all"."""

    period: Period
    team: str | None = None
    iro: str | None = None
    age_band: str | None = None
    channel: Channel | None = None
    questionnaire: str | None = None
    roles: tuple[Role, ...] = ()

    def as_query(self) -> dict[str, str]:
        """The filters as URL query parameters (never anything about a child)."""
        values = {
            "from": self.period.start.isoformat(),
            "to": (self.period.end - timedelta(days=1)).isoformat(),
            "team": self.team,
            "iro": self.iro,
            "age_band": self.age_band,
            "channel": self.channel.value if self.channel else None,
            "questionnaire": self.questionnaire,
        }
        return {k: v for k, v in values.items() if v}


def _age_band_of(age: Any) -> ColumnElement[str | None]:
    return case(
        (age.is_(None), literal(None)),
        (age < 8, literal("under8")),
        (age <= 12, literal("8to12")),
        else_=literal("13plus"),
    )


def filter_responses(stmt: _Stmt, filters: Filters) -> _Stmt:
    """Submitted responses in the period matching the filters (joins reviews only when needed)."""
    stmt = stmt.where(
        Response.status == ResponseStatus.SUBMITTED,
        Response.submitted_at >= filters.period.start_at,
        Response.submitted_at < filters.period.end_at,
    )
    return _narrow(stmt, filters)


def filter_answers(stmt: _Stmt, filters: Filters, *, responses_joined: bool = False) -> _Stmt:
    """Answers sent in the period whose responses match the filters.

    The period is read from the answers' own copy of `submitted_at` (through an index); the
    responses are joined only when a filter or the caller needs them.
    """
    stmt = stmt.where(
        Answer.submitted_at >= filters.period.start_at,
        Answer.submitted_at < filters.period.end_at,
    )
    if not (responses_joined or _needs_responses(filters)):
        return stmt
    if not responses_joined:
        stmt = stmt.join(Response, Response.id == Answer.response_id)
    return filter_responses(stmt, filters)


def _needs_responses(filters: Filters) -> bool:
    """Every filter but the period is about the responses (or their reviews)."""
    return filters != Filters(filters.period)


def _narrow(stmt: _Stmt, filters: Filters) -> _Stmt:
    """The filters other than the period, on a statement that has the responses."""
    if filters.team or filters.iro:
        stmt = stmt.join(Review, Review.id == Response.review_id)
        if filters.team:
            stmt = stmt.where(Review.team == filters.team)
        if filters.iro:
            stmt = stmt.where(Review.iro == filters.iro)
    if filters.age_band:
        stmt = stmt.where(Response.age_band == filters.age_band)
    if filters.channel:
        stmt = stmt.where(Response.channel == filters.channel)
    if filters.questionnaire:
        stmt = stmt.where(Response.questionnaire_key == filters.questionnaire)
    if filters.roles:
        stmt = stmt.where(Response.role.in_(filters.roles))
    return stmt


# --- response rates ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RatePoint:
    month: date
    invitations: int
    responses: int

    @property
    def pct(self) -> float | None:
        return pct(self.responses, self.invitations)


@dataclass(frozen=True)
class ResponseRates:
    """Invitations sent in the period and how many were answered, overall and by month."""

    invitations: int
    responses: int
    by_month: list[RatePoint]
    all_responses: int  # every submitted response in the period, open campaigns included

    @property
    def pct(self) -> float | None:
        return pct(self.responses, self.invitations)


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
    if filters.channel:
        on_channel = _by_review_month(session, filters, (func.count(),), responses=True)
        invited = {m: (counts[0], on_channel.get(m, (0,))[0]) for m, counts in invited.items()}
    if total is None or filters.channel:
        total = session.scalar(filter_responses(select(func.count(Response.id)), filters)) or 0
    points = [RatePoint(m, counts[0], counts[1]) for m, counts in sorted(invited.items())]
    return ResponseRates(
        invitations=sum(p.invitations for p in points),
        responses=sum(p.responses for p in points),
        by_month=points,
        all_responses=int(total),
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
        session, RollupFigure.INVITATIONS, _count_invitations, period.start, period.end, now
    )
    invited: dict[date, tuple[int, ...]] = {}
    for month, counts in invitations.items():
        matching = [c for key, c in counts.items() if wanted(key)]
        if matching:
            invited[month] = (sum(c[0] for c in matching), sum(c[1] for c in matching))
    sent = counts_by_month(
        session, RollupFigure.SENT_RESPONSES, _count_sent, period.start, period.end, now
    )
    total = sum(c[0] for counts in sent.values() for key, c in counts.items() if wanted(key))
    return invited, total


def _count_invitations(session: Session, start: date, end: date, now: datetime) -> Counted:
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


def _count_sent(session: Session, start: date, end: date, now: datetime) -> Counted:
    """Responses sent by month, questionnaire and role."""
    stmt = _monthly(
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
        _monthly(source, Review.review_date, counts, by=by)
        .join(Review, Review.id == review_id)
        .where(Review.review_date >= filters.period.start, Review.review_date < filters.period.end)
    )
    if filters.team:
        reviewed = reviewed.where(Review.team == filters.team)
    if filters.iro:
        reviewed = reviewed.where(Review.iro == filters.iro)
    if filters.age_band:
        reviewed = reviewed.where(_age_band_of(Review.age_at_review) == filters.age_band)
    statements = [reviewed]
    if not (filters.team or filters.iro or filters.age_band):  # these need a review
        unreviewed = _monthly(source, Invitation.created_at, counts, by=by)
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


def _labelled_year_month(column: Any) -> tuple[Label[int], Label[int]]:
    """Year and month of `column`, labelled for a statement grouped by month."""
    year, month = year_month(column)
    return year.label("y"), month.label("m")


def _monthly(
    source: Select[Any],
    when: Any,
    counts: tuple[ColumnElement[Any], ...],
    *,
    by: tuple[Any, ...] = (),
) -> Select[Any]:
    year, month = _labelled_year_month(when)
    return source.add_columns(year, month, *by, *counts).group_by(year, month, *by)


# --- satisfaction indicators -----------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorSpec:
    question_id: str
    title: str
    kind: str  # "yes" (share answering yes) or "face" (distribution of the face scale)


INDICATORS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec("spoke_to_iro", "Spoke to their IRO before the review", "yes"),
    IndicatorSpec("felt_involved", "Felt involved in their review", "yes"),
    IndicatorSpec("review_rating", "How the review went (face scale)", "face"),
)
FACE_ORDER = tuple(c.key for c in FACES)
FACE_LABELS = {c.key: c.label for c in FACES}
FACE_SCORES = {c.key: c.score or 0 for c in FACES}


@dataclass(frozen=True)
class IndicatorPoint:
    month: date
    n: int
    value: float | None


@dataclass
class Indicator:
    """One satisfaction indicator: answers by choice, its n (excluding "rather not say") and a trend."""

    spec: IndicatorSpec
    counts: dict[str, int] = field(default_factory=dict)
    declined: int = 0
    trend: list[IndicatorPoint] = field(default_factory=list)

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    @property
    def value(self) -> float | None:
        """% yes for yes/no questions; % good or really good for the face scale."""
        return _indicator_value(self.spec, self.counts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question_id": self.spec.question_id,
            "title": self.spec.title,
            "kind": self.spec.kind,
            "n": self.n,
            "pct": self.value,
            "counts": dict(self.counts),
            "declined": self.declined,
            "trend": [
                {"month": p.month.isoformat()[:7], "n": p.n, "pct": p.value} for p in self.trend
            ],
        }


def _indicator_value(spec: IndicatorSpec, counts: dict[str, int]) -> float | None:
    n = sum(counts.values())
    if spec.kind == "yes":
        return pct(counts.get("yes", 0), n)
    return pct(counts.get("very_happy", 0) + counts.get("happy", 0), n)


def indicators(
    session: Session, filters: Filters, *, now: datetime | None = None
) -> list[Indicator]:
    """Each indicator with its counts and a month-by-month trend, from one grouped query.

    With `now` and no filter but the period, months closed by then are read from the monthly
    rollups instead.
    """
    if now is not None and not _needs_responses(filters):
        period = filters.period
        monthly = counts_by_month(
            session, RollupFigure.ANSWER_VALUES, _count_answer_values, period.start, period.end, now
        )
    else:
        monthly = _answer_values_by_month(session, filters)
    result = {spec.question_id: Indicator(spec) for spec in INDICATORS}
    for month, counts in sorted(monthly.items()):
        chosen: dict[str, dict[str, int]] = defaultdict(dict)
        for (question_id, value), (count,) in sorted(counts.items()):
            indicator = result[question_id]
            if value == PREFER_NOT_SAY:
                indicator.declined += count
                continue
            indicator.counts[value] = indicator.counts.get(value, 0) + count
            chosen[question_id][value] = count
        for question_id, by_value in chosen.items():
            spec = result[question_id].spec
            point = IndicatorPoint(month, sum(by_value.values()), _indicator_value(spec, by_value))
            result[question_id].trend.append(point)
    return list(result.values())


def _answer_values_by_month(session: Session, filters: Filters) -> ByMonth:
    """Answers to the indicator questions by month, question and value."""
    wanted = [spec.question_id for spec in INDICATORS]
    year, month = _labelled_year_month(Answer.submitted_at)
    stmt = (
        select(year, month, Answer.question_id, Answer.value, func.count())
        .select_from(Answer)
        .where(Answer.question_id.in_(wanted), Answer.value.is_not(None))
        .group_by(year, month, Answer.question_id, Answer.value)
    )
    by_month: ByMonth = defaultdict(dict)
    for y, m, question_id, value, count in session.execute(filter_answers(stmt, filters)):
        by_month[date(int(y), int(m), 1)][(str(question_id), str(value))] = (int(count),)
    return dict(by_month)


def _count_answer_values(session: Session, start: date, end: date, now: datetime) -> Counted:
    return Counted(_answer_values_by_month(session, Filters(Period(start, end))))


# Each rolled-up figure, counted live over a range of days: what the rollups store and are
# checked against.
ROLLUP_COUNTS: dict[RollupFigure, LiveCount] = {
    RollupFigure.ANSWER_VALUES: _count_answer_values,
    RollupFigure.SENT_RESPONSES: _count_sent,
    RollupFigure.INVITATIONS: _count_invitations,
}


# --- themes --------------------------------------------------------------------------------------


def theme_elements(session: Session) -> Any:
    """A table-valued function that turns answers.themes (a JSON list) into rows."""
    if session.get_bind().dialect.name == "postgresql":
        return func.json_array_elements_text(Answer.themes).table_valued("value")
    return func.json_each(Answer.themes).table_valued("value")


@dataclass
class ThemeFigures:
    """How often a theme came up, and how people felt when they raised it."""

    theme_id: str
    count: int = 0
    sentiment_sum: float = 0.0
    by_label: dict[str, int] = field(default_factory=dict)

    @property
    def mean_sentiment(self) -> float | None:
        return self.sentiment_sum / self.count if self.count else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "theme": self.theme_id,
            "count": self.count,
            "mean_sentiment": self.mean_sentiment,
            "by_label": dict(self.by_label),
        }


def theme_figures(session: Session, filters: Filters) -> list[ThemeFigures]:
    """Comments per theme with their sentiment, most mentioned first."""
    elements = theme_elements(session)
    stmt = (
        select(
            elements.c.value,
            Answer.sentiment_label,
            func.count(),
            func.sum(cast(func.coalesce(Answer.sentiment, 0.0), Float)),
        )
        .select_from(Answer)
        .join(elements, true())
        .where(Answer.themes.is_not(None))
        .group_by(elements.c.value, Answer.sentiment_label)
    )
    figures: dict[str, ThemeFigures] = {}
    for theme_id, label, count, total in session.execute(filter_answers(stmt, filters)):
        item = figures.setdefault(str(theme_id), ThemeFigures(str(theme_id)))
        item.count += int(count)
        item.sentiment_sum += float(total or 0.0)
        key = label or "neutral"
        item.by_label[key] = item.by_label.get(key, 0) + int(count)
    return sorted(figures.values(), key=lambda f: (-f.count, f.theme_id))


@dataclass(frozen=True)
class Comment:
    """A free-text comment as staff see it: the child's pseudonymous code, never a name."""

    response_id: int
    submitted_at: datetime
    child_code: str | None
    role: str
    text: str
    label: str | None
    themes: tuple[str, ...]


EXAMPLE_SCAN = 5000


def theme_examples(
    session: Session, filters: Filters, theme_ids: Sequence[str], per_theme: int = 3
) -> dict[str, list[Comment]]:
    """The newest comments on each theme that did not trip the safety screen, in one pass.

    Themed comments are read newest first until every theme has its examples, or at most
    EXAMPLE_SCAN of them: a council's year is well within that; at a region's scale a very
    rare theme shows its count without examples instead of costing a walk through the whole
    period for each theme.
    """
    examples: dict[str, list[Comment]] = {theme_id: [] for theme_id in theme_ids}
    still_wanted = set(examples)
    if not still_wanted:
        return examples
    stmt = (
        select(
            Response.id,
            Answer.submitted_at,
            Child.code,
            Response.role,
            Answer.text,
            Answer.sentiment_label,
            Answer.themes,
            Answer.safety,
        )
        .select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
        .outerjoin(Child, Child.id == Response.child_id)
        .where(Answer.themes.is_not(None), Answer.text.is_not(None))
        .order_by(Answer.submitted_at.desc(), Answer.id.desc())
        .limit(EXAMPLE_SCAN)
    )
    rows = session.execute(
        filter_answers(stmt, filters, responses_joined=True).execution_options(yield_per=200)
    )
    for rid, at, code, role, text, label, themes, safety in rows:
        if (safety or {}).get("flag"):
            continue
        comment = Comment(int(rid), at, code, str(role), str(text), label, tuple(themes or ()))
        for theme_id in still_wanted.intersection(comment.themes):
            examples[theme_id].append(comment)
            if len(examples[theme_id]) >= per_theme:
                still_wanted.discard(theme_id)
        if not still_wanted:
            break
    rows.close()
    return examples


def unthemed_texts(session: Session, filters: Filters, limit: int = 2000) -> list[str]:
    """Recent comments that fit no theme, for naming emerging themes."""
    stmt = (
        select(Answer.text)
        .select_from(Answer)
        .where(Answer.text.is_not(None))
        .where(or_(Answer.themes.is_(None), func.json_array_length(Answer.themes) == 0))
        .order_by(Answer.submitted_at.desc())
        .limit(limit)
    )
    return [str(t) for t in session.scalars(filter_answers(stmt, filters)) if t]


def filter_options(session: Session) -> dict[str, list[str]]:
    """Teams and IROs that appear on reviews, and the questionnaires, for the drop-downs."""
    return {
        "team": _distinct_values(session, Review.team),
        "iro": _distinct_values(session, Review.iro),
        "questionnaire": [q.key for q in all_questionnaires()],
    }


def _distinct_values(session: Session, column: Any) -> list[str]:
    """A column's distinct values in order, found by stepping through its index from one
    value to the next (a few hundred probes) instead of reading every row."""
    walk = select(select(func.min(column)).scalar_subquery().label("value")).cte(
        "walk", recursive=True
    )
    step = select(select(func.min(column)).where(column > walk.c.value).scalar_subquery())
    walk = walk.union_all(step.where(walk.c.value.is_not(None)))
    return [str(v) for v in session.scalars(select(walk.c.value).where(walk.c.value.is_not(None)))]


__all__ = [
    "AGE_BANDS",
    "FACE_LABELS",
    "FACE_ORDER",
    "FACE_SCORES",
    "INDICATORS",
    "NO_CODE",
    "ROLLUP_COUNTS",
    "Comment",
    "Filters",
    "Indicator",
    "Participation",
    "Period",
    "ResponseRates",
    "ThemeFigures",
    "Timeliness",
    "comment_candidates",
    "filter_options",
    "indicators",
    "is_suppressed",
    "participation_by_year",
    "pct",
    "reporting_year",
    "reporting_year_of",
    "response_rates",
    "suppress",
    "theme_examples",
    "theme_figures",
    "timeliness",
    "unthemed_texts",
    "year_label",
]


def comment_candidates(
    session: Session, filters: Filters, theme_id: str | None = None, limit: int = 200
) -> list[tuple[str, dict[str, Any] | None]]:
    """Recent free-text comments (optionally on one theme) with their safety result, for quoting."""
    stmt = (
        select(Answer.text, Answer.safety)
        .select_from(Answer)
        .where(Answer.text.is_not(None))
        .order_by(Answer.submitted_at.desc(), Answer.id.desc())
        .limit(limit)
    )
    if theme_id is not None:
        elements = theme_elements(session)
        stmt = stmt.join(elements, true()).where(elements.c.value == theme_id)
    return [(str(t), s) for t, s in session.execute(filter_answers(stmt, filters))]
