"""Printed letters: one per person still to answer, in that person's language, with no names; a
reprint keeps the codes already posted unless asked to replace them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from service.domain.invitations import TokenState, look_up_token
from service.domain.letters import issue_letters, letter_sheet
from service.models import Role
from tests.factories import make_review

TTL = timedelta(days=120)
SECRET = "test-secret"
SPAN = {"date_from": date(2026, 11, 1), "date_to": date(2026, 11, 30), "ttl": TTL}


def letters(session, clock, **kwargs):  # type: ignore[no-untyped-def]
    return issue_letters(session, now=clock(), secret=SECRET, **{**SPAN, **kwargs})


def test_each_person_in_each_review_in_range_gets_a_letter(session, clock) -> None:
    make_review(session, child_ref="A", review_date=date(2026, 11, 10))
    make_review(session, child_ref="B", review_date=date(2026, 11, 20))
    make_review(session, child_ref="C", review_date=date(2026, 12, 20))
    found = letters(session, clock)
    assert [(x.review.child.child_ref, x.code.invitation.role) for x in found] == [
        ("A", Role.CHILD),
        ("A", Role.CARER),
        ("A", Role.PARENT),
        ("B", Role.CHILD),
        ("B", Role.CARER),
        ("B", Role.PARENT),
    ]


def test_printing_again_keeps_the_codes_already_posted(session, clock) -> None:
    make_review(session)
    first = letters(session, clock)
    clock.advance(days=3)
    second = letters(session, clock)
    assert [x.code.token for x in first] == [x.code.token for x in second]
    assert all(x.reprinted for x in second) and not any(x.reprinted for x in first)
    for letter in second:
        assert look_up_token(session, letter.code.token, clock()).state is TokenState.VALID


def test_reissue_replaces_only_the_named_persons_code(session, clock) -> None:
    make_review(session)
    first = {x.code.invitation.role: x.code.token for x in letters(session, clock)}
    second = {
        x.code.invitation.role: x.code.token for x in letters(session, clock, reissue={Role.CARER})
    }
    assert second[Role.CHILD] == first[Role.CHILD] and second[Role.PARENT] == first[Role.PARENT]
    assert second[Role.CARER] != first[Role.CARER]
    assert look_up_token(session, first[Role.CARER], clock()).state is TokenState.INVALID
    assert look_up_token(session, second[Role.CARER], clock()).state is TokenState.VALID


def test_a_code_that_cannot_be_made_again_gets_a_new_one(session, clock) -> None:
    make_review(session)
    (child, *_rest) = letters(session, clock)
    other_secret = issue_letters(session, now=clock(), secret="another-secret", **SPAN)
    assert not other_secret[0].reprinted and other_secret[0].code.token != child.code.token


def test_answered_invitations_get_no_letter(session, clock) -> None:
    make_review(session)
    first = letters(session, clock)
    first[0].code.invitation.used_at = clock()
    assert [x.code.invitation.role for x in letters(session, clock)] == [Role.CARER, Role.PARENT]


def test_each_person_reads_their_own_language(session, clock) -> None:
    review = make_review(session, language="ar")
    review.parent_language = "ti"
    found = letters(session, clock)
    assert [x.language for x in found] == ["ar", "en", "ti"]
    child, carer, parent = (letter_sheet(x, public_base_url="https://feedback.test") for x in found)
    assert child.direction == "rtl" and child.heading == "مراجعتك: قل رأيك"
    assert carer.direction == "ltr" and carer.codes[0].instruction.startswith("Carers:")
    assert parent.direction == "ltr" and "Carers" not in parent.codes[0].instruction
    assert [len(s.codes) for s in (child, carer, parent)] == [1, 1, 1]
    assert [x.code.invitation.language for x in found] == ["ar", "en", "ti"]


@pytest.mark.parametrize(
    ("questionnaire", "age", "expected"),
    [
        ("pre_review", 14, [("pre_review", Role.CHILD)]),
        ("pre_review", 18, [("pre_review", Role.CARE_LEAVER)]),
        ("how_things_are", 12, [("how_things_are", Role.CHILD)]),
        ("how_things_are", 19, []),
        ("leaving_care", 19, [("leaving_care", Role.CARE_LEAVER)]),
        ("leaving_care", 15, []),
        ("review_child", 6, [("review_under8", Role.CHILD)]),
    ],
)
def test_each_questionnaire_goes_to_those_it_is_for(
    session, clock, questionnaire, age, expected
) -> None:
    make_review(session, age=age)
    found = letters(session, clock, questionnaire=questionnaire, roles=[Role.CHILD])
    assert [(x.code.invitation.questionnaire_key, x.code.invitation.role) for x in found] == (
        expected
    )


def test_a_pre_review_letter_says_what_it_is_for(session, clock) -> None:
    make_review(session)
    (letter,) = letters(session, clock, questionnaire="pre_review", roles=[Role.CHILD])
    sheet = letter_sheet(letter, public_base_url="https://feedback.test")
    assert sheet.heading == "My review, before it happens"
    assert sheet.codes[0].instruction.startswith("Scan this code with a phone camera to answer.")


def test_nothing_about_the_child_is_printed_unless_merged(session, clock) -> None:
    review = make_review(session, child_ref="CASE-98765")
    (letter, *_rest) = letters(session, clock)
    plain = letter_sheet(letter, public_base_url="https://feedback.test")
    assert plain.merge_fields == {}
    assert "CASE-98765" not in repr(plain) and review.child.code not in repr(plain)
    merged = letter_sheet(letter, public_base_url="https://feedback.test", merge=["review_date"])
    assert merged.merge_fields == {"Review date": "2026-11-20"}
    with pytest.raises(ValueError, match="unknown merge"):
        letter_sheet(letter, public_base_url="https://feedback.test", merge=["child_ref"])
