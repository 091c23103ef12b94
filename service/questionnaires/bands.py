"""The wording bands by age, defined once: for the words a person is shown, the band stored with
their response, the dashboard's filter, and which questionnaire a review issues (a form made for
under-8s). Care leavers of 18 and over have a band of their own, worded for adults."""

from __future__ import annotations

from sqlalchemy import ColumnElement, SQLColumnExpression, case, literal, null

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
    """`age_band` worked out by the database, for a statement that reads an age and stores its band."""
    return case(
        (age.is_(None), null()),
        *((age >= start, literal(band)) for start, band in _BANDS_FROM),
        else_=literal(_YOUNGEST_BAND),
    )
