"""IRO caseloads: the children allocated to each IRO on a day, and (a different figure) the
children each IRO reviewed in a period.

The case system sends reviews, not allocations, so a child counts as allocated to the IRO who
chaired their latest review up to that day, while that review is recent enough that another is
still due (reviews are at most six months apart; a child with none for longer than
ALLOCATION_LAPSES is taken to have left care). A child who moved from one IRO to another in the
year counts once in the caseload and once for each IRO in "reviewed".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from analysis.reporting.periods import Period
from service.models import Review

# Six months between reviews, and a month's grace for one held late.
ALLOCATION_LAPSES = timedelta(days=7 * 31)


def _spread(by_iro: dict[str, int]) -> dict[str, Any]:
    counts = list(by_iro.values())
    return {
        "by_iro": dict(by_iro),
        "average": sum(counts) / len(counts) if counts else None,
        "min": min(counts) if counts else None,
        "max": max(counts) if counts else None,
    }


@dataclass(frozen=True)
class Caseloads:
    """Children allocated to each IRO on `on` (the report's "average IRO caseload"), and the
    children each IRO reviewed in the year."""

    on: date
    by_iro: dict[str, int]  # allocated on `on`
    reviewed: dict[str, int] = field(default_factory=dict)  # reviewed in the period

    @property
    def average(self) -> float | None:
        return sum(self.by_iro.values()) / len(self.by_iro) if self.by_iro else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "definition": "children allocated: whose latest review up to this day the IRO "
            "chaired, within the last 7 months",
            **_spread(self.by_iro),
            "reviewed_in_year": {
                "definition": "distinct children whose reviews the IRO chaired in the year",
                **_spread(self.reviewed),
            },
        }


def iro_caseloads(session: Session, period: Period) -> Caseloads:
    """Caseloads on the last day of `period`, and the children reviewed in it."""
    on = period.end - timedelta(days=1)
    return Caseloads(on, allocated(session, on), reviewed(session, period))


def allocated(session: Session, on: date) -> dict[str, int]:
    """Children allocated to each IRO on `on`: the IRO of each child's latest review by then,
    if that review is within ALLOCATION_LAPSES."""
    latest = (
        select(Review.child_id, func.max(Review.review_date).label("last"))
        .where(Review.review_date <= on)
        .group_by(Review.child_id)
        .subquery()
    )
    rows = session.execute(
        select(Review.iro, func.count(func.distinct(Review.child_id)))
        .join(
            latest,
            and_(Review.child_id == latest.c.child_id, Review.review_date == latest.c.last),
        )
        .where(latest.c.last > on - ALLOCATION_LAPSES)
        .group_by(Review.iro)
        .order_by(Review.iro)
    )
    return {str(iro): int(n) for iro, n in rows}


def reviewed(session: Session, period: Period) -> dict[str, int]:
    """Distinct children whose reviews each IRO chaired in `period`."""
    rows = session.execute(
        select(Review.iro, func.count(func.distinct(Review.child_id)))
        .where(Review.review_date >= period.start, Review.review_date < period.end)
        .group_by(Review.iro)
        .order_by(Review.iro)
    )
    return {str(iro): int(n) for iro, n in rows}
