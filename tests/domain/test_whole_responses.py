"""A whole response sent in three statements stores exactly what the step-by-step path stores,
and leaves everything out of the ordinary (alerts above all) to that path."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from service.domain.errors import AlreadySubmitted
from service.domain.responses import AnswerInput, parse_answers, record_response, start_response
from service.domain.whole_responses import find_invitation, send_whole_response
from service.models import Alert, Answer, Channel, Invitation, Response
from service.questionnaires import get_questionnaire
from tests.factories import make_invitation

NOW = datetime(2026, 11, 2, 9, 30)
CHILD = get_questionnaire("review_child")
PRE_REVIEW = get_questionnaire("pre_review")
CALM = {
    "spoke_to_iro": "yes",
    "felt_involved": "not_sure",
    "review_rating": "happy",
    "do_better": "Shorter meetings please, and more notice of the date",
    "feel_safe": "safe",
}


def answers(**raw: str) -> dict[str, AnswerInput]:
    return parse_answers(CHILD, {k: [v] for k, v in raw.items()})


def send(session: Session, invitation: Invitation, given: dict[str, AnswerInput]) -> bool:
    found = find_invitation(session, invitation.id)
    assert found is not None
    return send_whole_response(session, found, given, channel=Channel.WEB, language="en", now=NOW)


def used_at(session: Session, invitation: Invitation) -> datetime | None:
    return session.scalar(select(Invitation.used_at).where(Invitation.id == invitation.id))


def stored(session: Session, response_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """A response's columns and its answers' columns by question, without row ids (each test
    response answers its own review of the same child)."""
    session.expire_all()  # read back what the database holds, not the objects in memory
    response = session.get_one(Response, response_id)
    columns = {
        c.key: getattr(response, c.key)
        for c in Response.__table__.columns
        if c.key not in {"id", "invitation_id", "review_id"}
    }
    by_question = {
        a.question_id: {
            c.key: getattr(a, c.key)
            for c in Answer.__table__.columns
            if c.key not in {"id", "response_id"}
        }
        for a in response.answers
    }
    return columns, by_question


def test_it_stores_exactly_what_the_step_by_step_path_stores(session: Session) -> None:
    whole = make_invitation(session, NOW, age=10)
    stepwise = make_invitation(session, NOW, age=10, review_date=date(2026, 10, 1))
    assert send(session, whole.invitation, answers(**CALM))
    recorded = record_response(
        session,
        answers(**CALM),
        channel=Channel.WEB,
        language="en",
        now=NOW,
        invitation=stepwise.invitation,
    )
    session.commit()
    sent_whole = session.scalars(
        select(Response.id).where(Response.invitation_id == whole.invitation.id)
    ).one()
    assert stored(session, sent_whole)[1]["do_better"]["themes"]  # analysed, not just copied
    assert stored(session, sent_whole) == stored(session, recorded.response.id)
    response = session.get_one(Response, sent_whole)
    assert (response.review_id, response.age_band) == (whole.invitation.review_id, "8to12")
    assert used_at(session, whole.invitation) == NOW


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param({**CALM, "feel_safe": "not_safe"}, id="an answer that raises an alert"),
        pytest.param({**CALM, "do_better": "my carer hits me"}, id="worrying free text"),
    ],
)
def test_a_concern_is_left_to_the_path_that_raises_alerts(
    session: Session, raw: dict[str, str]
) -> None:
    issued = make_invitation(session, NOW)
    assert not send(session, issued.invitation, answers(**raw))
    assert session.scalar(select(func.count()).select_from(Response)) == 0
    assert used_at(session, issued.invitation) is None
    recorded = record_response(
        session,
        answers(**raw),
        channel=Channel.WEB,
        language="en",
        now=NOW,
        invitation=issued.invitation,
    )
    assert recorded.alerts and session.scalar(select(func.count()).select_from(Alert)) == 1


def test_a_response_begun_elsewhere_is_left_to_the_step_by_step_path(session: Session) -> None:
    issued = make_invitation(session, NOW)
    start_response(
        session, channel=Channel.TELEGRAM, language="en", now=NOW, invitation=issued.invitation
    )
    session.flush()
    assert not send(session, issued.invitation, answers(**CALM))
    assert session.scalar(select(func.count()).select_from(Answer)) == 0


def test_a_required_answer_missing_is_left_to_the_step_by_step_path(session: Session) -> None:
    issued = make_invitation(session, NOW)
    issued.invitation.questionnaire_key = PRE_REVIEW.key
    session.flush()
    given = parse_answers(PRE_REVIEW, {"feel_safe": ["safe"]})
    assert not send(session, issued.invitation, given)
    assert session.scalar(select(func.count()).select_from(Response)) == 0


def test_an_invitation_used_meanwhile_is_refused_and_nothing_is_stored(session: Session) -> None:
    issued = make_invitation(session, NOW)
    found = find_invitation(session, issued.invitation.id)
    assert found is not None and not found.begun
    session.execute(  # another submission claimed it after this one looked
        update(Invitation).where(Invitation.id == issued.invitation.id).values(used_at=NOW)
    )
    with pytest.raises(AlreadySubmitted):
        send_whole_response(
            session, found, answers(**CALM), channel=Channel.WEB, language="en", now=NOW
        )
    assert session.scalar(select(func.count()).select_from(Response)) == 0


def test_find_invitation_reads_the_review_and_whether_a_response_was_begun(
    session: Session,
) -> None:
    issued = make_invitation(session, NOW, age=7, review_date=date(2026, 10, 1))
    found = find_invitation(session, issued.invitation.id)
    review = issued.invitation.review
    assert found is not None and review is not None
    assert (found.review_id, found.child_id, found.age_at_review, found.begun) == (
        review.id,
        review.child_id,
        7,
        False,
    )
    assert find_invitation(session, issued.invitation.id + 1000) is None
