"""What the officer narrowed the figures to, applied to responses and answers in SQL; and the
options the dashboard's drop-downs offer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from analysis.reporting.periods import Period
from service.models import Answer, Channel, Response, ResponseStatus, Review, Role
from service.questionnaires import all_questionnaires
from service.questionnaires.bands import AGE_BANDS

__all__ = ["AGE_BANDS", "Filters", "filter_options", "filter_responses"]

_Stmt = TypeVar("_Stmt", bound=Select)  # type: ignore[type-arg]


@dataclass(frozen=True)
class Filters:
    """What the officer narrowed the dashboard to; None means "all"."""

    period: Period
    team: str | None = None
    iro: str | None = None
    age_band: str | None = None
    channel: Channel | None = None
    questionnaire: str | None = None
    roles: tuple[Role, ...] = ()

    def as_query(self) -> dict[str, str]:
        """The filters as URL query parameters (never anything about a child)."""
        values = {
            "from": self.period.start.isoformat(),
            "to": (self.period.end - timedelta(days=1)).isoformat(),
            "team": self.team,
            "iro": self.iro,
            "age_band": self.age_band,
            "channel": self.channel.value if self.channel else None,
            "questionnaire": self.questionnaire,
        }
        return {k: v for k, v in values.items() if v}


def filter_responses(stmt: _Stmt, filters: Filters) -> _Stmt:
    """Submitted responses in the period matching the filters (joins reviews only when needed)."""
    stmt = stmt.where(
        Response.status == ResponseStatus.SUBMITTED,
        Response.submitted_at >= filters.period.start_at,
        Response.submitted_at < filters.period.end_at,
    )
    return _narrow(stmt, filters)


def filter_answers(stmt: _Stmt, filters: Filters, *, responses_joined: bool = False) -> _Stmt:
    """Answers sent in the period whose responses match the filters.

    The period is read from the answers' own copy of `submitted_at` (through an index); the
    responses are joined only when a filter or the caller needs them.
    """
    stmt = stmt.where(
        Answer.submitted_at >= filters.period.start_at,
        Answer.submitted_at < filters.period.end_at,
    )
    if not (responses_joined or needs_responses(filters)):
        return stmt
    if not responses_joined:
        stmt = stmt.join(Response, Response.id == Answer.response_id)
    return filter_responses(stmt, filters)


def needs_responses(filters: Filters) -> bool:
    """Every filter but the period is about the responses (or their reviews)."""
    return filters != Filters(filters.period)


def _narrow(stmt: _Stmt, filters: Filters) -> _Stmt:
    """The filters other than the period, on a statement that has the responses."""
    if filters.team or filters.iro:
        stmt = stmt.join(Review, Review.id == Response.review_id)
        if filters.team:
            stmt = stmt.where(Review.team == filters.team)
        if filters.iro:
            stmt = stmt.where(Review.iro == filters.iro)
    if filters.age_band:
        stmt = stmt.where(Response.age_band == filters.age_band)
    if filters.channel:
        stmt = stmt.where(Response.channel == filters.channel)
    if filters.questionnaire:
        stmt = stmt.where(Response.questionnaire_key == filters.questionnaire)
    if filters.roles:
        stmt = stmt.where(Response.role.in_(filters.roles))
    return stmt


def filter_options(session: Session) -> dict[str, list[str]]:
    """Teams and IROs that appear on reviews, and the questionnaires, for the drop-downs."""
    return {
        "team": _distinct_values(session, Review.team),
        "iro": _distinct_values(session, Review.iro),
        "questionnaire": [q.key for q in all_questionnaires()],
    }


def _distinct_values(session: Session, column: Any) -> list[str]:
    """A column's distinct values in order, found by stepping through its index from one
    value to the next (a few hundred probes) instead of reading every row."""
    walk = select(select(func.min(column)).scalar_subquery().label("value")).cte(
        "walk", recursive=True
    )
    step = select(select(func.min(column)).where(column > walk.c.value).scalar_subquery())
    walk = walk.union_all(step.where(walk.c.value.is_not(None)))
    return [str(v) for v in session.scalars(select(walk.c.value).where(walk.c.value.is_not(None)))]
