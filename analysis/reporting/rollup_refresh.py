"""Keeping the monthly rollups filled: counting closed months and storing them, apart from reads.

`carevoice worker` refreshes every round (and `carevoice rollups refresh` does once): every closed
month of the longest dashboard period that has no current stored counts is counted and stored,
whether it has just closed or a write invalidated it since. A write only bumps the generation of
the months it changes (service/domain/rollup_invalidation.py) and leaves the counting to this;
dashboard reads count such months live until then (analysis.reporting.rollups).

Correctness rests on three rules:
- A month is stored only once it is *closed*: it ended more than SETTLE ago (so every
  transaction that stamped a time in it has committed), and the figure's own count says
  nothing in it can still change (the invitations figure: every invitation expired and no
  Telegram chat can still finish a response to one).
- The generation is read *before* the counts, and stored with them: a write committed in
  between leaves a newer generation, so the stored row is never used.
- A stored row is replaced only by one of a newer generation, so a slow refresh cannot
  overwrite a fresher row with older counts.

The rows are only a cache, so the worker's refresh never waits for a rebuild (which locks the
table): on PostgreSQL it stores in a savepoint that gives up after STORE_LOCK_TIMEOUT, and the
next round tries again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from analysis.reporting.indicators import count_answer_values
from analysis.reporting.periods import LONGEST_PERIOD_DAYS
from analysis.reporting.response_rates import count_invitations, count_sent
from analysis.reporting.rollups import (
    ByMonth,
    LiveCount,
    MonthCounts,
    closed_months,
    current_generations,
    encode_counts,
    gaps,
    stored_counts,
)
from service.domain.months import next_month
from service.domain.upsert import upsert_insert
from service.models import MonthlyRollup, RollupFigure

# Each rolled-up figure, counted live over a range of days: what the rollups store and are
# checked against.
ROLLUP_COUNTS: dict[RollupFigure, LiveCount] = {
    RollupFigure.ANSWER_VALUES: count_answer_values,
    RollupFigure.SENT_RESPONSES: count_sent,
    RollupFigure.INVITATIONS: count_invitations,
}

# How long a refresh waits for a rollup row another transaction holds before it leaves storing
# to the next round.
STORE_LOCK_TIMEOUT = "200ms"
# lock_not_available (lock_timeout expired) and deadlock_detected
_LOCK_GIVEN_UP = frozenset({"55P03", "40P01"})


def refresh_rollups(
    session: Session, now: datetime, *, since: date | None = None, wait: bool = False
) -> int:
    """Count and store every closed month since `since` (by default, as far back as the longest
    dashboard period) that has no current stored counts; returns how many months (of all
    figures) were stored. The caller commits.

    Unless `wait`, rows another transaction holds are left for the next refresh (see above).
    """
    start = now.date() - timedelta(days=LONGEST_PERIOD_DAYS) if since is None else since
    end = now.date() + timedelta(days=1)
    return sum(
        _refresh_figure(session, figure, count, start, end, now, wait=wait)
        for figure, count in ROLLUP_COUNTS.items()
    )


def _refresh_figure(
    session: Session,
    figure: RollupFigure,
    count: LiveCount,
    start: date,
    end: date,
    now: datetime,
    *,
    wait: bool,
) -> int:
    closed = closed_months(start, end, now)
    if not closed:
        return 0
    generations = current_generations(session, figure.basis, closed)  # before any counting
    stored = stored_counts(session, figure, generations)
    counted: ByMonth = {}
    unsettled: set[date] = set()
    for gap_start, gap_end in gaps(closed[0], next_month(closed[-1]), stored):
        live = count(session, gap_start, gap_end, now)
        counted.update(live.by_month)
        unsettled |= live.unsettled
    to_store = {m: counted.get(m, {}) for m in closed if m not in stored and m not in unsettled}
    if wait:
        store_counts(session, figure, to_store, generations)
    elif not store_counts_unless_locked(session, figure, to_store, generations):
        return 0
    return len(to_store)


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
                "counts": encode_counts(by_month[month]),
            }
            for month in sorted(by_month)  # one lock order for concurrent refreshes
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
) -> bool:
    """store_counts, in a savepoint that gives up after STORE_LOCK_TIMEOUT on PostgreSQL; whether
    it stored. Giving up rolls back only the savepoint, so the caller's transaction stays usable.
    SQLite runs one writer at a time, so there the rows are simply stored."""
    if not by_month:
        return True
    if session.get_bind().dialect.name != "postgresql":
        store_counts(session, figure, by_month, generations)
        return True
    try:
        with session.begin_nested():
            previous = session.scalar(text("SELECT current_setting('lock_timeout')"))
            _set_lock_timeout(session, STORE_LOCK_TIMEOUT)
            store_counts(session, figure, by_month, generations)
            _set_lock_timeout(session, str(previous))  # a released savepoint keeps SET LOCAL
    except OperationalError as error:
        if getattr(error.orig, "sqlstate", None) not in _LOCK_GIVEN_UP:
            raise
        return False
    return True


def _set_lock_timeout(session: Session, timeout: str) -> None:
    session.execute(text("SELECT set_config('lock_timeout', :timeout, true)"), {"timeout": timeout})
