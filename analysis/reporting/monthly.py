"""Grouping a statement by calendar month, as every monthly figure and rollup counts months."""

from __future__ import annotations

from typing import Any

from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement, Label

from service.domain.months import year_month


def labelled_year_month(column: Any) -> tuple[Label[int], Label[int]]:
    """Year and month of `column`, labelled for a statement grouped by month."""
    year, month = year_month(column)
    return year.label("y"), month.label("m")


def grouped_by_month(
    source: Select[Any],
    when: Any,
    counts: tuple[ColumnElement[Any], ...],
    *,
    by: tuple[Any, ...] = (),
) -> Select[Any]:
    year, month = labelled_year_month(when)
    return source.add_columns(year, month, *by, *counts).group_by(year, month, *by)
