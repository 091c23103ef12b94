"""A whole response sent in one statement (three on SQLite) stores exactly what the step-by-step
path stores, and leaves everything out of the ordinary (alerts above all) to that path, having
written nothing."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, Integer, func, literal, select, update
from sqlalchemy.orm import Session

from service.domain.responses import (
    AnswerInput,
    Recorded,
    parse_answers,
    record_response,
    start_response,
)
from service.domain.whole_responses import send_whole_response
from service.models import Alert, Answer, Channel, Invitation, Response
from service.questionnaires import get_questionnaire
from service.questionnaires.bands import age_band, age_band_sql
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


def engine_of(session: Session) -> Engine:
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    return engine


def send_on(
    engine: Engine, invitation_id: int, given: dict[str, AnswerInput], questionnaire: str
) -> int | None:
    return send_whole_response(
        engine,
        invitation_id,
        get_questionnaire(questionnaire),
        given,
        channel=Channel.WEB,
        language="en",
        began_at=NOW,
        now=NOW,
    )


def send(
    session: Session,
    invitation: Invitation,
    given: dict[str, AnswerInput],
    questionnaire: str | None = None,
) -> int | None:
    """Sent on a connection of its own, as the web form sends it, once the session commits."""
    session.commit()
    key = questionnaire or invitation.questionnaire_key
    return send_on(engine_of(session), invitation.id, given, key)


def send_stepwise(
    session: Session, invitation: Invitation, given: dict[str, AnswerInput]
) -> Recorded:
    return record_response(
        session, given, channel=Channel.WEB, language="en", now=NOW, invitation=invitation
    )


def nothing_stored(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(Response)) == 0


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
    sent_whole = send(session, whole.invitation, answers(**CALM))
    recorded = send_stepwise(session, stepwise.invitation, answers(**CALM))
    session.commit()
    assert sent_whole is not None
    assert stored(session, sent_whole)[1]["do_better"]["themes"]  # analysed, not just copied
    assert stored(session, sent_whole) == stored(session, recorded.response.id)
    response = session.get_one(Response, sent_whole)
    assert (response.invitation_id, response.review_id) == (
        whole.invitation.id,
        whole.invitation.review_id,
    )
    assert (response.child_id, response.age_band) == (whole.invitation.review.child_id, "8to12")  # type: ignore[union-attr]
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
    assert send(session, issued.invitation, answers(**raw)) is None
    assert nothing_stored(session)
    assert used_at(session, issued.invitation) is None
    recorded = send_stepwise(session, issued.invitation, answers(**raw))
    assert recorded.alerts and session.scalar(select(func.count()).select_from(Alert)) == 1


def test_a_response_begun_elsewhere_is_left_to_the_step_by_step_path(session: Session) -> None:
    issued = make_invitation(session, NOW)
    start_response(
        session, channel=Channel.TELEGRAM, language="en", now=NOW, invitation=issued.invitation
    )
    session.flush()
    assert send(session, issued.invitation, answers(**CALM)) is None
    assert session.scalar(select(func.count()).select_from(Answer)) == 0
    assert used_at(session, issued.invitation) is None


def test_a_required_answer_missing_is_left_to_the_step_by_step_path(session: Session) -> None:
    issued = make_invitation(session, NOW)
    issued.invitation.questionnaire_key = PRE_REVIEW.key
    session.flush()
    given = parse_answers(PRE_REVIEW, {"feel_safe": ["safe"]})
    assert send(session, issued.invitation, given) is None
    assert nothing_stored(session)


def test_an_invitation_used_meanwhile_is_left_alone_and_nothing_is_stored(
    session: Session,
) -> None:
    issued = make_invitation(session, NOW)
    session.execute(  # another submission claimed it first
        update(Invitation).where(Invitation.id == issued.invitation.id).values(used_at=NOW)
    )
    assert send(session, issued.invitation, answers(**CALM)) is None
    assert nothing_stored(session)


@pytest.mark.parametrize(
    ("expires_in", "questionnaire"),
    [
        pytest.param(timedelta(0), None, id="expired"),
        pytest.param(timedelta(days=1), "review_carer", id="for another questionnaire"),
    ],
)
def test_an_invitation_that_cannot_be_claimed_is_left_to_the_step_by_step_path(
    session: Session, expires_in: timedelta, questionnaire: str | None
) -> None:
    issued = make_invitation(session, NOW)
    issued.invitation.expires_at = NOW + expires_in
    session.flush()
    given = answers(**CALM)
    if questionnaire:
        carer = {"spoke_to_iro": "yes", "felt_involved": "yes", "review_rating": "happy"}
        given = parse_answers(get_questionnaire(questionnaire), {k: [v] for k, v in carer.items()})
    assert send(session, issued.invitation, given, questionnaire) is None
    assert nothing_stored(session)
    assert used_at(session, issued.invitation) is None


def test_an_unknown_invitation_stores_nothing(session: Session) -> None:
    issued = make_invitation(session, NOW)
    unknown = Invitation(id=issued.invitation.id + 1000, questionnaire_key=CHILD.key)
    assert send(session, unknown, answers(**CALM)) is None
    assert nothing_stored(session)


def test_the_database_works_out_the_same_age_band(session: Session) -> None:
    ages: list[int | None] = [None, *range(0, 26)]
    in_sql = [session.scalar(select(age_band_sql(literal(age, Integer)))) for age in ages]
    assert in_sql == [age_band(age) for age in ages]
    assert set(in_sql) == {None, "under8", "8to12", "13plus", "18plus"}


def test_two_sends_at_once_store_one_response(session: Session) -> None:
    """A double tap on a slow phone: two whole responses to one invitation race; one is stored,
    the other writes nothing and is left to the step-by-step path (which says it was sent)."""
    engine = engine_of(session)
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite's single writer takes the two in turn")
    issued = make_invitation(session, NOW)
    session.commit()
    start = threading.Barrier(2)

    def send_at_once() -> int | None:
        start.wait()
        return send_on(engine, issued.invitation.id, answers(**CALM), CHILD.key)

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _: send_at_once(), range(2)))
    assert results.count(None) == 1
    assert [r for r in results if r is not None] == [
        session.scalar(select(Response.id).where(Response.invitation_id == issued.invitation.id))
    ]
    assert session.scalar(select(func.count()).select_from(Answer)) == len(CALM)
