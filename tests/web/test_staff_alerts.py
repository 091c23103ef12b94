"""Staff alert pages: by role, urgent and oldest first, identity views audited, nothing deleted."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.models import Alert, AlertStatus, AuditEvent, StaffRole
from service.runtime import Runtime
from tests.support.alerts import make_user, raise_alert
from tests.web.helpers import csrf_token
from tests.web.staff.staff_helpers import pass_second_factor


def signed_in(client: FlaskClient, runtime: Runtime, role: StaffRole) -> FlaskClient:
    with runtime.sessions.begin() as db:
        make_user(db, role, runtime.now())
    page = client.get("/staff/login").get_data(as_text=True)
    reply = client.post(
        "/staff/login",
        data={
            "csrf_token": csrf_token(page),
            "email": f"{role.value}@council.test",
            "password": "correct horse battery",
        },
    )
    assert reply.status_code == 303
    pass_second_factor(client, runtime, f"{role.value}@council.test")
    return client


def alert_ids_in_order(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'href="/staff/alerts/(\d+)"', html)]


def test_queue_shows_urgent_first_then_oldest_with_time_waiting(
    client: FlaskClient, runtime: Runtime, clock
) -> None:
    with runtime.sessions.begin() as db:
        old_high = raise_alert(db, runtime.now(), feel_safe="not_sure").id
        clock.advance(minutes=30)
        urgent = raise_alert(db, runtime.now()).id
        clock.advance(minutes=5)
        new_high = raise_alert(db, runtime.now(), feel_safe="not_sure").id
    clock.advance(minutes=10)
    html = (
        signed_in(client, runtime, StaffRole.SAFEGUARDING_LEAD)
        .get("/staff/alerts")
        .get_data(as_text=True)
    )
    assert alert_ids_in_order(html) == [urgent, old_high, new_high]
    assert "45 min" in html and "15 min" in html


def test_roles_without_safeguarding_duties_are_refused(
    client: FlaskClient, runtime: Runtime
) -> None:
    with runtime.sessions.begin() as db:
        alert_id = raise_alert(db, runtime.now()).id
    signed_in(client, runtime, StaffRole.IRO)
    assert client.get("/staff/alerts").status_code == 403
    assert client.get(f"/staff/alerts/{alert_id}").status_code == 403


def test_participation_officer_sees_only_anonymous_alerts_and_never_identities(
    client: FlaskClient, runtime: Runtime
) -> None:
    with runtime.sessions.begin() as db:
        case_alert = raise_alert(db, runtime.now()).id
        anon = raise_alert(
            db, runtime.now(), feel_safe="safe", text="i want to run away", anonymous=True
        ).id
    signed_in(client, runtime, StaffRole.PARTICIPATION_OFFICER)
    assert alert_ids_in_order(client.get("/staff/alerts").get_data(as_text=True)) == [anon]
    page = client.get(f"/staff/alerts/{anon}").get_data(as_text=True)
    assert "anonymous" in page and "i want to run away" in page
    assert client.get(f"/staff/alerts/{case_alert}").status_code == 404
    assert client.get(f"/staff/alerts/{case_alert}/who").status_code == 403


def test_identity_is_shown_to_the_safeguarding_lead_and_every_view_is_audited(
    client: FlaskClient, runtime: Runtime
) -> None:
    with runtime.sessions.begin() as db:
        alert = raise_alert(db, runtime.now(), child_ref="CASE-4242")
    signed_in(client, runtime, StaffRole.SAFEGUARDING_LEAD)
    detail = client.get(f"/staff/alerts/{alert.id}").get_data(as_text=True)
    assert "CASE-4242" not in detail and f"/staff/alerts/{alert.id}/who" in detail
    for _ in range(2):
        assert "CASE-4242" in client.get(f"/staff/alerts/{alert.id}/who").get_data(as_text=True)
    with runtime.sessions() as db:
        views = db.scalars(
            select(AuditEvent).where(AuditEvent.action == "view_child_identity")
        ).all()
    assert len(views) == 2
    assert {(v.object_id, v.child_id, v.actor_label) for v in views} == {
        (str(alert.id), alert.child_id, "safeguarding_lead@council.test")
    }


def test_lead_acknowledges_records_action_and_closes_with_outcome(
    client: FlaskClient, runtime: Runtime
) -> None:
    with runtime.sessions.begin() as db:
        alert_id = raise_alert(db, runtime.now()).id
    signed_in(client, runtime, StaffRole.SAFEGUARDING_LEAD)

    def post(step: str, **data: str) -> None:
        page = client.get(f"/staff/alerts/{alert_id}").get_data(as_text=True)
        reply = client.post(
            f"/staff/alerts/{alert_id}/{step}", data={"csrf_token": csrf_token(page), **data}
        )
        assert reply.status_code == 303

    post("close", outcome="too early")
    assert "Acknowledge the alert first" in client.get(f"/staff/alerts/{alert_id}").get_data(
        as_text=True
    )
    post("acknowledge")
    post("action", note="Rang the foster carer; child safe tonight")
    post("close", outcome="Strategy meeting held; plan in place")
    page = client.get(f"/staff/alerts/{alert_id}").get_data(as_text=True)
    assert "Rang the foster carer" in page and "by Safeguarding Lead" in page
    with runtime.sessions() as db:
        stored = db.get(Alert, alert_id)
        assert stored is not None and stored.status is AlertStatus.CLOSED
        assert stored.outcome == "Strategy meeting held; plan in place"


def test_there_is_no_way_to_delete_an_alert(app: Flask) -> None:
    alert_rules = [r for r in app.url_map.iter_rules() if "/alerts" in r.rule]
    assert alert_rules
    for rule in alert_rules:
        assert "DELETE" not in (rule.methods or set())
        assert "delete" not in rule.rule and "remove" not in rule.rule
