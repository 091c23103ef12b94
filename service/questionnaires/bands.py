"""The wording bands by age, defined once: for the words a person is shown, the band stored with
their response, the dashboard's filter, and which questionnaire a review issues (a form made for
under-8s). Care leavers of 18 and over have a band of their own, worded for adults."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, case, literal_column, null

# Each band but the youngest, oldest first, with the age it begins at.
_BANDS_FROM = ((18, "18plus"), (13, "13plus"), (8, "8to12"))
_YOUNGEST_BAND = "under8"
AGE_BANDS = (_YOUNGEST_BAND, *(band for _, band in reversed(_BANDS_FROM)))


def age_band(age: int | None) -> str | None:
    """The wording band for an age: under 8, 8 to 12, 13 to 17, 18 and over."""
    if age is None:
        return None
    return next((band for start, band in _BANDS_FROM if age >= start), _YOUNGEST_BAND)


def age_band_sql(age: SQLColumnExpression[int | None]) -> ColumnElement[str | None]:
    """`age_band` worked out by the database, for a statement that reads an age and stores its band.
    The bands are written into the statement, not sent as parameters, which keeps the statement
    that sends a whole response short enough for psycopg to keep it parsed (see `reading_rows`)."""
    return case(
        (age.is_(None), null()),
        *((age >= _constant(str(start)), _constant(f"'{band}'")) for start, band in _BANDS_FROM),
        else_=_constant(f"'{_YOUNGEST_BAND}'"),
    )


def _constant(sql: str) -> ColumnElement[Any]:
    return literal_column(sql)
