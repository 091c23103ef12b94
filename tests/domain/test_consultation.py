"""Before the review: the child's answer about taking part becomes a participation code."""

from __future__ import annotations

from datetime import timedelta

from service.domain.consultation import participation_code, participation_wish
from service.domain.invitations import issue_review_invitations
from service.domain.responses import parse_answers, record_response
from service.models import Channel, Role
from service.questionnaires import PRE_REVIEW_QUESTIONNAIRES, get_questionnaire
from tests.factories import make_review


def consult(session, now, taking_part: str, **review_args):
    review = make_review(session, **review_args)
    (issued,) = issue_review_invitations(
        session,
        review,
        (Role.CHILD,),
        ttl=timedelta(days=30),
        now=now,
        questionnaires=PRE_REVIEW_QUESTIONNAIRES,
    )
    questionnaire = get_questionnaire("pre_review")
    answers = parse_answers(questionnaire, {"taking_part": [taking_part], "feel_safe": ["safe"]})
    recorded = record_response(
        session, answers, channel=Channel.WEB, language="en", now=now, invitation=issued.invitation
    )
    return review, recorded.response


def test_wanting_to_come_and_speak_maps_to_pn1(session, clock) -> None:
    review, response = consult(session, clock(), "come_speak")
    assert participation_code(response) == "PN1"
    wish = participation_wish(session, review.id)
    assert wish is not None and (wish.choice, wish.code) == ("come_speak", "PN1")


def test_sending_views_without_coming_maps_to_pn6(session, clock) -> None:
    review, _response = consult(session, clock(), "send_views")
    assert participation_wish(session, review.id).code == "PN6"


def test_rather_not_say_gives_no_code(session, clock) -> None:
    review, response = consult(session, clock(), "prefer_not_say")
    assert participation_code(response) is None
    assert participation_wish(session, review.id).code is None


def test_a_review_without_a_consultation_has_no_wish(session) -> None:
    review = make_review(session)
    assert participation_wish(session, review.id) is None


def test_pre_review_invitation_sits_beside_the_feedback_invitation(session, clock) -> None:
    review = make_review(session)
    feedback = issue_review_invitations(
        session, review, (Role.CHILD,), ttl=timedelta(days=30), now=clock()
    )
    before = issue_review_invitations(
        session,
        review,
        (Role.CHILD, Role.CARER),
        ttl=timedelta(days=30),
        now=clock(),
        questionnaires=PRE_REVIEW_QUESTIONNAIRES,
    )
    assert [i.invitation.questionnaire_key for i in feedback] == ["review_child"]
    assert [i.invitation.questionnaire_key for i in before] == ["pre_review"]
