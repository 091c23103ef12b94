"""Questionnaires as data: every one the service ships, and the rules they all keep."""

from __future__ import annotations

import pytest

from service.domain.errors import InvalidAnswers
from service.domain.responses import parse_answers
from service.models import Role
from service.questionnaires import (
    CAMPAIGN_QUESTIONNAIRES,
    PRE_REVIEW_QUESTIONNAIRES,
    PREFER_NOT_SAY,
    REVIEW_QUESTIONNAIRES,
    QuestionType,
    all_questionnaires,
    get_questionnaire,
)
from service.questionnaires.schema import AGE_BANDS

CHILD_ROLES = {Role.CHILD, Role.CARE_LEAVER}
CHILD_QUESTIONNAIRES = [q for q in all_questionnaires() if CHILD_ROLES & set(q.roles)]


def test_every_questionnaire_the_issue_lists_is_shipped() -> None:
    keys = {q.key for q in all_questionnaires()}
    assert {
        "review_child",
        "review_carer",
        "review_parent",
        "pre_review",
        "how_things_are",
        "leaving_care",
        "feedback_week",
        "event_feedback",
        "cicc_poll",
    } <= keys


@pytest.mark.parametrize("questionnaire", CHILD_QUESTIONNAIRES, ids=lambda q: q.key)
def test_every_child_questionnaire_asks_the_safety_question(questionnaire) -> None:
    safety = [q for q in questionnaire.questions if q.type is QuestionType.SAFETY]
    assert safety, questionnaire.key
    assert any(c.raises_alert for c in safety[0].choices)


@pytest.mark.parametrize("questionnaire", all_questionnaires(), ids=lambda q: q.key)
def test_question_ids_and_choice_keys_are_unique(questionnaire) -> None:
    ids = [q.id for q in questionnaire.questions]
    assert len(ids) == len(set(ids))
    for question in questionnaire.questions:
        keys = [c.key for c in question.all_choices()]
        assert len(keys) == len(set(keys)), question.id
        assert all(band in AGE_BANDS for band in question.by_age), question.id


@pytest.mark.parametrize("questionnaire", all_questionnaires(), ids=lambda q: q.key)
def test_every_choice_question_offers_rather_not_say(questionnaire) -> None:
    """Except whether words may be shared: not saying yes already keeps them private."""
    for question in questionnaire.questions:
        if question.type is not QuestionType.TEXT and question.id != "share_words":
            assert question.all_choices()[-1].key == "prefer_not_say", question.id


def test_review_feedback_question_ids_are_stable() -> None:
    child = get_questionnaire("review_child", 1)
    assert [q.id for q in child.questions] == [
        "spoke_to_iro",
        "felt_involved",
        "review_rating",
        "do_better",
        "feel_safe",
    ]
    for key in ("review_carer", "review_parent"):
        adult = get_questionnaire(key, 1)
        assert [q.id for q in adult.questions] == [
            "spoke_to_iro",
            "felt_involved",
            "review_rating",
            "do_better",
        ]


def test_child_review_feedback_has_wording_for_younger_age_bands() -> None:
    child = get_questionnaire("review_child")
    assert {"under8", "8to12"} <= set(child.question("spoke_to_iro").by_age)
    assert child.question("review_rating").wording("under8") == "How was your meeting?"
    assert child.question("review_rating").wording("13plus") == "How was your review?"


def test_taking_part_maps_each_answer_to_its_own_participation_code() -> None:
    question = get_questionnaire("pre_review").question("taking_part")
    codes = [c.maps_to for c in question.choices]
    assert codes == ["PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"]
    assert question.choice("prefer_not_say").maps_to is None


def test_pre_review_covers_the_consultation_booklet() -> None:
    ids = {q.id for q in get_questionnaire("pre_review").questions}
    assert {"taking_part", "want_there", "not_there", "where", "when", "topics"} <= ids
    assert {"want_to_say", "feel_safe"} <= ids
    assert len(get_questionnaire("pre_review").pages) > 1


def test_how_things_are_covers_the_national_wellbeing_areas() -> None:
    ids = {q.id for q in get_questionnaire("how_things_are").questions}
    relationships = {"trusted_adult", "family_contact", "know_worker", "trust_worker"}
    rights = {"feel_safe", "bullied", "speak_privately", "included_in_decisions"}
    recovery = {"settled", "like_bedroom", "carers_notice_feelings", "know_why_in_care"}
    wellbeing = {"life_satisfaction", "happy_yesterday", "future_positive"}
    assert relationships | {"worker_changes"} | rights | recovery | wellbeing <= ids


def test_leaving_care_asks_about_adviser_housing_money_and_work() -> None:
    ids = {q.id for q in get_questionnaire("leaving_care").questions}
    assert {"after_care_rating", "adviser_reachable", "housing_rating"} <= ids
    assert {"enough_money", "doing_now", "feel_safe"} <= ids
    assert get_questionnaire("leaving_care").roles == (Role.CARE_LEAVER,)


def test_campaign_questionnaires_are_anonymous_and_ask_nothing_identifying() -> None:
    for key in CAMPAIGN_QUESTIONNAIRES.values():
        questionnaire = get_questionnaire(key)
        assert questionnaire.anonymous
        words = " ".join(q.text.lower() for q in questionnaire.questions)
        assert "name" not in words and "school are you" not in words


def test_role_maps_point_at_registered_questionnaires() -> None:
    for key in (*REVIEW_QUESTIONNAIRES.values(), *PRE_REVIEW_QUESTIONNAIRES.values()):
        assert get_questionnaire(key).anonymous is False


def test_too_many_ticks_are_refused() -> None:
    poll = get_questionnaire("cicc_poll")
    with pytest.raises(InvalidAnswers) as refused:
        parse_answers(poll, {"priorities": ["being_heard", "meetings", "school", "health"]})
    error = refused.value.errors[0]
    assert error.message.format(**error.params) == "Please pick no more than 3."
    assert parse_answers(poll, {"priorities": ["being_heard", "school"]})["priorities"].values == (
        "being_heard",
        "school",
    )


def test_rather_not_say_cannot_be_ticked_with_other_answers() -> None:
    poll = get_questionnaire("cicc_poll")
    with pytest.raises(InvalidAnswers):
        parse_answers(poll, {"priorities": ["being_heard", "prefer_not_say"]})


@pytest.mark.parametrize("questionnaire", all_questionnaires(), ids=lambda q: q.key)
def test_a_choice_is_found_by_its_key_as_a_search_of_the_choices_finds_it(questionnaire) -> None:
    # The lookup is worked out once per question; it must answer as a search in order did.
    for question in questionnaire.questions:
        shown = question.all_choices()
        assert shown is question.all_choices()  # worked out once
        if question.type is not QuestionType.TEXT and question.prefer_not_say:
            assert shown[-1].key == PREFER_NOT_SAY
        for key in {c.key for c in shown} | {"not-a-choice", ""}:
            assert question.choice(key) == next((c for c in shown if c.key == key), None)
