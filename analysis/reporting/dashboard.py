"""The participation officer's dashboard: figures, charts and example comments for one set of filters."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import String, case, cast, func, select
from sqlalchemy.orm import Session

from analysis.reporting.charts import Chart, bar_chart, line_chart, month_label
from analysis.reporting.comments import Comment, theme_examples, unthemed_texts
from analysis.reporting.filters import Filters, filter_responses
from analysis.reporting.indicators import (
    FACE_LABELS,
    FACE_ORDER,
    Indicator,
    IndicatorPoint,
    indicators,
)
from analysis.reporting.periods import is_full_month
from analysis.reporting.questionnaire_results import QuestionnaireResult, questionnaire_results
from analysis.reporting.response_rates import ResponseRates, response_rates
from analysis.reporting.theme_figures import ThemeFigures, theme_figures
from analysis.text.emerging import emerging_phrases
from analysis.text.themes import theme_by_id
from service.models import Answer, Child, Response, Review


@dataclass(frozen=True)
class ThemeRow:
    figures: ThemeFigures
    title: str
    examples: list[Comment]


@dataclass(frozen=True)
class Trend:
    """An indicator's first and last full months, compared like with like; months the period
    covers only in part (or not over yet) are named, never compared."""

    first: IndicatorPoint | None
    last: IndicatorPoint | None
    partial: list[IndicatorPoint]


@dataclass(frozen=True)
class Dashboard:
    filters: Filters
    rates: ResponseRates
    indicators: list[Indicator]
    themes: list[ThemeRow]
    emerging: list[tuple[str, int]]
    charts: dict[str, Chart]
    results: list[QuestionnaireResult]
    partial_months: frozenset[date]

    def trend(self, indicator: Indicator) -> Trend:
        """First and last full months of `indicator`, and its partial months."""
        full = [p for p in indicator.trend if p.month not in self.partial_months]
        partial = [p for p in indicator.trend if p.month in self.partial_months]
        if len(full) < 2:
            return Trend(None, None, partial)
        return Trend(full[0], full[-1], partial)


def build_dashboard(
    session: Session, filters: Filters, *, now: datetime | None = None
) -> Dashboard:
    """Every figure on the dashboard for these filters (a handful of grouped queries).

    With `now`, closed months come from the monthly rollups where the filters allow and their
    stored counts are current; the rest is counted live. Nothing is written.
    """
    rates = response_rates(session, filters, now=now)
    satisfaction = indicators(session, filters, now=now)
    figures = [f for f in theme_figures(session, filters) if _known(f.theme_id)]
    examples = theme_examples(session, filters, [f.theme_id for f in figures])
    themes = [ThemeRow(f, theme_by_id(f.theme_id).title, examples[f.theme_id]) for f in figures]
    emerging = emerging_phrases(unthemed_texts(session, filters, limit=500), limit=10)
    today = now.date() if now is not None else None
    months = {p.month for p in rates.by_month} | {p.month for i in satisfaction for p in i.trend}
    partial = frozenset(m for m in months if not is_full_month(m, filters.period, today))
    return Dashboard(
        filters,
        rates,
        satisfaction,
        themes,
        emerging,
        _charts(rates, satisfaction, themes, partial),
        questionnaire_results(session, filters),
        partial,
    )


def _month(month: date, partial: frozenset[date]) -> str:
    return month_label(month) + (" (partial)" if month in partial else "")


def _known(theme_id: str) -> bool:
    try:
        theme_by_id(theme_id)
    except KeyError:
        return False
    return True


def _charts(
    rates: ResponseRates,
    satisfaction: list[Indicator],
    themes: list[ThemeRow],
    partial: frozenset[date],
) -> dict[str, Chart]:
    charts: dict[str, Chart] = {}
    if rates.by_month:
        charts["response_rate"] = line_chart(
            "Response rate by month of the review",
            [_month(p.month, partial) for p in rates.by_month],
            {"Responses / invitations": [p.pct for p in rates.by_month]},
        )
    trends = [i for i in satisfaction if i.trend]
    if trends:
        months = sorted({p.month for i in trends for p in i.trend})
        series: dict[str, list[float | None]] = {}
        for indicator in trends:
            by_month = {p.month: p.value for p in indicator.trend}
            series[indicator.spec.title] = [by_month.get(m) for m in months]
        charts["trend"] = line_chart(
            "Satisfaction indicators by month", [_month(m, partial) for m in months], series
        )
    faces = next((i for i in satisfaction if i.spec.kind == "face"), None)
    if faces is not None and faces.n:
        charts["faces"] = bar_chart(
            f"How was the review? (n = {faces.n})",
            [FACE_LABELS[k] for k in FACE_ORDER],
            [faces.counts.get(k, 0) for k in FACE_ORDER],
        )
    if themes:
        charts["themes"] = bar_chart(
            "Comments by theme",
            [t.title for t in themes],
            [t.figures.count for t in themes],
            horizontal=True,
        )
    return charts


EXPORT_COLUMNS = (
    "response_id",
    "submitted_at",
    "questionnaire",
    "role",
    "channel",
    "language",
    "age_band",
    "team",
    "iro",
    "child_code",
    "spoke_to_iro",
    "felt_involved",
    "review_rating",
    "do_better",
    "sentiment",
    "themes",
)


def export_rows(session: Session, filters: Filters) -> Iterator[tuple[Any, ...]]:
    """One row per response (pseudonymous: the child's code, never a name), streamed from one query.

    Answers are pivoted in SQL (MAX over CASE), so a million responses never become a million
    ORM objects.
    """

    def pick(question_id: str, column: Any) -> Any:
        return func.max(case((Answer.question_id == question_id, column)))

    stmt = (
        select(
            Response.id,
            Response.submitted_at,
            Response.questionnaire_key,
            Response.role,
            Response.channel,
            Response.language,
            Response.age_band,
            func.max(Review.team),
            func.max(Review.iro),
            func.max(Child.code),
            pick("spoke_to_iro", Answer.value),
            pick("felt_involved", Answer.value),
            pick("review_rating", Answer.value),
            pick("do_better", Answer.text),
            pick("do_better", Answer.sentiment_label),
            pick("do_better", cast(Answer.themes, String)),
        )
        .select_from(Response)
        .outerjoin(Answer, Answer.response_id == Response.id)
        .outerjoin(Child, Child.id == Response.child_id)
        .group_by(Response.id)
        .order_by(Response.submitted_at, Response.id)
    )
    if not (filters.team or filters.iro):
        stmt = stmt.outerjoin(Review, Review.id == Response.review_id)
    stmt = filter_responses(stmt, filters)
    for row in session.execute(stmt.execution_options(yield_per=1000)):
        values: list[Any] = list(row[:-1])
        values[1] = values[1].isoformat(timespec="minutes") if values[1] else ""
        values[3], values[4] = str(values[3]), str(values[4])
        themes = json.loads(row[-1]) if row[-1] else []
        yield (*values, "; ".join(str(t) for t in themes))
