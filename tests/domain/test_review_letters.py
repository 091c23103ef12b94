"""Printed letters: fresh codes for each review in range, in the child's language, no names."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from service.domain.invitations import TokenState, look_up_token
from service.domain.letters import issue_letter_codes, letter_sheet
from service.models import Role
from tests.factories import make_review

TTL = timedelta(days=120)


def test_each_review_in_range_gets_child_carer_and_parent_codes(session, clock) -> None:
    make_review(session, child_ref="A", review_date=date(2026, 11, 10))
    make_review(session, child_ref="B", review_date=date(2026, 11, 20))
    make_review(session, child_ref="C", review_date=date(2026, 12, 20))
    letters = issue_letter_codes(
        session, date_from=date(2026, 11, 1), date_to=date(2026, 11, 30), ttl=TTL, now=clock()
    )
    assert [letter.review.child.child_ref for letter in letters] == ["A", "B"]
    assert [c.invitation.role for c in letters[0].codes] == [Role.CHILD, Role.CARER, Role.PARENT]


def test_printing_again_replaces_unused_codes(session, clock) -> None:
    make_review(session)
    span = {"date_from": date(2026, 11, 1), "date_to": date(2026, 11, 30), "ttl": TTL}
    (first,) = issue_letter_codes(session, now=clock(), **span)
    (second,) = issue_letter_codes(session, now=clock(), **span)
    old, new = first.codes[0].token, second.codes[0].token
    assert old != new
    assert look_up_token(session, old, clock()).state is TokenState.INVALID
    assert look_up_token(session, new, clock()).state is TokenState.VALID


def test_answered_invitations_get_no_new_code(session, clock) -> None:
    make_review(session)
    span = {"date_from": date(2026, 11, 1), "date_to": date(2026, 11, 30), "ttl": TTL}
    (first,) = issue_letter_codes(session, now=clock(), **span)
    first.codes[0].invitation.used_at = clock()
    (second,) = issue_letter_codes(session, now=clock(), **span)
    assert [c.invitation.role for c in second.codes] == [Role.CARER, Role.PARENT]


def test_an_arabic_sheet_is_in_arabic_and_right_to_left(session, clock) -> None:
    make_review(session, language="ar")
    (letter,) = issue_letter_codes(
        session, date_from=date(2026, 11, 1), date_to=date(2026, 11, 30), ttl=TTL, now=clock()
    )
    sheet = letter_sheet(letter, public_base_url="https://feedback.test")
    assert sheet.direction == "rtl"
    assert sheet.heading == "مراجعتك: قل رأيك"
    assert sheet.codes[0].url.startswith("https://feedback.test/r/")


def test_nothing_about_the_child_is_printed_unless_merged(session, clock) -> None:
    review = make_review(session, child_ref="CASE-98765")
    (letter,) = issue_letter_codes(
        session, date_from=date(2026, 11, 1), date_to=date(2026, 11, 30), ttl=TTL, now=clock()
    )
    plain = letter_sheet(letter, public_base_url="https://feedback.test")
    assert plain.merge_fields == {}
    assert "CASE-98765" not in repr(plain) and review.child.code not in repr(plain)
    merged = letter_sheet(letter, public_base_url="https://feedback.test", merge=["review_date"])
    assert merged.merge_fields == {"Review date": "2026-11-20"}
    with pytest.raises(ValueError, match="unknown merge"):
        letter_sheet(letter, public_base_url="https://feedback.test", merge=["child_ref"])
