"""Reporting periods: a span of dates, and the council's reporting year (1 April to 31 March)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

# The longest period the dashboard shows, and so how far back the monthly rollups are kept.
LONGEST_PERIOD_DAYS = 366 * 5


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


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def is_full_month(month: date, period: Period, today: date | None = None) -> bool:
    """True when `period` covers the whole of `month` (its first day) and, given `today`, the
    month is over: only such months are compared with each other in a trend."""
    end = next_month(month)
    return month >= period.start and end <= period.end and (today is None or end <= today)
