"""Participation in reviews (PN0-PN7), by reporting year, as the IRO report counts it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from analysis.reporting.figures import pct
from analysis.reporting.periods import reporting_year, year_label
from service.domain.months import year_month
from service.models import PARTICIPATION_CODES, Review

NO_CODE = "none"  # reviews with no participation code recorded


@dataclass(frozen=True)
class Participation:
    """One reporting year's PN0-PN7 counts and the headline figures the IRO report quotes."""

    year: int
    by_code: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_code.values())

    @property
    def under4(self) -> int:
        return self.by_code["PN0"]

    @property
    def count_no_views(self) -> int:
        return self.by_code["PN7"]

    @property
    def unrecorded(self) -> int:
        return self.by_code[NO_CODE]

    @property
    def over4(self) -> int:
        """Reviews of children aged 4 or over, including those with no code recorded."""
        return self.total - self.under4

    @property
    def participated_excl_under4(self) -> int:
        """Unrecorded reviews count as not participating, as the council counts them."""
        return self.over4 - self.count_no_views - self.unrecorded

    @property
    def pct_participated_excl_under4(self) -> float | None:
        return pct(self.participated_excl_under4, self.over4)

    @property
    def pct_no_views_excl_under4(self) -> float | None:
        return pct(self.count_no_views, self.over4)

    @property
    def pct_attended_spoke(self) -> float | None:
        return pct(self.by_code["PN1"], self.total)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the IRO report's `participation` block."""
        return {
            "year": self.year,
            "label": year_label(self.year),
            "by_code": dict(self.by_code),
            "total": self.total,
            "pct_participated_excl_under4": self.pct_participated_excl_under4,
            "pct_no_views_excl_under4": self.pct_no_views_excl_under4,
            "count_no_views": self.count_no_views,
            "pct_attended_spoke": self.pct_attended_spoke,
        }


def _reporting_year_expr(column: Any) -> ColumnElement[int]:
    year, month = year_month(column)
    return case((month >= 4, year), else_=year - 1)


def participation_by_year(session: Session, years: list[int]) -> list[Participation]:
    """The PN0-PN7 table for each reporting year asked for, in one grouped query."""
    if not years:
        return []
    ry = _reporting_year_expr(Review.review_date).label("ry")
    rows = session.execute(
        select(ry, Review.participation_code, func.count())
        .where(
            Review.review_date >= reporting_year(min(years)).start,
            Review.review_date < reporting_year(max(years)).end,
        )
        .group_by(ry, Review.participation_code)
    ).all()
    counts: dict[int, dict[str, int]] = {
        y: {**dict.fromkeys(PARTICIPATION_CODES, 0), NO_CODE: 0} for y in years
    }
    for year, code, count in rows:
        if int(year) in counts:
            counts[int(year)][code or NO_CODE] += int(count)
    return [Participation(y, counts[y]) for y in sorted(years)]
