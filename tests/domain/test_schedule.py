"""The council's timetable: consultations before reviews and feedback after, issued once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from service.domain.invitations import TokenState, look_up_token
from service.domain.schedule import Timetable, run_schedule
from service.models import Invitation, Role
from service.scheduled_letters import run_scheduled
from service.worker import Worker
from tests.factories import make_review

NOW = datetime(2026, 11, 2, 9, 30)  # the test clock's start
SECRET = "test-secret"


def keys(session) -> list[tuple[str, str, Role]]:  # type: ignore[no-untyped-def]
    rows = session.execute(select(Invitation).order_by(Invitation.id)).scalars()
    return [(i.review.child.child_ref, i.questionnaire_key, i.role) for i in rows]


def test_pre_review_goes_out_ahead_and_feedback_after(session) -> None:
    make_review(session, child_ref="SOON", review_date=date(2026, 11, 20))
    make_review(session, child_ref="LATER", review_date=date(2026, 12, 20))
    make_review(session, child_ref="TODAY", review_date=date(2026, 11, 2))
    make_review(session, child_ref="DONE", review_date=date(2026, 10, 30))
    make_review(session, child_ref="LONG_AGO", review_date=date(2026, 9, 1))
    run = run_schedule(session, Timetable(), now=NOW, secret=SECRET)
    assert [x.review.child.child_ref for x in run.pre_review] == ["SOON"]
    assert [x.code.invitation.role for x in run.feedback] == [Role.CHILD, Role.CARER, Role.PARENT]
    assert {x.review.child.child_ref for x in run.feedback} == {"DONE"}
    (pre,) = run.pre_review
    assert pre.code.invitation.questionnaire_key == "pre_review"
    assert pre.code.invitation.expires_at == datetime(2026, 11, 21)
    assert look_up_token(session, pre.code.token, NOW).state is TokenState.VALID


def test_running_twice_issues_nothing_twice(session) -> None:
    make_review(session, child_ref="SOON", review_date=date(2026, 11, 20))
    make_review(session, child_ref="DONE", review_date=date(2026, 10, 30))
    first = run_schedule(session, Timetable(), now=NOW, secret=SECRET)
    again = run_schedule(session, Timetable(), now=NOW + timedelta(hours=1), secret=SECRET)
    assert (len(first.pre_review), len(first.feedback)) == (1, 3)
    assert (again.pre_review, again.feedback) == ([], [])
    assert len(keys(session)) == 4


def test_a_part_set_to_minus_one_is_off(session) -> None:
    make_review(session, child_ref="SOON", review_date=date(2026, 11, 20))
    make_review(session, child_ref="DONE", review_date=date(2026, 10, 30))
    run = run_schedule(session, Timetable(pre_review_days_before=-1), now=NOW, secret=SECRET)
    assert run.pre_review == [] and len(run.feedback) == 3
    run = run_schedule(session, Timetable(feedback_days_after=-1), now=NOW, secret=SECRET)
    assert len(run.pre_review) == 1 and run.feedback == []


def test_a_care_leaver_is_consulted_as_one(session) -> None:
    make_review(session, child_ref="OLDER", review_date=date(2026, 11, 20), age=18)
    (letter,) = run_schedule(session, Timetable(), now=NOW, secret=SECRET).pre_review
    assert letter.code.invitation.role is Role.CARE_LEAVER


def test_a_run_writes_its_new_letters_and_the_worker_runs_it(runtime, tmp_path) -> None:
    decode = pytest.importorskip("tests.qr.decode")
    with runtime.sessions.begin() as db:
        make_review(db, child_ref="SOON", review_date=date(2026, 11, 20), language="ar")
    report = run_scheduled(runtime, str(tmp_path))
    assert (report.pre_review, report.feedback) == (1, 0)
    (path,) = report.files
    assert path.name.endswith("-pre_review.pdf")
    pages = decode.decode_pdf_page_codes(path.read_bytes())
    assert [len(codes) for codes in pages] == [1]
    assert run_scheduled(runtime, str(tmp_path)).files == ()
    with runtime.sessions.begin() as db:
        make_review(db, child_ref="DONE", review_date=date(2026, 10, 30))
    enabled = replace(runtime, settings=replace(runtime.settings, schedule_enabled=True))
    assert Worker(enabled, senders={}).run_once().scheduled == 3
    assert Worker(enabled, senders={}).run_once().scheduled == 0
    assert Worker(runtime, senders={}).run_once().scheduled == 0


def test_schedule_command(runner, runtime, tmp_path) -> None:
    with runtime.sessions.begin() as db:
        make_review(db, child_ref="SOON", review_date=date(2026, 11, 20))
        make_review(db, child_ref="DONE", review_date=date(2026, 10, 30))
    result = runner.invoke(args=["schedule", "run", "--letters-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "pre-review consultations issued: 1; review feedback issued: 3" in result.output
    assert len(list(tmp_path.glob("*.pdf"))) == 2
    again = runner.invoke(args=["schedule", "run", "--letters-dir", str(tmp_path)])
    assert "issued: 0; review feedback issued: 0" in again.output
    assert len(list(tmp_path.glob("*.pdf"))) == 2
