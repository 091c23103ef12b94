"""Every child's words, and every worried answer, go to a named reader with a due time, in the
transaction that stores them; only a person marks them read; the worker reminds, then escalates."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.text.safety import covers
from service.domain import answering
from service.domain.alerts import AlertPolicy
from service.domain.reading import (
    TOLD_AS_OVER,
    ReadingStateError,
    mark_read,
    reading_audit,
    reading_queue,
)
from service.domain.reading_policy import ReadingPolicy, add_working_days, needs_interpreter
from service.domain.responses import parse_answers, record_response
from service.domain.subject_access import erase_child, export_child_data
from service.models import (
    Alert,
    AuditEvent,
    Channel,
    OutboxMessage,
    ReadingItem,
    ReadingOutcome,
    StaffRole,
    User,
)
from service.questionnaires import get_questionnaire
from service.runtime import Runtime
from service.worker import Worker
from tests.factories import make_invitation
from tests.support.alerts import make_user, raise_alert
from tests.support.smtp import LocalSmtp, smtp_server  # noqa: F401

CHILD = get_questionnaire("review_child")
CALM = {"review_rating": ["ok"], "feel_safe": ["safe"]}


def iro(session: Session, now: datetime, code: str = "IRO-A") -> User:
    user = make_user(session, StaffRole.IRO, now, email=f"{code.lower()}@council.test")
    user.iro_code = code
    return user


def answer(
    session: Session,
    now: datetime,
    raw: dict[str, list[str]],
    *,
    language: str = "en",
    policy: AlertPolicy | None = None,
    **review: object,
) -> ReadingItem | None:
    issued = make_invitation(session, now, **review)
    recorded = record_response(
        session,
        parse_answers(CHILD, raw),
        channel=Channel.WEB,
        language=language,
        now=now,
        invitation=issued.invitation,
        policy=policy,
    )
    return session.scalar(
        select(ReadingItem).where(ReadingItem.response_id == recorded.response.id)
    )


def test_working_days_skip_weekends_and_english_bank_holidays() -> None:
    monday = datetime(2026, 11, 2, 9, 30)
    assert add_working_days(monday, 2) == datetime(2026, 11, 4, 9, 30)
    assert add_working_days(datetime(2026, 11, 6, 15, 0), 2) == datetime(2026, 11, 10, 15, 0)
    assert add_working_days(datetime(2026, 11, 7, 10, 0), 2) == datetime(2026, 11, 10, 10, 0)
    # Good Friday and Easter Monday 2026 are bank holidays; so are Christmas and Boxing Day (28th).
    assert add_working_days(datetime(2026, 4, 2, 12, 0), 2) == datetime(2026, 4, 8, 12, 0)
    assert add_working_days(datetime(2026, 12, 24, 12, 0), 1) == datetime(2026, 12, 29, 12, 0)


def test_words_the_screen_cannot_read_need_an_interpreter() -> None:
    assert covers("en") and covers("ar") and not covers("ti") and not covers("fa")
    assert not needs_interpreter("I would like more time with my brother", "en")
    assert needs_interpreter("می‌خواهم برادرم را ببینم", "fa")  # a language with no terms
    assert needs_interpreter("ما أريد أن أعود إلى البيت", "en")  # another script than the form's
    assert needs_interpreter("ሰላም ነው", "en")
    assert not needs_interpreter("OK 👍 :)", "en")  # no letters: nothing in another script


def test_a_review_answer_with_words_goes_to_the_childs_iro_due_in_two_working_days(
    runtime: Runtime,
) -> None:
    now = runtime.now()
    with runtime.sessions.begin() as db:
        mine = iro(db, now)
        iro(db, now, "IRO-B")
        item = answer(db, now, {**CALM, "do_better": ["More notice please"]}, iro="IRO-A")
        assert item is not None
        assert (item.reader_id, item.reader_role) == (mine.id, StaffRole.IRO)
        assert item.reason == "words" and item.urgency_rank == 2
        assert item.due_at == datetime(2026, 11, 4, 9, 30)  # START is a Monday
        note = db.scalars(
            select(OutboxMessage).where(OutboxMessage.reading_item_id == item.id)
        ).one()
        assert note.recipient == "iro-a@council.test"
        assert "More notice" not in note.body and "REF-" not in note.body


def test_a_response_with_no_words_and_no_worry_needs_no_reader(session: Session) -> None:
    assert answer(session, datetime(2026, 11, 2, 9, 30), CALM) is None


def test_a_worried_answer_is_read_urgent_first_even_without_words(runtime: Runtime) -> None:
    with runtime.sessions.begin() as db:
        item = answer(db, runtime.now(), {**CALM, "feel_safe": ["not_safe"]})
        assert item is not None and item.reason == "worry" and item.urgency_rank == 0
        assert item.reader_id is None  # no IRO account for IRO-A yet: the managers see it


OVER = "when i was little my dad used to hit me but he went to prison and we are safe now"


def test_a_worry_told_as_over_raises_no_alert_and_is_read_first_of_the_words(
    runtime: Runtime,
) -> None:
    now = runtime.now()
    with runtime.sessions.begin() as db:
        mine = iro(db, now)
        earlier = answer(db, now, {**CALM, "do_better": ["More notice please"]}, iro="IRO-A")
        later = runtime.now() + timedelta(hours=3)
        told = answer(
            db, later, {**CALM, "do_better": [OVER]}, iro="IRO-A", review_date=date(2026, 10, 1)
        )
        assert earlier is not None and told is not None
        assert told.reason == f"words, {TOLD_AS_OVER}" and told.urgency_rank == 2
        assert db.scalar(select(Alert)) is None
        unread = reading_queue(db, mine.id, StaffRole.IRO).unread
        assert [i.id for i in unread] == [told.id, earlier.id]  # due later, read first


def test_a_worry_that_is_back_alerts_and_is_not_marked_told_as_over(runtime: Runtime) -> None:
    back = "my dad used to hit me but he went to prison. now hes out and it started again"
    with runtime.sessions.begin() as db:
        item = answer(db, runtime.now(), {**CALM, "do_better": [back]})
        assert item is not None and item.reason == "words, worry" and item.urgency_rank == 0
        assert db.scalar(select(Alert)) is not None


def test_routing_follows_the_councils_settings(runtime: Runtime) -> None:
    now = runtime.now()
    policy = AlertPolicy(reading=ReadingPolicy(review_reader="Lead@Council.test"))
    with runtime.sessions.begin() as db:
        lead = make_user(db, StaffRole.SAFEGUARDING_LEAD, now, email="lead@council.test")
        item = answer(db, now, {**CALM, "do_better": ["ok"]}, policy=policy)
        assert item is not None and item.reader_id == lead.id


def test_an_anonymous_campaign_comment_goes_to_the_participation_officer(
    runtime: Runtime,
) -> None:
    now = runtime.now()
    with runtime.sessions.begin() as db:
        officer = make_user(db, StaffRole.PARTICIPATION_OFFICER, now)
        alert = raise_alert(db, now, feel_safe="safe", text="my stepdad hits me", anonymous=True)
        item = db.scalars(
            select(ReadingItem).where(ReadingItem.response_id == alert.response_id)
        ).one()
        assert item.reader_id == officer.id and item.urgency_rank == 0
        assert item.reason == "words, worry"


def test_words_typed_apart_from_any_form_are_an_addendum_to_read(runtime: Runtime) -> None:
    now = runtime.now()
    via = answering.Via(Channel.TELEGRAM, "en", now, AlertPolicy())
    with runtime.sessions.begin() as db:
        officer = make_user(db, StaffRole.PARTICIPATION_OFFICER, now)
        answering.keep_words(db, None, None, "can someone call me", via)
        (item,) = db.scalars(select(ReadingItem)).all()
        assert item.reader_id == officer.id and "words" in item.reason


def test_words_in_a_language_the_screen_cannot_read_are_cleared_only_by_a_person(
    runtime: Runtime,
) -> None:
    now = runtime.now()
    with runtime.sessions.begin() as db:
        reader = iro(db, now)
        item = answer(db, now, {**CALM, "do_better": ["ምንም የለም"]}, language="ti", child_ref="TI-1")
        assert item is not None and item.needs_interpreter and "interpreter" in item.reason
        with pytest.raises(ReadingStateError, match="interpreter"):
            mark_read(
                db, item, actor=reader, outcome="no_action", note="", interpreted=False, now=now
            )
        with pytest.raises(ReadingStateError, match="choose"):
            mark_read(db, item, actor=reader, outcome="shrug", note="", interpreted=True, now=now)
        assert item.read_at is None
        mark_read(
            db, item, actor=reader, outcome="follow_up", note="Called", interpreted=True, now=now
        )
        assert (item.outcome, item.interpreted, item.read_by_id) == (
            ReadingOutcome.FOLLOW_UP,
            True,
            reader.id,
        )
        with pytest.raises(ReadingStateError, match="already"):
            mark_read(
                db, item, actor=reader, outcome="no_action", note="", interpreted=True, now=now
            )
        audited = db.scalars(
            select(AuditEvent).where(AuditEvent.action == "reading_item_read")
        ).one()
        assert audited.detail == {"outcome": "follow_up", "interpreted": True}
        rows, summary = reading_audit(db, date(2026, 11, 2), date(2026, 11, 2), now=now)
        assert rows[0]["outcome"] == "interpreted, follow_up"
        assert (summary.items, summary.read, summary.read_in_time_pct) == (1, 1, 100.0)


def test_an_unread_item_is_reminded_at_its_due_time_then_escalated_to_the_iro_managers(
    runtime: Runtime, smtp: LocalSmtp, clock
) -> None:
    now = runtime.now()
    with runtime.sessions.begin() as db:
        iro(db, now)
        make_user(db, StaffRole.IRO_MANAGER, now, email="manager1@council.test")
        make_user(db, StaffRole.IRO_MANAGER, now, email="manager2@council.test")
        item = answer(db, now, {**CALM, "do_better": ["I miss my mum"]}, child_ref="CASE-4455")
        assert item is not None
        item_id, due = item.id, item.due_at
    smtp.start()
    settings = dataclasses.replace(runtime.settings, smtp_url=smtp.url)
    worker = Worker(dataclasses.replace(runtime, settings=settings))
    assert worker.run_once().sent == 1  # the reader is told there are words to read
    assert smtp.recipients == [["iro-a@council.test"]]
    clock.current = due.replace(hour=0, minute=0)  # the morning of the due day
    report = worker.run_once()
    assert (report.reading_reminded, report.reading_escalated) == (0, 0)
    clock.current = due
    report = worker.run_once()
    assert (report.reading_reminded, report.reading_escalated) == (1, 0)
    assert smtp.recipients[-1] == ["iro-a@council.test"]
    assert "Reminder" in smtp.subjects()[-1]
    clock.current = add_working_days(due, 1)
    report = worker.run_once()
    assert (report.reading_reminded, report.reading_escalated) == (0, 1)
    assert sorted(r[0] for r in smtp.recipients[-2:]) == [
        "manager1@council.test",
        "manager2@council.test",
    ]
    assert worker.run_once().reading_escalated == 0  # told once
    for mail in smtp.messages:
        text = mail.as_string()
        assert f"https://feedback.test/staff/reading/{item_id}" in text
        assert "miss my mum" not in text and "CASE-4455" not in text
    with runtime.sessions() as db:
        rows, summary = reading_audit(db, date(2026, 11, 1), date(2026, 11, 30), now=runtime.now())
        assert rows[0]["read_at"] is None and rows[0]["reader"] == "Iro"
        assert summary.overdue == 1 and summary.read == 0 and summary.read_in_time_pct == 0.0


def test_an_anonymous_worry_kept_while_the_database_was_down_goes_to_the_officer(
    runtime: Runtime,
) -> None:
    """What the worker stores from the worry spool (nothing says whose it is) is read too."""
    now = runtime.now()
    via = answering.Via(Channel.WEB, "en", now, AlertPolicy())
    raw = {"feel_safe": ["not_safe"], "do_better": ["please help me"]}
    with runtime.sessions.begin() as db:
        officer = make_user(db, StaffRole.PARTICIPATION_OFFICER, now)
        outcome = answering.rescue(db, None, CHILD, raw, via)
        assert outcome.anonymous and outcome.alerts
        (item,) = db.scalars(select(ReadingItem)).all()
        assert item.reader_id == officer.id and item.urgency_rank == 0


def test_a_subject_access_export_shows_who_read_the_words_and_erasure_takes_the_item(
    runtime: Runtime,
) -> None:
    now = runtime.now()
    with runtime.sessions.begin() as db:
        reader = iro(db, now)
        item = answer(db, now, {**CALM, "do_better": ["More notice"]}, child_ref="SAR-1")
        assert item is not None
        mark_read(
            db, item, actor=reader, outcome="no_action", note="Fine", interpreted=False, now=now
        )
        (response,) = export_child_data(db, "SAR-1", now=now)["responses"]
        assert response["reading"]["outcome"] == "no_action"
        assert response["reading"]["note"] == "Fine"
        erase_child(db, "SAR-1", now=now)
        assert db.scalars(select(ReadingItem)).all() == []


def test_a_worry_raised_before_sending_is_read_even_if_the_child_never_sends(
    runtime: Runtime,
) -> None:
    now = runtime.now()
    via = answering.Via(Channel.TELEGRAM, "en", now, AlertPolicy())
    unit = answering.StepUnit.QUESTION

    def step(subject: answering.Subject, question: str, value: str, move: answering.Move):
        at = answering.step_of(CHILD, unit, question)
        return answering.answer_step(db, subject, unit, at, {question: [value]}, move=move, via=via)

    with runtime.sessions.begin() as db:
        reader = iro(db, now)
        issued = make_invitation(db, now)
        subject = answering.Subject(now, CHILD.key, invitation_id=issued.invitation.id)
        # "Not safe", then Back (stored, not sent): the child may stop here.
        outcome = step(subject, "feel_safe", "not_safe", answering.Move.BACK)
        assert outcome.alerts and outcome.result is answering.Result.SAVED
        (item,) = db.scalars(select(ReadingItem)).all()
        assert (item.reader_id, item.reason, item.urgency_rank) == (reader.id, "worry", 0)
        step(subject, "do_better", "ምንም የለም", answering.Move.NEXT)
        sent = step(subject, "feel_safe", "not_safe", answering.Move.NEXT)
        assert sent.result is answering.Result.SENT
        (again,) = db.scalars(select(ReadingItem)).all()
        assert again.id == item.id and again.needs_interpreter
        assert again.reason == "words, worry, interpreter"
