"""Monthly rollups: a long period's closed months read from stored counts, the rest counted live.

Five years of dashboard figures read over a million index entries each; most of those months
can no longer change. A figure's counts for such a month are stored once (in the request that
first needs them) and read back while the month's generation is unchanged. A write that changes
a closed month after the fact bumps that generation in its own transaction
(service/domain/rollup_invalidation.py), so the stored counts stop matching and the month is
counted afresh.

Correctness rests on three rules:
- A month is stored only once it is *closed*: it ended more than SETTLE ago (so every
  transaction that stamped a time in it has committed), and the figure's own count says
  nothing in it can still change (the invitations figure: every invitation expired and no
  Telegram chat can still finish a response to one).
- The generation is read *before* the counts, and stored with them: a write committed in
  between leaves a newer generation, so the stored row is never used.
- A stored row is replaced only by one of a newer generation, so a slow filler cannot
  overwrite a fresher row with older counts.

Stored rows are only a cache: a dashboard view stores them only if it can do so without waiting
(store_counts_unless_locked), so it never queues behind, or deadlocks with, `rollups rebuild`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from service.domain.months import next_month
from service.domain.upsert import upsert_insert
from service.models import MonthBasis, MonthlyRollup, RollupFigure, RollupGeneration

SETTLE = timedelta(days=1)
# How long a dashboard view waits for a rollup row another transaction holds before it gives
# up storing (its figures are counted live either way).
STORE_LOCK_TIMEOUT = "200ms"
# lock_not_available (lock_timeout expired) and deadlock_detected
_LOCK_GIVEN_UP = frozenset({"55P03", "40P01"})

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
    *,
    wait_to_store: bool = False,
) -> ByMonth:
    """`figure` by month over [start, end): closed months from their stored counts, the rest
    from `count`; closed months that had to be counted are stored for the next request
    (unless another transaction holds their rows and `wait_to_store` is false)."""
    closed = closed_months(start, end, now)
    generations = current_generations(session, figure.basis, closed)  # before any counting
    by_month = stored_counts(session, figure, generations)
    counted: ByMonth = {}
    unsettled: set[date] = set()
    for gap_start, gap_end in _gaps(start, end, by_month):
        live = count(session, gap_start, gap_end, now)
        counted.update(live.by_month)
        unsettled |= live.unsettled
    to_store = {m: counted.get(m, {}) for m in closed if m not in by_month and m not in unsettled}
    if wait_to_store:
        store_counts(session, figure, to_store, generations)
    else:
        store_counts_unless_locked(session, figure, to_store, generations)
    return {**by_month, **counted}


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
    """Stored counts of the months given whose generation is still the current one."""
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
        month: _decode(counts)
        for month, generation, counts in rows
        if month in generations and generation == generations[month]
    }


def store_counts(
    session: Session,
    figure: RollupFigure,
    by_month: Mapping[date, MonthCounts],
    generations: Mapping[date, int],
) -> None:
    """Store (or replace with a newer generation) each month's counts, in the caller's transaction."""
    if not by_month:
        return
    stmt = upsert_insert(session, MonthlyRollup).values(
        [
            {
                "figure": figure,
                "month": month,
                "generation": generations[month],
                "counts": _encode(by_month[month]),
            }
            for month in sorted(by_month)  # one lock order for concurrent fillers
        ]
    )
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["figure", "month"],
            set_={"generation": stmt.excluded.generation, "counts": stmt.excluded.counts},
            where=MonthlyRollup.generation < stmt.excluded.generation,
        )
    )


def store_counts_unless_locked(
    session: Session,
    figure: RollupFigure,
    by_month: Mapping[date, MonthCounts],
    generations: Mapping[date, int],
) -> None:
    """store_counts, in a savepoint that gives up after STORE_LOCK_TIMEOUT on PostgreSQL (the
    rows are only a cache: a reader must not wait for a rebuild). Giving up rolls back only the
    savepoint, so the caller's transaction stays usable. SQLite runs one writer at a time, so
    there the rows are simply stored."""
    if not by_month:
        return
    if session.get_bind().dialect.name != "postgresql":
        store_counts(session, figure, by_month, generations)
        return
    try:
        with session.begin_nested():
            previous = session.scalar(text("SELECT current_setting('lock_timeout')"))
            _set_lock_timeout(session, STORE_LOCK_TIMEOUT)
            store_counts(session, figure, by_month, generations)
            _set_lock_timeout(session, str(previous))  # a released savepoint keeps SET LOCAL
    except OperationalError as error:
        if getattr(error.orig, "sqlstate", None) not in _LOCK_GIVEN_UP:
            raise


def _set_lock_timeout(session: Session, timeout: str) -> None:
    session.execute(text("SELECT set_config('lock_timeout', :timeout, true)"), {"timeout": timeout})


def _gaps(start: date, end: date, stored: Iterable[date]) -> list[tuple[date, date]]:
    """[start, end) less the stored months, as contiguous ranges of days."""
    gaps: list[tuple[date, date]] = []
    cursor = start
    for month in sorted(stored):
        if cursor < month:
            gaps.append((cursor, month))
        cursor = next_month(month)
    if cursor < end:
        gaps.append((cursor, end))
    return gaps


def _encode(counts: MonthCounts) -> list[Any]:
    return [[list(key), list(values)] for key, values in sorted(counts.items())]


def _decode(stored: list[Any]) -> MonthCounts:
    return {tuple(str(k) for k in key): tuple(int(v) for v in values) for key, values in stored}
