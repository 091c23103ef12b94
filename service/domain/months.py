"""Calendar months, in Python and in SQL, as the reports and their rollups count them."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Integer, cast, extract
from sqlalchemy.sql.elements import ColumnElement


def next_month(month: date) -> date:
    """The first day of the month after the one `month` (a first day) starts."""
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def year_month(column: Any) -> tuple[ColumnElement[int], ColumnElement[int]]:
    """The year and month of a date or time column, as integers on both databases."""
    return cast(extract("year", column), Integer), cast(extract("month", column), Integer)
