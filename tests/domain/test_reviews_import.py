"""Importing reviews from the case system's CSV."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.domain.reviews import ReviewImportFailed, import_reviews, read_review_csv
from service.models import Child, Review

GOOD = """child_ref,review_date,iro,team,participation_code,held_in_timescale,report_completed,age_at_review,language
A100,2026-12-01,IRO-A,North,PN1,yes,2026-12-10,14,en
A101,01/12/2026,IRO-B,South,,no,,9,ar
A100,2027-06-01,IRO-A,North,,,,15,
"""


def read(text: str) -> list:
    return read_review_csv(io.StringIO(text))


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_good_file_imports_every_row(session: Session) -> None:
    result = import_reviews(session, read(GOOD))
    session.commit()
    assert (result.created, result.children_created) == (3, 2)
    assert count(session, Review) == 3
    review = session.scalar(
        select(Review).where(Review.review_date == date(2026, 12, 1), Review.iro == "IRO-B")
    )
    assert (
        review is not None and review.child.language == "ar" and review.held_in_timescale is False
    )


def test_reimporting_the_same_file_changes_nothing(session: Session) -> None:
    import_reviews(session, read(GOOD))
    session.commit()
    again = import_reviews(session, read(GOOD))
    session.commit()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert count(session, Review) == 3
    assert count(session, Child) == 2


def test_reimport_updates_changed_fields(session: Session) -> None:
    import_reviews(session, read(GOOD))
    session.commit()
    result = import_reviews(
        session,
        read(GOOD.replace("A100,2026-12-01,IRO-A,North,PN1", "A100,2026-12-01,IRO-C,North,PN6")),
    )
    session.commit()
    assert result.updated == 1
    assert session.scalar(select(Review.participation_code).where(Review.iro == "IRO-C")) == "PN6"


def test_bad_rows_are_listed_by_row_number_and_nothing_is_imported(session: Session) -> None:
    bad = GOOD + "B1,31/02/2026,IRO-A,North,PN9,maybe,soon,99,english\n,2026-01-01,,North,,,,,\n"
    with pytest.raises(ReviewImportFailed) as failed:
        read(bad)
    found = {(e.row, e.column) for e in failed.value.errors}
    assert {
        (5, "review_date"),
        (5, "participation_code"),
        (5, "held_in_timescale"),
        (5, "report_completed"),
        (5, "age_at_review"),
        (5, "language"),
        (6, "child_ref"),
        (6, "iro"),
    } <= found
    assert count(session, Review) == 0


def test_missing_required_column_is_reported() -> None:
    with pytest.raises(ReviewImportFailed) as failed:
        read("child_ref,review_date,team\nA1,2026-01-01,North\n")
    assert [(e.row, e.column) for e in failed.value.errors] == [(1, "iro")]


def test_duplicate_child_and_date_in_one_file_is_an_error() -> None:
    with pytest.raises(ReviewImportFailed) as failed:
        read(GOOD + "A100,2026-12-01,IRO-A,North,,,,,\n")
    assert failed.value.errors[0].row == 5


def test_formula_and_control_characters_in_names_are_refused() -> None:
    with pytest.raises(ReviewImportFailed) as failed:
        read("child_ref,review_date,iro,team\n=HYPERLINK(1),2026-01-01,IRO\u202e,North\n")
    assert {e.column for e in failed.value.errors} == {"child_ref", "iro"}


def test_child_codes_never_collide_even_when_the_random_code_repeats(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from service.domain import reviews

    session.add(Child(child_ref="OLD", code="C-AAAAAAAA"))
    session.flush()
    offered = iter(["C-AAAAAAAA", "C-AAAAAAAA", "C-BBBBBBBB", "C-CCCCCCCC"])
    monkeypatch.setattr(reviews, "new_child_code", lambda: next(offered))
    import_reviews(session, read(GOOD))
    session.commit()
    codes = sorted(session.scalars(select(Child.code)).all())
    assert codes == ["C-AAAAAAAA", "C-BBBBBBBB", "C-CCCCCCCC"]


def test_references_shaped_like_removed_ones_are_refused() -> None:
    """erased-N and expired-N stand for references carevoice no longer holds; a real one cannot
    take their shape (it would collide with, or be mistaken for, a removed one)."""
    with pytest.raises(ReviewImportFailed) as failed:
        read(
            "child_ref,review_date,iro,team\nerased-4,2026-01-01,IRO,North\nexpired-9,2026-01-02,IRO,North\n"
        )
    assert [(e.row, e.column) for e in failed.value.errors] == [(2, "child_ref"), (3, "child_ref")]
