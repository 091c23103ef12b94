"""Checking the monthly rollups against live counts, and rebuilding them (`carevoice rollups`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.metrics import ROLLUP_COUNTS
from analysis.monthly_rollups import (
    MonthCounts,
    counts_by_month,
    current_generations,
    next_month,
    stored_counts,
)
from service.domain.rollup_invalidation import invalidate_months
from service.models import MonthBasis, MonthlyRollup


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
    """Compare every stored month still in use with a live count of the same month."""
    checked = 0
    differences: list[Difference] = []
    for figure, count in ROLLUP_COUNTS.items():
        months = sorted(
            session.scalars(select(MonthlyRollup.month).where(MonthlyRollup.figure == figure))
        )
        stored = stored_counts(session, figure, current_generations(session, figure.basis, months))
        if not stored:
            continue
        live = count(session, min(stored), next_month(max(stored)), now).by_month
        for month, counts in sorted(stored.items()):
            checked += 1
            if counts != live.get(month, {}):
                differences.append(Difference(figure.value, month, counts, live.get(month, {})))
    return Verification(checked, differences)


def rebuild_rollups(session: Session, start: date, now: datetime) -> int:
    """Invalidate every stored month and every month since `start`, then count and store each
    closed one again; returns how many months (of all figures) are stored. The caller commits."""
    stored = set(session.scalars(select(MonthlyRollup.month)))
    months = set(stored)
    month = start.replace(day=1)
    while month <= now.date():
        months.add(month)
        month = next_month(month)
    for basis in MonthBasis:
        invalidate_months(session, basis, months)
    in_order = sorted(months)
    stored_now = 0
    for figure, count in ROLLUP_COUNTS.items():
        counts_by_month(session, figure, count, start, now.date() + timedelta(days=1), now)
        generations = current_generations(session, figure.basis, in_order)
        stored_now += len(stored_counts(session, figure, generations))
    return stored_now
