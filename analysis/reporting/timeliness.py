"""Reviews held in timescale, and review reports written within 20 working days."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

import holidays
import numpy
from sqlalchemy import and_, case, func, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from analysis.reporting.figures import pct
from analysis.reporting.monthly import labelled_year_month
from analysis.reporting.periods import Period
from service.models import Review

REPORT_DUE_WORKING_DAYS = 20
# Within 20 calendar days is always within 20 working days; beyond 40 never is (even across
# Christmas). Only reports in between need the calendar of English working days.
_SURELY_ON_TIME_DAYS = 20
_SURELY_LATE_DAYS = 40


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
    year, month = labelled_year_month(Review.review_date)
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
