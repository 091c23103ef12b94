"""Retention purges what is past its time; subject access exports a child's data; erasure keeps alerts and audit."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from flask.testing import FlaskCliRunner
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from service.domain.alert_views import reveal_child
from service.domain.alerts import acknowledge_alert, close_alert, record_alert_action
from service.domain.responses import AnswerInput, record_response
from service.domain.retention import RetentionPolicy, run_retention
from service.domain.subject_access import erase_child, export_child_data, to_readable
from service.domain.users import create_user
from service.models import (
    Alert,
    Answer,
    AuditEvent,
    BotChat,
    Channel,
    Child,
    Invitation,
    Response,
    Role,
    StaffRole,
    User,
)
from service.runtime import Runtime
from tests.conftest import Clock
from tests.factories import make_invitation, make_review

POLICY = RetentionPolicy(
    free_text=timedelta(days=365),
    expired_invitations=timedelta(days=90),
    chats=timedelta(days=180),
    bot_updates=timedelta(days=7),
    staff_sessions=timedelta(days=30),
    alert_words=timedelta(days=365),
    case_references=timedelta(days=730),
)
WORRIED = {
    "spoke_to_iro": AnswerInput("spoke_to_iro", value="yes"),
    "felt_involved": AnswerInput("felt_involved", value="yes"),
    "review_rating": AnswerInput("review_rating", value="happy"),
    "do_better": AnswerInput("do_better", text="my carer hits me and I am scared"),
    "feel_safe": AnswerInput("feel_safe", value="safe"),
}


def _respond(
    db: Session,
    runtime: Runtime,
    child_ref: str,
    text: str = "Shorter meetings please",
    review_date: date = date(2026, 11, 20),
) -> Response:
    invitation = make_invitation(
        db, runtime.now(), child_ref=child_ref, review_date=review_date
    ).invitation
    answers = {**WORRIED, "do_better": AnswerInput("do_better", text=text)}
    return record_response(
        db, answers, channel=Channel.WEB, language="en", now=runtime.now(), invitation=invitation
    ).response


def _count(db: Session, model: type) -> int:
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_retention_blanks_old_free_text_but_keeps_its_analysis(
    runtime: Runtime, clock: Clock
) -> None:
    with runtime.sessions.begin() as db:
        _respond(db, runtime, "OLD-1")
    clock.advance(days=400)
    with runtime.sessions.begin() as db:
        _respond(db, runtime, "NEW-1", "Recent words")
        report = run_retention(db, POLICY, now=runtime.now())
    assert report.free_text_answers == 1
    with runtime.sessions() as db:
        texts = set(db.scalars(select(Answer.text).where(Answer.question_id == "do_better")))
        assert texts == {None, "Recent words"}
        assert all(
            t is not None
            for t in db.scalars(select(Answer.themes).where(Answer.question_id == "do_better"))
        )


def test_retention_deletes_long_expired_unused_invitations_and_old_chats(
    runtime: Runtime, clock: Clock
) -> None:
    with runtime.sessions.begin() as db:
        make_invitation(db, runtime.now(), child_ref="UNUSED-1", ttl=timedelta(days=1))
        used = _respond(db, runtime, "USED-1")
        db.add(BotChat(chat_id=42, updated_at=runtime.now()))
    clock.advance(days=200)
    with runtime.sessions.begin() as db:
        report = run_retention(db, POLICY, now=runtime.now())
    assert (report.expired_invitations, report.chats) == (1, 1)
    with runtime.sessions() as db:
        assert list(db.scalars(select(Invitation.id))) == [used.invitation_id]
        assert _count(db, BotChat) == 0


def _retention_audits(runtime: Runtime) -> list[dict[str, object]]:
    with runtime.sessions() as db:
        query = select(AuditEvent.detail).where(AuditEvent.action == "retention_run")
        return [d for d in db.scalars(query.order_by(AuditEvent.id)) if d is not None]


def test_retention_records_the_rows_it_purged_not_the_policys_days(
    runtime: Runtime, clock: Clock
) -> None:
    with runtime.sessions.begin() as db:
        for ref in ("GONE-1", "GONE-2"):
            make_invitation(db, runtime.now(), child_ref=ref, ttl=timedelta(days=1))
        db.add(BotChat(chat_id=42, updated_at=runtime.now()))
    clock.advance(days=100)  # past the invitations' 90 days, not the chat's 180
    for _ in range(2):
        with runtime.sessions.begin() as db:
            run_retention(db, POLICY, now=runtime.now())
    first, second = _retention_audits(runtime)
    assert (first["expired_invitations"], first["chats"], first["bot_updates"]) == (2, 0, 0)
    assert first["policy_days"] == {
        "free_text": 365,
        "expired_invitations": 90,
        "chats": 180,
        "bot_updates": 7,
        "staff_sessions": 30,
        "alert_words": 365,
        "case_references": 730,
    }
    assert {k: v for k, v in second.items() if k != "policy_days"} == {
        "free_text_answers": 0,
        "expired_invitations": 0,
        "chats": 0,
        "bot_updates": 0,
        "staff_sessions": 0,
        "alert_words": 0,
        "case_references": 0,
    }


def _staff(db: Session, runtime: Runtime) -> User:
    return create_user(
        db,
        email="lead@example.gov.uk",
        display_name="Sam Lead",
        role=StaffRole.SAFEGUARDING_LEAD,
        password="a long enough password",
        now=runtime.now(),
    )


def _close(db: Session, runtime: Runtime, alert: Alert, actor: User) -> None:
    acknowledge_alert(db, alert, actor=actor, now=runtime.now())
    record_alert_action(db, alert, actor=actor, note="Rang the social worker", now=runtime.now())
    close_alert(db, alert, actor=actor, outcome="Child safe, plan updated", now=runtime.now())


def test_retention_removes_a_closed_alerts_words_and_keeps_the_alert(
    runtime: Runtime, clock: Clock
) -> None:
    with runtime.sessions.begin() as db:
        lead = _staff(db, runtime)
        _respond(db, runtime, "ALERT-OLD", "my carer hits me and I am scared")
        (old,) = db.scalars(select(Alert)).all()
        _close(db, runtime, old, lead)
        _respond(db, runtime, "ALERT-OPEN", "my carer hits me and I am scared")
    with runtime.sessions() as db:
        kept = {
            a.id: (a.category, a.urgency, a.created_at, a.closed_at, a.outcome, len(a.events))
            for a in db.scalars(select(Alert))
        }
        audit_before = _count(db, AuditEvent)
    clock.advance(days=400)  # past the 365 days of alert words; the open alert is still open
    with runtime.sessions.begin() as db:
        report = run_retention(db, POLICY, now=runtime.now())
    assert report.alert_words == 1
    with runtime.sessions() as db:
        alerts = {a.id: a for a in db.scalars(select(Alert))}
        assert (alerts[old.id].excerpt, alerts[old.id].matched) == (None, [])
        open_alert = next(a for a in alerts.values() if a.id != old.id)
        assert open_alert.excerpt and "hits me" in open_alert.excerpt and open_alert.matched
        assert {
            a.id: (a.category, a.urgency, a.created_at, a.closed_at, a.outcome, len(a.events))
            for a in alerts.values()
        } == kept
        assert _count(db, AuditEvent) == audit_before + 1


def test_retention_removes_case_references_only_when_nothing_about_the_child_is_recent(
    runtime: Runtime, clock: Clock
) -> None:
    with runtime.sessions.begin() as db:
        lead = _staff(db, runtime)
        _respond(db, runtime, "QUIET-1", "Shorter meetings please")
        _respond(db, runtime, "REVIEWED-1", "Shorter meetings please")
        _respond(db, runtime, "WORRIED-1", "my carer hits me and I am scared")
        closed = _respond(db, runtime, "CLOSED-1", "my carer hits me and I am scared")
        (alert,) = db.scalars(select(Alert).where(Alert.response_id == closed.id))
        # Created on the test clock, not the machine's (the factory's default is the real now).
        db.execute(update(Child).values(created_at=runtime.now()))
    clock.advance(days=500)
    with runtime.sessions.begin() as db:
        _close(db, runtime, db.get(Alert, alert.id), db.get(User, lead.id))  # closed 500 days on
    clock.advance(days=300)  # 800 days: past 730 for all but the alert closed 300 days ago
    with runtime.sessions.begin() as db:
        make_review(db, child_ref="REVIEWED-1", review_date=runtime.now().date())
        report = run_retention(db, POLICY, now=runtime.now())
        again = run_retention(db, POLICY, now=runtime.now())
    assert (report.case_references, again.case_references) == (1, 0)
    with runtime.sessions() as db:
        refs = {c.code: c.child_ref for c in db.scalars(select(Child))}
        (quiet_id,) = db.scalars(select(Child.id).where(Child.child_ref.like("expired-%")))
    assert sorted(refs.values()) == sorted(
        ["CLOSED-1", "REVIEWED-1", "WORRIED-1", f"expired-{quiet_id}"]
    )


def test_retention_command_prints_counts(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["retention", "run"])
    assert result.exit_code == 0 and "free text answers: 0 purged" in result.output


def test_subject_access_export_holds_what_the_child_said_and_who_looked(runtime: Runtime) -> None:
    with runtime.sessions.begin() as db:
        _respond(db, runtime, "SAR-1", "I want to see my brother")
        data = export_child_data(db, "SAR-1", now=runtime.now())
    said = [a["text"] for r in data["responses"] for a in r["answers"] if a["text"]]
    assert said == ["I want to see my brother"]
    assert data["child"]["case_reference"] == "SAR-1" and len(data["reviews"]) == 1
    assert "I want to see my brother" in to_readable(data)
    json.dumps(data)
    with runtime.sessions() as db:
        assert db.scalar(select(AuditEvent.action).where(AuditEvent.action == "sar_export"))


def test_sar_command_writes_readable_and_json_files(
    runner: FlaskCliRunner, runtime: Runtime, tmp_path: Path
) -> None:
    with runtime.sessions.begin() as db:
        _respond(db, runtime, "SAR-2")
    result = runner.invoke(args=["sar", "export", "--child-ref", "SAR-2", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (json_file,) = tmp_path.glob("sar-*.json")
    (text_file,) = tmp_path.glob("sar-*.txt")
    assert json.loads(json_file.read_text())["child"]["case_reference"] == "SAR-2"
    assert "SAR-2" not in json_file.name and "Shorter meetings please" in text_file.read_text()


def test_sar_command_says_when_no_child_matches(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["sar", "export", "--child-ref", "NOBODY"])
    assert result.exit_code != 0 and "No child has that case reference" in result.output


def test_erasure_removes_words_and_reference_but_keeps_alerts_and_audit(runtime: Runtime) -> None:
    with runtime.sessions.begin() as db:
        _respond(db, runtime, "ERASE-1", "my carer hits me and I am scared")
        _respond(db, runtime, "ERASE-1", "Shorter meetings please", date(2027, 5, 1))
    with runtime.sessions() as db:
        alerts_before = _count(db, Alert)
        audit_before = _count(db, AuditEvent)
    assert alerts_before >= 1
    with runtime.sessions.begin() as db:
        report = erase_child(db, "ERASE-1", now=runtime.now())
    assert report.responses_deleted == 1 and report.answers_blanked == 1
    with runtime.sessions() as db:
        assert _count(db, Alert) == alerts_before
        assert _count(db, AuditEvent) == audit_before + 1
        assert db.scalar(select(Child.child_ref)).startswith("erased-")
        assert list(db.scalars(select(Answer.text).where(Answer.text.is_not(None)))) == []


def test_erase_command_needs_confirmation(runner: FlaskCliRunner, runtime: Runtime) -> None:
    with runtime.sessions.begin() as db:
        _respond(db, runtime, "ERASE-2")
    assert runner.invoke(args=["sar", "erase", "--child-ref", "ERASE-2"]).exit_code != 0
    result = runner.invoke(args=["sar", "erase", "--child-ref", "ERASE-2", "--yes"])
    assert result.exit_code == 0 and "alerts and audit log kept" in result.output


ADULT = {
    "spoke_to_iro": AnswerInput("spoke_to_iro", value="yes"),
    "felt_involved": AnswerInput("felt_involved", value="no"),
    "review_rating": AnswerInput("review_rating", value="sad"),
}


def _adult_answers(db: Session, runtime: Runtime, role: Role, text: str, language: str) -> None:
    day = date(2026, 11, 21 if role is Role.CARER else 22)  # a review each: one invitation per role
    invitation = make_invitation(
        db, runtime.now(), child_ref="SAR-3", role=role, review_date=day
    ).invitation
    answers = {**ADULT, "do_better": AnswerInput("do_better", text=text)}
    record_response(
        db,
        answers,
        channel=Channel.WEB,
        language=language,
        now=runtime.now(),
        invitation=invitation,
    )


def test_subject_access_marks_carers_and_parents_answers_and_leaves_out_what_identifies_them(
    runtime: Runtime,
) -> None:
    with runtime.sessions.begin() as db:
        _respond(db, runtime, "SAR-3", "I want to see my brother")
        carer_words = "I am Brenda Okafor, his foster carer; my husband hits him and he is scared"
        _adult_answers(db, runtime, Role.CARER, carer_words, "en")
        _adult_answers(
            db, runtime, Role.PARENT, "This is Dawit, his dad: call me on 07700 900123", "ti"
        )
        data = export_child_data(db, "SAR-3", now=runtime.now())
    exported, readable = json.dumps(data, ensure_ascii=False), to_readable(data)
    for identifying in ("Brenda", "Okafor", "husband", "Dawit", "07700", '"ti"'):
        assert identifying not in exported and identifying not in readable
    by_role = {r["role"]: r for r in data["responses"]}
    assert by_role["child"]["third_party"] is False
    assert "I want to see my brother" in readable
    for role in ("carer", "parent"):
        theirs = by_role[role]
        assert theirs["third_party"] is True
        assert {"language", "channel", "submitted_at", "started_at"}.isdisjoint(theirs)
        assert theirs["submitted_month"] == runtime.now().strftime("%Y-%m")
        choices = {a["question_id"]: a.get("value") for a in theirs["answers"]}
        assert choices["felt_involved"] == "no" and choices["do_better"] is None
        assert {"question_id": "do_better", "their_words_withheld": True} in theirs["answers"]
    adults = [i for i in data["invitations"] if i["role"] in ("carer", "parent")]
    assert len(adults) == 2 and all(i["third_party"] and "language" not in i for i in adults)
    # The carer's words raised an alert: it is listed, without the words.
    assert [a["third_party"] for a in data["alerts"]] == [True]
    for alert in data["alerts"]:
        assert alert["third_party"] is ("excerpt" not in alert)
    assert "third party: yes" in readable and "carer or a parent" in readable


def test_after_both_periods_an_alert_says_the_reference_is_no_longer_held(
    runtime: Runtime, clock: Clock
) -> None:
    with runtime.sessions.begin() as db:
        lead = _staff(db, runtime)
        _respond(db, runtime, "LONG-AGO", "my carer hits me and I am scared")
        (alert,) = db.scalars(select(Alert)).all()
        _close(db, runtime, alert, lead)
        db.execute(update(Child).values(created_at=runtime.now()))
    clock.advance(days=800)
    with runtime.sessions.begin() as db:
        report = run_retention(db, POLICY, now=runtime.now())
        assert (report.alert_words, report.case_references) == (1, 1)
        kept = db.get(Alert, alert.id)
        assert kept is not None and kept.category and kept.urgency and kept.closed_at
        who = reveal_child(db, kept, actor=db.get(User, lead.id), now=runtime.now())
    assert who.child_ref == "not held: removed after the retention period"
