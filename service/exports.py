"""Spreadsheet-safe exports: a cell a spreadsheet would run as a formula is made plain text."""

from __future__ import annotations

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def safe_cell(value: object) -> object:
    """Prefix text that starts like a formula with an apostrophe (OWASP CSV injection advice).

    Numbers stay numbers; only text is changed.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
