"""Each age is asked in its own words: a form made for under-8s (picture answers, words a six
year old can read, no jargon), 8-12 and 13-17 worded differently, care leavers as adults; and
one rule, by age band, decides which form a review issues."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from service import messages
from service.domain.invitations import issue_review_invitations
from service.models import Role
from service.questionnaires import (
    FOR_AGE_BAND,
    Questionnaire,
    QuestionType,
    get_questionnaire,
    questionnaire_for,
)
from service.questionnaires.bands import AGE_BANDS, age_band
from tests.factories import make_review
from tests.support.readability import grade

UNDER_8 = get_questionnaire("review_under8")
REVIEW = get_questionnaire("review_child")
# Words children under 8 do not know, or that name a service rather than a person.
JARGON = re.compile(
    r"\b(IRO|review|reviewing|officer|advocate|social worker|placement|carer|consultation|"
    r"independent|pathway)\b",
    re.IGNORECASE,
)
# What every form page shows besides its questions.
PAGE_WORDS = ("Save and carry on", "Send my answers", "Back", "Read to me", "Need help now?")


def seen_on(questionnaire: Questionnaire, band: str | None) -> list[str]:
    """Every text a child reads on the form's pages."""
    texts = [questionnaire.title, questionnaire.intro, *(p.title for p in questionnaire.pages)]
    texts += messages.privacy_notice(questionnaire.anonymous, band)
    for q in questionnaire.questions:
        texts += [q.wording(band), q.hint_for(band), *(c.label for c in q.all_choices())]
    return [t for t in texts if t]


def test_the_under_8_form_asks_three_or_four_questions_one_to_a_screen() -> None:
    assert 3 <= len(UNDER_8.questions) <= 4
    assert all(len(page.questions) == 1 for page in UNDER_8.pages)
    assert UNDER_8.written_for == "under8"


def test_every_under_8_answer_is_a_picture() -> None:
    for question in UNDER_8.questions:
        assert question.type is not QuestionType.TEXT
        assert all(choice.picture for choice in question.all_choices()), question.id


def test_a_six_year_old_can_read_the_under_8_form() -> None:
    assert grade(seen_on(UNDER_8, "under8") + list(PAGE_WORDS)) <= 1
    assert grade(q.text for q in UNDER_8.questions) <= 1


def test_the_under_8_form_has_no_jargon() -> None:
    found = {t for t in seen_on(UNDER_8, "under8") if JARGON.search(t)}
    assert found == set()


def test_the_under_8_form_is_counted_with_the_review_form() -> None:
    review_ids = {q.id for q in REVIEW.questions}
    assert {q.id for q in UNDER_8.questions} <= review_ids
    for question in UNDER_8.questions:
        keys = {c.key for c in REVIEW.question(question.id).all_choices()}
        assert {c.key for c in question.all_choices()} <= keys, question.id


@pytest.mark.parametrize(
    ("age", "key"),
    [
        (4, "review_under8"),
        (7, "review_under8"),
        (8, "review_child"),
        (15, "review_child"),
        (None, "review_child"),
    ],
)
def test_a_review_issues_the_form_made_for_the_childs_age(
    session: Session, age: int | None, key: str
) -> None:
    review = make_review(session, age=age)
    (issued,) = issue_review_invitations(
        session, review, (Role.CHILD,), ttl=timedelta(days=30), now=datetime(2026, 11, 2)
    )
    assert issued.invitation.questionnaire_key == key


def test_the_rule_by_age_is_one_table_of_registered_questionnaires() -> None:
    for (usual, band), instead in FOR_AGE_BAND.items():
        assert band in AGE_BANDS
        assert get_questionnaire(usual).roles and get_questionnaire(instead).written_for == band
        assert questionnaire_for(usual, band) == instead
        assert questionnaire_for(usual, None) == usual


@pytest.mark.parametrize(
    "question",
    [q for q in REVIEW.questions if q.id not in ("feel_safe", "share_words")],
    ids=lambda q: q.id,
)
def test_each_age_band_is_asked_about_its_review_in_its_own_words(question) -> None:
    """The safety question and the one asking whether words may be shared are the exceptions:
    they are asked the same way at every age, so a child's "no" means the same thing whoever
    asked."""
    words = {band: question.wording(band) for band in ("8to12", "13plus", "18plus")}
    assert len(set(words.values())) == 3, words


def test_care_leavers_are_spoken_to_as_adults() -> None:
    assert age_band(18) == "18plus" and age_band(17) == "13plus"
    adult = seen_on(REVIEW, "18plus")
    assert not any("grown-up" in text for text in adult)
    assert "grown-up" in REVIEW.question("feel_safe").hint_for("13plus")
