"""Exports cannot carry spreadsheet formulas."""

from __future__ import annotations

import pytest

from service.exports import safe_cell


@pytest.mark.parametrize(
    "payload", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x", '=HYPERLINK("x")']
)
def test_formula_like_text_is_neutralised(payload: str) -> None:
    assert safe_cell(payload) == "'" + payload


def test_ordinary_text_and_numbers_are_unchanged() -> None:
    assert safe_cell("My IRO listened") == "My IRO listened"
    assert safe_cell(-3) == -3
    assert safe_cell(2.5) == 2.5
