"""IRO caseloads: how many children each IRO reviewed in a period."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.reporting.periods import Period
from service.models import Review


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
