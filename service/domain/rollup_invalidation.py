"""Invalidating the dashboard's monthly rollups when a write changes a month after the fact.

Rollups (analysis/reporting/rollups.py) hold the counts of months that ordinary use can no
longer change: answers and responses are stamped with the time they are sent, and a review month
is rolled up only once every invitation in it has expired and no Telegram chat can still finish
one. The writes below change such months anyway. Each bumps the generation of the months it
touches in its own transaction and does nothing more: a rollup filled before it (or while it
ran) stops matching, dashboards count that month live, and the worker's next rollup refresh
(analysis/reporting/rollup_refresh.py) counts and stores it again:

- erasing a child's data (subject access): their responses and invitations go;
- retention: long-expired unused invitations go;
- issuing or re-issuing invitations: a review month gains an invitation or a later expiry;
- loading historical responses (the demo data): sent with a time in the past.

Writes that need none: sending a response now (see above), blanking old free text and
re-analysis (rollups count answers by value, not their text, themes or sentiment), and
importing reviews (a child and a date identify a review, so an import never moves an
invitation to another month, and team, IRO and age are never rolled up).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from service.domain.months import next_month, year_month
from service.domain.upsert import upsert_insert
from service.models import Invitation, MonthBasis, Review, RollupGeneration


def invalidate_months(session: Session, basis: MonthBasis, days: Iterable[date]) -> None:
    """Bump the generation of the months these days fall in (inserting it if missing)."""
    months = sorted({day.replace(day=1) for day in days})  # one lock order for every writer
    if not months:
        return
    stmt = upsert_insert(session, RollupGeneration).values(
        [{"basis": basis, "month": month, "generation": 1} for month in months]
    )
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["basis", "month"],
            set_={"generation": RollupGeneration.generation + 1},
        )
    )


def invalidate_sent(session: Session, sent_at: Iterable[datetime | None]) -> None:
    """Months in which responses (and their answers) were sent."""
    invalidate_months(session, MonthBasis.SENT, [at.date() for at in sent_at if at is not None])


def invalidate_invited(session: Session, invitations: ColumnElement[bool]) -> None:
    """Months of the invitations matching a condition (call it before deleting them)."""
    reviewed = (
        select(*year_month(Review.review_date))
        .select_from(Invitation)
        .join(Review, Review.id == Invitation.review_id)
        .where(invitations)
    )
    unreviewed = select(*year_month(Invitation.created_at)).where(
        invitations, Invitation.review_id.is_(None)
    )
    months = {
        date(int(year), int(month), 1)
        for stmt in (reviewed, unreviewed)
        for year, month in session.execute(stmt.distinct())
    }
    invalidate_months(session, MonthBasis.INVITED, months)


def invalidate_between(session: Session, start: date, end: date) -> None:
    """Every month from `start` to `end` on both bases, after loading data with past dates."""
    months: list[date] = []
    month = start.replace(day=1)
    while month <= end:
        months.append(month)
        month = next_month(month)
    for basis in MonthBasis:
        invalidate_months(session, basis, months)
