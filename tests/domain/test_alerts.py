"""Alerts are notified with their response, worked by people, escalated in time, never deleted."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from service.domain.alerts import (
    AlertPolicy,
    AlertStateError,
    acknowledge_alert,
    close_alert,
    escalate_overdue,
    record_alert_action,
)
from service.models import Alert, AlertStatus, AuditEvent, OutboxMessage, StaffRole, Urgency
from service.runtime import Runtime
from tests.support.alerts import make_user, raise_alert

POLICY = AlertPolicy(escalation_contacts=("duty@council.test", "head@council.test"))


def keys(runtime: Runtime) -> list[str]:
    with runtime.sessions() as db:
        return list(db.scalars(select(OutboxMessage.idempotency_key).order_by(OutboxMessage.id)))


def test_alert_and_its_notification_commit_together_or_not_at_all(runtime: Runtime) -> None:
    with pytest.raises(RuntimeError), runtime.sessions.begin() as db:
        raise_alert(db, runtime.now())
        raise RuntimeError("the request failed after raising the alert")
    assert keys(runtime) == []
    with runtime.sessions.begin() as db:
        alert = raise_alert(db, runtime.now())
    assert keys(runtime) == [f"alert:{alert.id}:raised:email"]


def test_unacknowledged_urgent_alert_escalates_each_hour_to_the_next_contact(
    runtime: Runtime, clock
) -> None:
    with runtime.sessions.begin() as db:
        alert_id = raise_alert(db, runtime.now()).id
    contacts = []
    for minutes in (59, 2, 59, 2, 60):
        clock.advance(minutes=minutes)
        with runtime.sessions.begin() as db:
            for escalated in escalate_overdue(db, policy=POLICY, now=runtime.now()):
                contacts.append(
                    (escalated.escalation_level, escalated.events[-1].detail["contact"])
                )
    # 60 min: duty; 121 min: head; 182 min: head again (the last contact is told repeatedly)
    assert contacts == [
        (1, "duty@council.test"),
        (2, "head@council.test"),
        (3, "head@council.test"),
    ]
    assert keys(runtime)[1:] == [f"alert:{alert_id}:escalation:{n}:email" for n in (1, 2, 3)]


def test_high_alert_escalates_after_24_hours_and_stops_once_acknowledged(
    runtime: Runtime, clock
) -> None:
    with runtime.sessions.begin() as db:
        alert = raise_alert(db, runtime.now(), feel_safe="not_sure")
        lead = make_user(db, StaffRole.SAFEGUARDING_LEAD, runtime.now())
    assert alert.urgency is Urgency.HIGH
    clock.advance(hours=23, minutes=59)
    with runtime.sessions.begin() as db:
        assert escalate_overdue(db, policy=POLICY, now=runtime.now()) == []
    clock.advance(minutes=1)
    with runtime.sessions.begin() as db:
        assert len(escalate_overdue(db, policy=POLICY, now=runtime.now())) == 1
        acknowledge_alert(db, db.get(Alert, alert.id), actor=db.merge(lead), now=runtime.now())
    clock.advance(days=3)
    with runtime.sessions.begin() as db:
        assert escalate_overdue(db, policy=POLICY, now=runtime.now()) == []


def test_acknowledge_act_and_close_are_recorded_with_who_and_audited(
    runtime: Runtime, clock
) -> None:
    with runtime.sessions.begin() as db:
        alert = raise_alert(db, runtime.now())
        lead = make_user(db, StaffRole.SAFEGUARDING_LEAD, runtime.now())
        acknowledge_alert(db, alert, actor=lead, now=runtime.now())
        clock.advance(minutes=20)
        record_alert_action(db, alert, actor=lead, note="Phoned the carer", now=runtime.now())
        close_alert(db, alert, actor=lead, outcome="Child safe; plan agreed", now=runtime.now())
    with runtime.sessions() as db:
        stored = db.get(Alert, alert.id)
        assert stored is not None and stored.status is AlertStatus.CLOSED
        assert [(e.kind, e.actor_id) for e in stored.events][-3:] == [
            ("acknowledged", lead.id),
            ("action", lead.id),
            ("closed", lead.id),
        ]
        audited = db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert audited == ["alert_acknowledged", "alert_action", "alert_closed"]


def test_closing_needs_acknowledgement_first_and_a_closed_alert_cannot_change(
    runtime: Runtime,
) -> None:
    with runtime.sessions.begin() as db:
        alert = raise_alert(db, runtime.now())
        lead = make_user(db, StaffRole.SAFEGUARDING_LEAD, runtime.now())
        with pytest.raises(AlertStateError):
            close_alert(db, alert, actor=lead, outcome="done", now=runtime.now())
        acknowledge_alert(db, alert, actor=lead, now=runtime.now())
        close_alert(db, alert, actor=lead, outcome="done", now=runtime.now())
        with pytest.raises(AlertStateError):
            record_alert_action(db, alert, actor=lead, note="later", now=runtime.now())


def test_anonymous_campaign_alert_is_recorded_as_anonymous_with_what_was_said(
    runtime: Runtime,
) -> None:
    with runtime.sessions.begin() as db:
        alert = raise_alert(
            db, runtime.now(), feel_safe="safe", text="my stepdad hits me", anonymous=True
        )
    assert alert.anonymous and alert.child_id is None
    assert alert.excerpt == "my stepdad hits me"


def test_audit_lists_times_actions_escalations_and_missed_deadlines(
    runtime: Runtime, runner: FlaskCliRunner, clock
) -> None:
    with runtime.sessions.begin() as db:
        late = raise_alert(db, runtime.now())
        prompt = raise_alert(db, runtime.now(), feel_safe="not_sure")
        lead = make_user(db, StaffRole.SAFEGUARDING_LEAD, runtime.now())
        clock.advance(minutes=10)
        acknowledge_alert(db, prompt, actor=lead, now=runtime.now())
        record_alert_action(db, prompt, actor=lead, note="Visited", now=runtime.now())
        close_alert(db, prompt, actor=lead, outcome="Resolved", now=runtime.now())
    clock.advance(minutes=80)
    with runtime.sessions.begin() as db:
        escalate_overdue(db, policy=POLICY, now=runtime.now())
        acknowledge_alert(db, db.get(Alert, late.id), actor=db.merge(lead), now=runtime.now())
    result = runner.invoke(
        args=["alerts", "audit", "--from", "2026-11-01", "--to", "2026-11-02", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = {r["number"]: r for r in json.loads(result.output)}
    late_row, prompt_row = rows[f"A{late.id:06d}"], rows[f"A{prompt.id:06d}"]
    assert late_row["acknowledged_late"] and late_row["minutes_to_acknowledge"] == 90.0
    assert [e["contact"] for e in late_row["escalations"]] == ["duty@council.test"]
    assert not prompt_row["acknowledged_late"] and prompt_row["minutes_to_close"] == 10.0
    assert prompt_row["actions"][0]["note"] == "Visited"
    assert prompt_row["acknowledged_by"] == "safeguarding_lead@council.test"
    text = runner.invoke(args=["alerts", "audit", "--from", "2026-11-01", "--to", "2026-11-02"])
    assert "2 alerts" in text.output and "1 acknowledged late" in text.output
    assert (
        runner.invoke(
            args=[
                "alerts",
                "audit",
                "--from",
                "2026-11-03",
                "--to",
                "2026-11-04",
                "--format",
                "json",
            ]
        ).output.strip()
        == "[]"
    )


def test_escalation_window_follows_the_policy() -> None:
    policy = AlertPolicy(urgent_ack=timedelta(minutes=30))
    assert policy.ack_window(Urgency.URGENT) == timedelta(minutes=30)
    assert policy.ack_window(Urgency.HIGH) == timedelta(hours=24)
