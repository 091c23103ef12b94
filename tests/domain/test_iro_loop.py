"""The IRO's loop: told (link only) when a child's views arrive before a review, offered a
participation code with its reason, and recording the code (audited) for the IRO report."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from analysis.reporting.participation import participation_by_year
from service.domain.consultation import (
    UnknownParticipationCode,
    record_participation,
    suggest_participation,
)
from service.domain.responses import parse_answers, record_response
from service.domain.users import create_user
from service.domain.whole_responses import send_whole_response
from service.models import AuditEvent, Channel, OutboxMessage, Role, StaffRole
from service.questionnaires import PRE_REVIEW_QUESTIONNAIRES, get_questionnaire
from service.runtime import Runtime
from service.worker import Worker
from tests.factories import make_invitation, make_review
from tests.support.smtp import LocalSmtp, smtp_server  # noqa: F401

NOW = datetime(2026, 11, 2, 9, 30)
PRE = get_questionnaire("pre_review")
WORDS = "Can my nan come to the meeting please"


def pre_review(session, runtime_now, taking_part: str = "send_views", **review):  # type: ignore[no-untyped-def]
    issued = make_invitation(
        session, runtime_now, role=Role.CHILD, ttl=timedelta(days=30), **review
    )
    invitation = issued.invitation
    invitation.questionnaire_key = "pre_review"
    raw = {"taking_part": [taking_part], "want_to_say": [WORDS], "feel_safe": ["safe"]}
    record_response(
        session,
        parse_answers(PRE, raw),
        channel=Channel.WEB,
        language="en",
        now=runtime_now,
        invitation=invitation,
    )
    return invitation.review


def iro(session, email: str = "iro@council.test", code: str = "IRO-A"):  # type: ignore[no-untyped-def]
    return create_user(
        session,
        email=email,
        display_name="An IRO",
        role=StaffRole.IRO,
        password="a long enough password 42",
        now=NOW,
        iro_code=code,
    )


def test_views_arriving_tell_the_iro_with_a_link_only(runtime: Runtime, smtp: LocalSmtp) -> None:
    with runtime.sessions.begin() as db:
        iro(db)
        review = pre_review(db, runtime.now(), child_ref="CASE-55501")
        review_id, child_code = review.id, review.child.code
    with runtime.sessions() as db:
        messages = db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    # Two link-only emails to the IRO: the views have arrived, and there are words to read.
    assert [m.recipient for m in messages] == ["iro@council.test"] * 2
    smtp.start()
    settings = dataclasses.replace(runtime.settings, smtp_url=smtp.url)
    assert Worker(dataclasses.replace(runtime, settings=settings)).run_once().sent == 2
    texts = [mail.as_string() for mail in smtp.messages]
    assert sum(f"https://feedback.test/staff/reviews/{review_id}/wishes" in t for t in texts) == 1
    for secret in ("CASE-55501", child_code, "nan", WORDS):
        assert not any(secret in t for t in texts)


def test_no_iro_account_or_another_questionnaire_queues_nothing(session) -> None:
    pre_review(session, NOW, iro="IRO-NOBODY")
    iro(session)
    issued = make_invitation(session, NOW, child_ref="REF-2")
    record_response(
        session,
        parse_answers(
            get_questionnaire("review_child"),
            {
                "spoke_to_iro": ["yes"],
                "felt_involved": ["yes"],
                "review_rating": ["happy"],
                "feel_safe": ["safe"],
            },
        ),
        channel=Channel.WEB,
        language="en",
        now=NOW,
        invitation=issued.invitation,
    )
    assert session.scalars(select(OutboxMessage)).all() == []


def test_the_one_statement_path_leaves_pre_review_views_to_the_one_that_tells_the_iro(
    runtime: Runtime,
) -> None:
    with runtime.sessions.begin() as db:
        issued = make_invitation(db, runtime.now())
        issued.invitation.questionnaire_key = PRE_REVIEW_QUESTIONNAIRES[Role.CHILD]
        invitation_id = issued.invitation.id
    given = parse_answers(PRE, {"taking_part": ["send_views"], "feel_safe": ["safe"]})
    sent = send_whole_response(
        runtime.engine,
        invitation_id,
        PRE,
        given,
        channel=Channel.WEB,
        language="en",
        began_at=runtime.now(),
        now=runtime.now(),
    )
    assert sent is None


@pytest.mark.parametrize(
    ("taking_part", "code"),
    [
        ("send_views", "PN6"),
        ("advocate_instead", "PN5"),
        ("come_speak", "PN1"),
        ("not_come", "PN6"),  # they said no views, but their answers are views
    ],
)
def test_the_suggested_code_follows_the_childs_plan(session, taking_part, code) -> None:
    review = pre_review(session, NOW, taking_part=taking_part)
    suggestion = suggest_participation(session, review)
    assert suggestion.code == code and suggestion.why


def test_no_views_and_under_fours(session) -> None:
    quiet = make_review(session, child_ref="Q")
    assert suggest_participation(session, quiet).code is None
    assert "PN7" in suggest_participation(session, quiet).why
    baby = make_review(session, child_ref="B", age=2)
    assert suggest_participation(session, baby).code == "PN0"


def test_the_iro_records_the_code_audited_and_the_report_counts_it(session) -> None:
    user = iro(session)
    review = make_review(session, review_date=date(2026, 11, 20))
    assert record_participation(session, review, "PN6", actor=user, now=NOW)
    assert not record_participation(session, review, "PN6", actor=user, now=NOW)
    with pytest.raises(UnknownParticipationCode):
        record_participation(session, review, "PN9", actor=user, now=NOW)
    (event,) = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "record_participation")
    ).all()
    assert event.actor_id == user.id and event.detail == {"from": None, "to": "PN6"}
    (year,) = participation_by_year(session, [2026])
    assert year.by_code["PN6"] == 1
