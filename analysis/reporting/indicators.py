"""Satisfaction indicators: answers to the indicator questions, by choice and month."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.reporting.figures import pct
from analysis.reporting.filters import Filters, filter_answers, needs_responses
from analysis.reporting.monthly import labelled_year_month
from analysis.reporting.periods import Period
from analysis.reporting.rollups import ByMonth, Counted, counts_by_month
from service.models import Answer, RollupFigure
from service.questionnaires import PREFER_NOT_SAY
from service.questionnaires.choices import FACES


@dataclass(frozen=True)
class IndicatorSpec:
    question_id: str
    title: str
    kind: str  # "yes" (share answering yes) or "face" (distribution of the face scale)


INDICATORS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec("spoke_to_iro", "Spoke to their IRO before the review", "yes"),
    IndicatorSpec("felt_involved", "Felt involved in their review", "yes"),
    IndicatorSpec("review_rating", "How the review went (face scale)", "face"),
)
FACE_ORDER = tuple(c.key for c in FACES)
FACE_LABELS = {c.key: c.label for c in FACES}
FACE_SCORES = {c.key: c.score or 0 for c in FACES}


@dataclass(frozen=True)
class IndicatorPoint:
    month: date
    n: int
    value: float | None


@dataclass
class Indicator:
    """One satisfaction indicator: answers by choice, its n (excluding "rather not say") and a trend."""

    spec: IndicatorSpec
    counts: dict[str, int] = field(default_factory=dict)
    declined: int = 0
    trend: list[IndicatorPoint] = field(default_factory=list)

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    @property
    def value(self) -> float | None:
        """% yes for yes/no questions; % good or really good for the face scale."""
        return _indicator_value(self.spec, self.counts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question_id": self.spec.question_id,
            "title": self.spec.title,
            "kind": self.spec.kind,
            "n": self.n,
            "pct": self.value,
            "counts": dict(self.counts),
            "declined": self.declined,
            "trend": [
                {"month": p.month.isoformat()[:7], "n": p.n, "pct": p.value} for p in self.trend
            ],
        }


def _indicator_value(spec: IndicatorSpec, counts: dict[str, int]) -> float | None:
    n = sum(counts.values())
    if spec.kind == "yes":
        return pct(counts.get("yes", 0), n)
    return pct(counts.get("very_happy", 0) + counts.get("happy", 0), n)


def indicators(
    session: Session, filters: Filters, *, now: datetime | None = None
) -> list[Indicator]:
    """Each indicator with its counts and a month-by-month trend, from one grouped query.

    With `now` and no filter but the period, months closed by then are read from the monthly
    rollups instead.
    """
    if now is not None and not needs_responses(filters):
        period = filters.period
        monthly = counts_by_month(
            session, RollupFigure.ANSWER_VALUES, count_answer_values, period.start, period.end, now
        )
    else:
        monthly = _answer_values_by_month(session, filters)
    result = {spec.question_id: Indicator(spec) for spec in INDICATORS}
    for month, counts in sorted(monthly.items()):
        chosen: dict[str, dict[str, int]] = defaultdict(dict)
        for (question_id, value), (count,) in sorted(counts.items()):
            indicator = result[question_id]
            if value == PREFER_NOT_SAY:
                indicator.declined += count
                continue
            indicator.counts[value] = indicator.counts.get(value, 0) + count
            chosen[question_id][value] = count
        for question_id, by_value in chosen.items():
            spec = result[question_id].spec
            point = IndicatorPoint(month, sum(by_value.values()), _indicator_value(spec, by_value))
            result[question_id].trend.append(point)
    return list(result.values())


def _answer_values_by_month(session: Session, filters: Filters) -> ByMonth:
    """Answers to the indicator questions by month, question and value."""
    wanted = [spec.question_id for spec in INDICATORS]
    year, month = labelled_year_month(Answer.submitted_at)
    stmt = (
        select(year, month, Answer.question_id, Answer.value, func.count())
        .select_from(Answer)
        .where(Answer.question_id.in_(wanted), Answer.value.is_not(None))
        .group_by(year, month, Answer.question_id, Answer.value)
    )
    by_month: ByMonth = defaultdict(dict)
    for y, m, question_id, value, count in session.execute(filter_answers(stmt, filters)):
        by_month[date(int(y), int(m), 1)][(str(question_id), str(value))] = (int(count),)
    return dict(by_month)


def count_answer_values(session: Session, start: date, end: date, now: datetime) -> Counted:
    return Counted(_answer_values_by_month(session, Filters(Period(start, end))))
