"""How often each theme came up in the comments, and how people felt when they raised it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Float, cast, func, select, true
from sqlalchemy.orm import Session

from analysis.reporting.filters import Filters, filter_answers
from service.models import Answer


def theme_elements(session: Session) -> Any:
    """A table-valued function that turns answers.themes (a JSON list) into rows."""
    if session.get_bind().dialect.name == "postgresql":
        return func.json_array_elements_text(Answer.themes).table_valued("value")
    return func.json_each(Answer.themes).table_valued("value")


@dataclass
class ThemeFigures:
    """How often a theme came up, and how people felt when they raised it."""

    theme_id: str
    count: int = 0
    sentiment_sum: float = 0.0
    by_label: dict[str, int] = field(default_factory=dict)

    @property
    def mean_sentiment(self) -> float | None:
        return self.sentiment_sum / self.count if self.count else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "theme": self.theme_id,
            "count": self.count,
            "mean_sentiment": self.mean_sentiment,
            "by_label": dict(self.by_label),
        }


def theme_figures(session: Session, filters: Filters) -> list[ThemeFigures]:
    """Comments per theme with their sentiment, most mentioned first."""
    elements = theme_elements(session)
    stmt = (
        select(
            elements.c.value,
            Answer.sentiment_label,
            func.count(),
            func.sum(cast(func.coalesce(Answer.sentiment, 0.0), Float)),
        )
        .select_from(Answer)
        .join(elements, true())
        .where(Answer.themes.is_not(None))
        .group_by(elements.c.value, Answer.sentiment_label)
    )
    figures: dict[str, ThemeFigures] = {}
    for theme_id, label, count, total in session.execute(filter_answers(stmt, filters)):
        item = figures.setdefault(str(theme_id), ThemeFigures(str(theme_id)))
        item.count += int(count)
        item.sentiment_sum += float(total or 0.0)
        key = label or "neutral"
        item.by_label[key] = item.by_label.get(key, 0) + int(count)
    return sorted(figures.values(), key=lambda f: (-f.count, f.theme_id))
