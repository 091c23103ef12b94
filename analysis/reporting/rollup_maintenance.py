"""Checking the monthly rollups against live counts, and rebuilding them (`carevoice rollups`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from analysis.reporting.rollup_refresh import ROLLUP_COUNTS, refresh_rollups
from analysis.reporting.rollups import MonthCounts, current_counts
from service.domain.months import next_month
from service.domain.rollup_invalidation import invalidate_between
from service.models import MonthlyRollup


@dataclass(frozen=True)
class Difference:
    """A month whose stored counts are not what a live count finds: a write that does not
    invalidate what it changes."""

    figure: str
    month: date
    stored: MonthCounts
    live: MonthCounts


@dataclass(frozen=True)
class Verification:
    checked: int
    differences: list[Difference]


def verify_rollups(session: Session, now: datetime) -> Verification:
    """Compare every stored month still in use with a live count of the same month.

    Generations, stored counts and live counts are read in one snapshot (REPEATABLE READ on
    PostgreSQL; SQLite runs one transaction at a time), so a write that invalidates correctly
    while this runs is not reported as a difference. `session` must not have begun yet.
    Months stored before a write invalidated them are out of use, so not checked.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    checked = 0
    differences: list[Difference] = []
    for figure, count in ROLLUP_COUNTS.items():
        months = sorted(
            session.scalars(select(MonthlyRollup.month).where(MonthlyRollup.figure == figure))
        )
        stored = current_counts(session, figure, months)
        if not stored:
            continue
        live = count(session, min(stored), next_month(max(stored)), now).by_month
        for month, counts in sorted(stored.items()):
            checked += 1
            if counts != live.get(month, {}):
                differences.append(Difference(figure.value, month, counts, live.get(month, {})))
    return Verification(checked, differences)


def rebuild_rollups(session: Session, start: date, now: datetime) -> int:
    """Drop every stored month, invalidate every month since `start`, then count and store each
    closed one again; returns how many months (of all figures) are stored. The caller commits.

    On PostgreSQL the table is locked first (SHARE ROW EXCLUSIVE: readers go on, the worker's
    refresh skips storing, a second rebuild waits), so no row locks are taken in an order that
    could deadlock. Dropping the rows, rather than only outdating them, keeps a rebuild exact even if
    rows of rollup_generations were deleted and a month's generation count started again.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE monthly_rollups IN SHARE ROW EXCLUSIVE MODE"))
    session.execute(delete(MonthlyRollup))
    invalidate_between(session, start, now.date())
    refresh_rollups(session, now, since=start, wait=True)
    return session.scalar(select(func.count()).select_from(MonthlyRollup)) or 0
