"""The reading queue through the web: a worried answer and a campaign comment reach their readers
and the audit; each reader sees only their own items (managers all); reading is audited; alerts
are given to a named person and their IRO sees where they stand."""

from __future__ import annotations

import json
import re
from datetime import date

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from service.models import Alert, AlertEvent, AuditEvent, ReadingItem, Response, StaffRole
from service.runtime import Runtime
from tests.factories import make_invitation
from tests.web.helpers import csrf_token, open_form, submit
from tests.web.staff.staff_helpers import Staff, give_session, make_staff
from tests.web.test_campaign_links import ANSWERS, campaign, open_campaign, send

WORRIED = {
    "spoke_to_iro": "yes",
    "felt_involved": "yes",
    "review_rating": "ok",
    "feel_safe": "not_safe",
}


def signed_in(app: Flask, runtime: Runtime, staff: Staff):
    client = app.test_client()
    give_session(client, runtime, staff)
    return client


def invite(runtime: Runtime, **review: object) -> str:
    with runtime.sessions.begin() as db:
        return make_invitation(db, runtime.now(), **review).token  # type: ignore[arg-type]


def items(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'href="/staff/reading/(\d+)"', html)]


def send_both(app: Flask, runtime: Runtime) -> None:
    """A child answers "not safe" on the web form; someone comments on a campaign."""
    child = app.test_client()
    sent = submit(child, open_form(child, invite(runtime)), WORRIED)
    assert sent.headers["Location"].startswith("/help")
    visitor = app.test_client()
    html = open_campaign(visitor, campaign(runtime))
    assert send(visitor, html, ANSWERS).headers["Location"] == "/thanks"


def test_a_worried_web_answer_and_a_campaign_comment_appear_in_the_reading_audit(
    app: Flask, runtime: Runtime, runner: FlaskCliRunner
) -> None:
    make_staff(runtime, StaffRole.IRO, iro_code="IRO-A")
    make_staff(runtime, StaffRole.PARTICIPATION_OFFICER)
    send_both(app, runtime)
    result = runner.invoke(
        args=["reading", "audit", "--from", "2026-11-02", "--to", "2026-11-02", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    audit = json.loads(result.output)
    assert set(audit) == {"items", "summary"}
    assert audit["summary"] == {"items": 2, "read": 0, "read_in_time_pct": 0.0, "overdue": 0}
    worried, comment = audit["items"]
    for row in (worried, comment):
        assert set(row) == {"response_id", "reader", "received_at", "due_at", "read_at", "outcome"}
        assert row["due_at"] == "2026-11-04T09:30:00" and row["read_at"] is None
    assert (worried["reader"], comment["reader"]) == ("Iro", "Participation_Officer")
    text = runner.invoke(args=["alerts", "audit", "--from", "2026-11-02", "--to", "2026-11-02"])
    assert "2 items to read from 2026-11-02 to 2026-11-02; 0 read" in text.output
    both = runner.invoke(
        args=[
            *("alerts", "audit", "--from", "2026-11-02", "--to", "2026-11-02"),
            *("--format", "json", "--with-reading"),
        ]
    )
    shown = json.loads(both.output)
    assert len(shown["alerts"]) == 1 and shown["reading"]["items"] == 2


def test_each_reader_sees_only_their_own_items_and_managers_see_all(
    app: Flask, runtime: Runtime
) -> None:
    mine = make_staff(runtime, StaffRole.IRO, iro_code="IRO-A")
    other = make_staff(runtime, StaffRole.IRO, email="other@council.test", iro_code="IRO-B")
    officer = make_staff(runtime, StaffRole.PARTICIPATION_OFFICER)
    manager = make_staff(runtime, StaffRole.IRO_MANAGER)
    send_both(app, runtime)
    with runtime.sessions() as db:
        review_item, campaign_item = (
            i.id for i in db.scalars(select(ReadingItem).order_by(ReadingItem.id))
        )
    seen = {
        who.email: items(signed_in(app, runtime, who).get("/staff/reading").get_data(as_text=True))
        for who in (mine, other, officer, manager)
    }
    assert seen == {
        mine.email: [review_item],
        other.email: [],
        officer.email: [campaign_item],
        manager.email: [review_item, campaign_item],  # the worry (urgent) first
    }
    assert signed_in(app, runtime, other).get(f"/staff/reading/{review_item}").status_code == 404
    assert signed_in(app, runtime, officer).get(f"/staff/reading/{review_item}").status_code == 404
    assert signed_in(app, runtime, mine).get("/staff/reading/figures").status_code == 403
    assert signed_in(app, runtime, manager).get("/staff/reading/figures").status_code == 200


def test_a_reader_opens_and_marks_an_item_read_and_both_are_audited(
    app: Flask, runtime: Runtime
) -> None:
    officer = make_staff(runtime, StaffRole.PARTICIPATION_OFFICER)
    visitor = app.test_client()
    comment = {**ANSWERS, "going_well": "Nobody listens to me at school"}
    send(visitor, open_campaign(visitor, campaign(runtime)), comment)
    client = signed_in(app, runtime, officer)
    (item_id,) = items(client.get("/staff/reading").get_data(as_text=True))
    page = client.get(f"/staff/reading/{item_id}").get_data(as_text=True)
    assert "Nobody listens to me at school" in page
    refused = client.post(
        f"/staff/reading/{item_id}/read", data={"csrf_token": csrf_token(page), "note": "x"}
    )
    assert refused.status_code == 303
    assert "choose" in client.get(refused.headers["Location"]).get_data(as_text=True)
    read = client.post(
        f"/staff/reading/{item_id}/read",
        data={"csrf_token": csrf_token(page), "outcome": "follow_up", "note": "Tell the school"},
    )
    assert read.headers["Location"] == "/staff/reading"
    listing = client.get("/staff/reading").get_data(as_text=True)
    assert "Nothing waiting" in listing and "follow up" in listing
    with runtime.sessions() as db:
        item = db.get_one(ReadingItem, item_id)
        assert (item.outcome.value if item.outcome else None, item.note) == (
            "follow_up",
            "Tell the school",
        )
        actions = list(
            db.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.object_type == "reading_item")
                .order_by(AuditEvent.id)
            )
        )
    # Opened, opened again after the refusal, then read.
    assert actions == ["reading_item_viewed", "reading_item_viewed", "reading_item_read"]


def test_an_alert_is_assigned_to_a_named_person_and_the_childs_iro_sees_its_status(
    app: Flask, runtime: Runtime
) -> None:
    lead = make_staff(runtime, StaffRole.SAFEGUARDING_LEAD)
    duty = make_staff(runtime, StaffRole.IRO_MANAGER, email="duty@council.test")
    iro = make_staff(runtime, StaffRole.IRO, iro_code="IRO-A")
    child = app.test_client()
    submit(child, open_form(child, invite(runtime)), WORRIED)
    with runtime.sessions() as db:
        alert = db.scalars(select(Alert)).one()
        review_id = db.scalars(select(ReadingItem)).one().response_id
    client = signed_in(app, runtime, lead)
    page = client.get(f"/staff/alerts/{alert.id}").get_data(as_text=True)
    assert "nobody yet" in page and f'value="{duty.id}"' in page
    assert f'value="{iro.id}"' not in page  # an IRO does not act on case alerts
    refused = client.post(
        f"/staff/alerts/{alert.id}/assign",
        data={"csrf_token": csrf_token(page), "assignee": str(iro.id)},
    )
    assert "cannot act" in client.get(refused.headers["Location"]).get_data(as_text=True)
    client.post(
        f"/staff/alerts/{alert.id}/assign",
        data={"csrf_token": csrf_token(page), "assignee": str(duty.id)},
    )
    with runtime.sessions() as db:
        assert db.get_one(Alert, alert.id).assigned_to_id == duty.id
        assert (
            db.scalars(select(AlertEvent).where(AlertEvent.kind == "assigned")).one().actor_id
            == lead.id
        )
        audited = list(
            db.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.object_type == "alert", AuditEvent.object_id == str(alert.id))
                .order_by(AuditEvent.id)
            )
        )
        review = db.get_one(Response, review_id).review_id
    assert audited[0] == "alert_viewed" and "alert_assigned" in audited
    seen = signed_in(app, runtime, iro).get(f"/staff/reviews/{review}").get_data(as_text=True)
    assert f"Alert A{alert.id:06d}" in seen and "<strong>open</strong>" in seen
    assert "assigned to Iro_Manager" in seen


def test_a_worry_told_as_over_pages_nobody_and_the_reader_sees_told_as_over_first(
    app: Flask, runtime: Runtime
) -> None:
    """On the web form: no help page, no alert; in the queue, "told as over: check", first."""
    reader = make_staff(runtime, StaffRole.IRO, iro_code="IRO-A")
    calm = {**WORRIED, "feel_safe": "safe"}
    first = app.test_client()
    words = {**calm, "do_better": "More notice of the date please"}
    assert submit(first, open_form(first, invite(runtime)), words).status_code == 303
    child = app.test_client()
    over = "i used to get hit at my old foster home but i moved and im safe now"
    html = open_form(child, invite(runtime, review_date=date(2026, 10, 1)))
    sent = submit(child, html, {**calm, "do_better": over})
    assert not sent.headers["Location"].startswith("/help")
    with runtime.sessions() as db:
        assert db.scalar(select(Alert)) is None
        told = db.scalars(select(ReadingItem).order_by(ReadingItem.id.desc())).first()
    assert told is not None and "told as over: check" in told.reason
    listing = signed_in(app, runtime, reader).get("/staff/reading").get_data(as_text=True)
    assert items(listing)[0] == told.id and "told as over: check" in listing
