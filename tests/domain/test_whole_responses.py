"""A whole response sent in one statement (three on SQLite) stores exactly what the step-by-step
path stores, and leaves everything out of the ordinary (alerts above all) to that path, having
written nothing."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from psycopg._queries import MAX_CACHED_STATEMENT_LENGTH
from sqlalchemy import Engine, Integer, func, literal, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from service.domain.alerts import AlertPolicy
from service.domain.invitations import issue_invitation
from service.domain.reading import TOLD_AS_OVER, item_number
from service.domain.reading_policy import ReadingPolicy
from service.domain.reading_rows import item_number_sql
from service.domain.responses import (
    AnswerInput,
    Recorded,
    parse_answers,
    record_response,
    start_response,
)
from service.domain.whole_responses import _send_and_queue, send_whole_response
from service.models import (
    Alert,
    Answer,
    Channel,
    Invitation,
    OutboxMessage,
    ReadingItem,
    Response,
    Role,
    StaffRole,
)
from service.questionnaires import get_questionnaire
from service.questionnaires.bands import age_band, age_band_sql
from tests.factories import make_invitation
from tests.support.alerts import make_user

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


def queued_rows(session: Session, response_id: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A response's reading item and its emails, without row ids; the item's number in the
    emails is written R#, after checking it is the item's own."""
    session.expire_all()
    item = session.scalars(select(ReadingItem).where(ReadingItem.response_id == response_id)).one()
    number = item_number(item.id)
    columns = {
        c.key: getattr(item, c.key)
        for c in ReadingItem.__table__.columns
        if c.key not in {"id", "response_id"}
    }
    emails = []
    for message in session.scalars(
        select(OutboxMessage).where(OutboxMessage.reading_item_id == item.id)
    ):
        assert message.idempotency_key == f"reading:{item.id}:new"
        assert number in message.subject and number in message.body
        emails.append(
            {
                c.key: str(getattr(message, c.key)).replace(number, "R#")
                for c in OutboxMessage.__table__.columns
                if c.key not in {"id", "reading_item_id", "idempotency_key"}
            }
        )
    return columns, emails


def reader_setup(session: Session, readers: str) -> None:
    """Staff the routing rules below can find (or not)."""
    if readers in {"the child's IRO", "an email"}:
        make_user(session, StaffRole.IRO, NOW, email="Iro.A@Council.test").iro_code = "IRO-A"
    make_user(session, StaffRole.IRO, NOW, email="other-iro@council.test").iro_code = "IRO-B"
    if readers == "a role":
        make_user(session, StaffRole.PARTICIPATION_OFFICER, NOW).is_active = False
        make_user(session, StaffRole.PARTICIPATION_OFFICER, NOW, email="po2@council.test")
    session.flush()


@pytest.mark.parametrize(
    ("readers", "policy", "words"),
    [
        pytest.param("the child's IRO", ReadingPolicy(), CALM["do_better"], id="the IRO"),
        pytest.param("nobody", ReadingPolicy(), CALM["do_better"], id="no IRO named"),
        pytest.param(
            "a role",
            ReadingPolicy(review_reader="participation_officer"),
            "Меньше встреч, пожалуйста",  # another script: an interpreter is needed
            id="a role, words for an interpreter",
        ),
        pytest.param(
            "an email", ReadingPolicy(review_reader=" iro.a@council.TEST "), "ok", id="an email"
        ),
        pytest.param(
            "nobody", ReadingPolicy(review_reader="nobody@council.test"), "ok", id="no one"
        ),
        pytest.param(
            "a role",
            ReadingPolicy(review_reader="participation_officer", due_working_days=5),
            "More notice",
            id="later due",
        ),
    ],
)
def test_words_are_queued_for_the_same_reader_as_the_step_by_step_path_queues_them(
    session: Session, readers: str, policy: ReadingPolicy, words: str
) -> None:
    """The reading item and its email, written by the statement, are the rows the ORM path
    (`queue_for_reading`) writes, whoever the council's routing names."""
    reader_setup(session, readers)
    whole = make_invitation(session, NOW, iro="IRO-A")
    stepwise = make_invitation(session, NOW, iro="IRO-A", review_date=date(2026, 10, 1))
    given = answers(**{**CALM, "do_better": words})
    session.commit()
    sent = send_whole_response(
        engine_of(session),
        whole.invitation.id,
        CHILD,
        given,
        channel=Channel.WEB,
        language="en",
        began_at=NOW,
        now=NOW,
        reading=policy,
    )
    recorded = record_response(
        session,
        given,
        channel=Channel.WEB,
        language="en",
        now=NOW,
        invitation=stepwise.invitation,
        policy=AlertPolicy(reading=policy),
    )
    session.commit()
    assert sent is not None
    assert queued_rows(session, sent) == queued_rows(session, recorded.response.id)
    _item, emails = queued_rows(session, sent)
    assert len(emails) == (0 if readers == "nobody" else 1)


def test_a_worry_told_as_over_is_sent_whole_and_queued_as_the_step_by_step_path_queues_it(
    session: Session,
) -> None:
    """No alert, so the statement stores it; its item says "told as over: check" either way."""
    reader_setup(session, "the child's IRO")
    words = "i used to cut myself but i had help from camhs and im fine now"
    whole = make_invitation(session, NOW, iro="IRO-A")
    stepwise = make_invitation(session, NOW, iro="IRO-A", review_date=date(2026, 10, 1))
    given = answers(**{**CALM, "do_better": words})
    sent = send(session, whole.invitation, given)
    recorded = send_stepwise(session, stepwise.invitation, given)
    session.commit()
    assert sent is not None and not recorded.alerts
    item, _emails = queued_rows(session, sent)
    assert item["reason"] == f"words, {TOLD_AS_OVER}" and item["urgency_rank"] == 2
    assert queued_rows(session, sent) == queued_rows(session, recorded.response.id)


def test_a_response_to_no_review_is_queued_by_the_campaign_rule(session: Session) -> None:
    make_user(session, StaffRole.PARTICIPATION_OFFICER, NOW)
    issued = [
        issue_invitation(
            session,
            role=Role.CARER,
            questionnaire_key="review_carer",
            language="en",
            expires_at=NOW + timedelta(days=1),
            now=NOW,
        ).invitation
        for _ in range(2)
    ]
    carer = get_questionnaire("review_carer")
    raw = {"spoke_to_iro": ["yes"], "felt_involved": ["yes"], "review_rating": ["happy"]}
    given = parse_answers(carer, {**raw, "do_better": ["More notice please"]})
    session.commit()
    sent = send_on(engine_of(session), issued[0].id, given, carer.key)
    recorded = record_response(
        session, given, channel=Channel.WEB, language="en", now=NOW, invitation=issued[1]
    )
    session.commit()
    assert sent is not None
    assert queued_rows(session, sent) == queued_rows(session, recorded.response.id)
    assert queued_rows(session, sent)[0]["reader_role"] is StaffRole.PARTICIPATION_OFFICER


@pytest.mark.parametrize("item_id", [1, 42, 999_999, 1_000_000, 123_456_789])
def test_the_database_numbers_an_item_as_staff_see_it(session: Session, item_id: int) -> None:
    if engine_of(session).dialect.name != "postgresql":
        pytest.skip("the number is worked out by the statement only on PostgreSQL")
    assert session.scalar(select(item_number_sql(literal(item_id, Integer)))) == item_number(
        item_id
    )


@pytest.mark.parametrize(
    "policy",
    [
        ReadingPolicy(),
        ReadingPolicy(review_reader="participation_officer", campaign_reader="iro"),
        ReadingPolicy(review_reader="a.long.name.for.a.reader@a-council.example.gov.uk"),
    ],
)
def test_the_statement_with_its_reading_stays_short_enough_to_be_kept_parsed(
    policy: ReadingPolicy,
) -> None:
    """psycopg parses a longer statement's text again on every execution (a fifth of the POST's
    CPU when the reading item made it longer)."""
    statement = str(_send_and_queue(policy).compile(dialect=postgresql.psycopg.dialect()))
    assert len(statement) <= MAX_CACHED_STATEMENT_LENGTH
