"""Monthly rollups, read: a long period's closed months from stored counts, the rest counted live.

Five years of dashboard figures read over a million index entries each; most of those months
can no longer change. A figure's counts for such a month are stored by the rollup refresh
(analysis.reporting.rollup_refresh, which `carevoice worker` runs every round) and read back
here while the month's generation is unchanged. A write that changes a closed month after the
fact bumps that generation in its own transaction (service/domain/rollup_invalidation.py), so
the stored counts stop matching.

Reading never writes. A month whose counts are not stored, or were stored before a write
changed it, is counted live with the rest of the period: the figures are the same either way,
only slower until the next refresh stores that month.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from service.domain.months import next_month
from service.models import MonthBasis, MonthlyRollup, RollupFigure, RollupGeneration

# A month is closed once it ended this long ago: every transaction that stamped a time in it
# has committed by then.
SETTLE = timedelta(days=1)

Key = tuple[str, ...]
MonthCounts = dict[Key, tuple[int, ...]]
ByMonth = dict[date, MonthCounts]


@dataclass(frozen=True)
class Counted:
    """Live counts by month over a range of days, and the months in it that may still change."""

    by_month: ByMonth
    unsettled: frozenset[date] = field(default_factory=frozenset)


# (session, first day, day after the last, now) -> the figure counted live over those days
LiveCount = Callable[[Session, date, date, datetime], Counted]


def closed_months(start: date, end: date, now: datetime) -> list[date]:
    """Whole months within [start, end) that ended at least SETTLE before `now`."""
    month = start if start.day == 1 else next_month(start)
    months = []
    while (
        next_month(month) <= end and datetime.combine(next_month(month), time.min) + SETTLE <= now
    ):
        months.append(month)
        month = next_month(month)
    return months


def counts_by_month(
    session: Session,
    figure: RollupFigure,
    count: LiveCount,
    start: date,
    end: date,
    now: datetime,
) -> ByMonth:
    """`figure` by month over [start, end): closed months from their current stored counts, the
    rest from `count`. Writes nothing."""
    stored = current_counts(session, figure, closed_months(start, end, now))
    counted: ByMonth = {}
    for gap_start, gap_end in gaps(start, end, stored):
        counted.update(count(session, gap_start, gap_end, now).by_month)
    return {**stored, **counted}


def current_counts(session: Session, figure: RollupFigure, months: Iterable[date]) -> ByMonth:
    """Stored counts from the first to the last of `months` whose generation is still the
    current one, read in one statement (so from one snapshot)."""
    months = sorted(months)
    if not months:
        return {}
    current = func.coalesce(RollupGeneration.generation, 0)
    rows = session.execute(
        select(MonthlyRollup.month, MonthlyRollup.counts)
        .outerjoin(
            RollupGeneration,
            and_(
                RollupGeneration.basis == figure.basis,
                RollupGeneration.month == MonthlyRollup.month,
            ),
        )
        .where(
            MonthlyRollup.figure == figure,
            MonthlyRollup.month >= months[0],
            MonthlyRollup.month <= months[-1],
            MonthlyRollup.generation == current,
        )
    )
    return {month: decode_counts(counts) for month, counts in rows}


def current_generations(session: Session, basis: MonthBasis, months: list[date]) -> dict[date, int]:
    """Each month's generation (0 if it was never invalidated)."""
    if not months:
        return {}
    rows = session.execute(
        select(RollupGeneration.month, RollupGeneration.generation).where(
            RollupGeneration.basis == basis,
            RollupGeneration.month >= months[0],
            RollupGeneration.month <= months[-1],
        )
    )
    found = {month: int(generation) for month, generation in rows}
    return {month: found.get(month, 0) for month in months}


def stored_counts(
    session: Session, figure: RollupFigure, generations: Mapping[date, int]
) -> ByMonth:
    """Stored counts of the months given whose generation is the one given for them."""
    if not generations:
        return {}
    rows = session.execute(
        select(MonthlyRollup.month, MonthlyRollup.generation, MonthlyRollup.counts).where(
            MonthlyRollup.figure == figure,
            MonthlyRollup.month >= min(generations),
            MonthlyRollup.month <= max(generations),
        )
    )
    return {
        month: decode_counts(counts)
        for month, generation, counts in rows
        if month in generations and generation == generations[month]
    }


def gaps(start: date, end: date, stored: Iterable[date]) -> list[tuple[date, date]]:
    """[start, end) less the stored months, as contiguous ranges of days."""
    found: list[tuple[date, date]] = []
    cursor = start
    for month in sorted(stored):
        if cursor < month:
            found.append((cursor, month))
        cursor = next_month(month)
    if cursor < end:
        found.append((cursor, end))
    return found


def encode_counts(counts: MonthCounts) -> list[Any]:
    """A month's counts as JSON for monthly_rollups.counts."""
    return [[list(key), list(values)] for key, values in sorted(counts.items())]


def decode_counts(stored: list[Any]) -> MonthCounts:
    """A month's counts as encode_counts stored them."""
    return {tuple(str(k) for k in key): tuple(int(v) for v in values) for key, values in stored}
