"""A child who says they are not safe on the web sees help at once and an alert is raised,
whatever else went wrong with their page: the visit timed out, the page's token went stale, the
answers were already sent, the database is down or busy."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import sessionmaker

from service.models import Alert, Answer, Response, ResponseStatus, Urgency
from service.runtime import Runtime
from service.worker import Worker
from tests.conftest import Clock
from tests.support.deadlines import READY
from tests.web.helpers import csrf_token, open_form, submit
from tests.web.test_forms import GOOD, invite

NOT_SAFE = {**GOOD, "feel_safe": "not_safe"}


def alerts(runtime: Runtime) -> list[Alert]:
    with runtime.sessions() as db:
        return list(db.scalars(select(Alert).order_by(Alert.id)))


def addenda(runtime: Runtime) -> list[Response]:
    with runtime.sessions() as db:
        return list(db.scalars(select(Response).where(Response.status == ResponseStatus.ADDENDUM)))


def child_of(runtime: Runtime, token_holder_ref: str = "REF-1") -> int:
    from service.models import Child

    with runtime.sessions() as db:
        child = db.scalar(select(Child).where(Child.child_ref == token_holder_ref))
        assert child is not None
        return child.id


def is_help(body: str) -> bool:
    return "999" in body and "0800 1111" in body and "Thank you for telling us" in body


def test_a_worry_on_a_page_whose_visit_timed_out_is_heard(
    client: FlaskClient, runtime: Runtime, clock: Clock
) -> None:
    html = open_form(client, invite(runtime))
    clock.advance(hours=3)  # the visit's cookie has timed out; the page still says who it is for
    sent = submit(client, html, NOT_SAFE)
    body = sent.get_data(as_text=True)
    assert sent.status_code == 200 and is_help(body)
    assert "will contact you within 24 hours" in body
    (alert,) = alerts(runtime)
    assert (alert.urgency, alert.child_id, alert.anonymous) == (
        Urgency.URGENT,
        child_of(runtime),
        False,
    )
    (kept,) = addenda(runtime)
    assert kept.child_id == alert.child_id


def test_a_calm_page_whose_visit_timed_out_still_asks_to_scan_again(
    client: FlaskClient, runtime: Runtime, clock: Clock
) -> None:
    html = open_form(client, invite(runtime))
    clock.advance(hours=3)
    sent = submit(client, html, GOOD)
    assert sent.status_code == 410 and "scan" in sent.get_data(as_text=True).lower()
    assert alerts(runtime) == [] and addenda(runtime) == []


def test_a_worry_on_a_stale_page_is_heard(client: FlaskClient, runtime: Runtime) -> None:
    html = open_form(client, invite(runtime))
    page = html.replace(csrf_token(html), "stale-token")
    sent = submit(client, page, NOT_SAFE)
    assert sent.status_code == 200 and is_help(sent.get_data(as_text=True))
    (alert,) = alerts(runtime)
    assert alert.child_id == child_of(runtime)


def test_a_forged_note_is_not_believed_but_the_worry_is_still_heard(
    client: FlaskClient, runtime: Runtime, clock: Clock
) -> None:
    html = open_form(client, invite(runtime))
    clock.advance(hours=3)
    forged = html.replace('name="ref" value="', 'name="ref" value="x')
    sent = submit(client, forged, {**NOT_SAFE, "do_better": "he hurts me"})
    body = sent.get_data(as_text=True)
    assert sent.status_code == 200 and "nobody knows who you are" in body
    found = alerts(runtime)
    assert found and all(a.anonymous and a.child_id is None for a in found)
    assert any(a.excerpt == "he hurts me" for a in found)  # the words reach a person


def test_not_safe_sent_again_after_safe_is_kept_and_alerts(
    client: FlaskClient, runtime: Runtime
) -> None:
    html = open_form(client, invite(runtime))
    assert submit(client, html, GOOD).headers["Location"] == "/thanks"
    again = submit(client, html, NOT_SAFE)  # Back, changed, and sent again
    assert again.headers["Location"].startswith("/help")
    helped = client.get(again.headers["Location"]).get_data(as_text=True)
    assert is_help(helped)
    (alert,) = alerts(runtime)
    (kept,) = addenda(runtime)
    with runtime.sessions() as db:
        sent = db.scalar(select(Response).where(Response.status == ResponseStatus.SUBMITTED))
        assert sent is not None and kept.adds_to_id == sent.id
        stored = db.scalar(
            select(Answer.value).where(
                Answer.response_id == sent.id, Answer.question_id == "feel_safe"
            )
        )
    assert stored == "safe"  # what was sent is never changed
    assert alert.response_id == kept.id and alert.urgency is Urgency.URGENT


def test_the_same_page_sent_twice_keeps_nothing_twice(
    client: FlaskClient, runtime: Runtime
) -> None:
    html = open_form(client, invite(runtime))
    submit(client, html, NOT_SAFE)
    again = submit(client, html, NOT_SAFE)  # a double tap
    assert again.headers["Location"] == "/thanks"
    assert len(alerts(runtime)) == 1 and addenda(runtime) == []


def test_a_worry_with_the_database_down_is_kept_and_stored_once_it_is_back(
    client: FlaskClient, runtime: Runtime
) -> None:
    html = open_form(client, invite(runtime))
    working = runtime.sessions
    broken = create_engine("sqlite:////nonexistent-dir/nowhere.db")
    runtime.sessions = sessionmaker(broken)
    sent = submit(client, html, {**NOT_SAFE, "do_better": "please call me"})
    body = sent.get_data(as_text=True)
    assert sent.status_code == 503
    assert "NOT sent" in body and "We have kept what you said" in body
    assert "0800 1111" in body and "please call me" in body
    assert list(Path(runtime.settings.worry_spool_dir).glob("*.json"))
    runtime.sessions = working
    Worker(runtime, senders={}).run_once()
    found = {(a.question_id, a.urgency, a.child_id) for a in alerts(runtime)}
    assert ("feel_safe", Urgency.URGENT, child_of(runtime)) in found
    assert ("do_better", Urgency.URGENT, child_of(runtime)) in found  # "please call me"
    assert not list(Path(runtime.settings.worry_spool_dir).glob("*.json"))


def test_a_worried_child_is_not_kept_waiting_by_a_busy_database(
    client: FlaskClient, runtime: Runtime
) -> None:
    """Another writer holds the database: the worried page gives up waiting after a moment and
    shows help, with the worry kept on disk; a calm page would have waited its turn."""
    html = open_form(client, invite(runtime))
    replies: list[Any] = []
    with runtime.engine.connect() as holder:
        if runtime.engine.dialect.name == "sqlite":
            holder.execute(text("SELECT 1"))  # its transaction begins IMMEDIATE: the write lock
        else:
            holder.execute(text("LOCK TABLE invitations IN ACCESS EXCLUSIVE MODE"))
        child = threading.Thread(target=lambda: replies.append(submit(client, html, NOT_SAFE)))
        child.start()
        child.join(READY)
        answered_while_busy = not child.is_alive()
        holder.rollback()
    child.join(READY)
    assert answered_while_busy, "the worried child waited for the other writer"
    (reply,) = replies
    body = reply.get_data(as_text=True)
    assert reply.status_code == 503 and "We have kept what you said" in body and "999" in body
    Worker(runtime, senders={}).run_once()
    assert len(alerts(runtime)) == 1


def test_help_opened_directly_promises_nothing(client: FlaskClient) -> None:
    body = client.get("/help").get_data(as_text=True)
    assert "999" in body and "0800 1111" in body
    assert "will contact you" not in body and "Thank you for telling us" not in body


def test_a_care_leavers_help_is_for_their_age(client: FlaskClient, runtime: Runtime) -> None:
    open_form(client, invite(runtime, age=21))
    body = client.get("/help").get_data(as_text=True)
    assert "116 123" in body and "leaving care team" in body
    assert "Childline" not in body


def test_an_anonymous_campaign_form_never_promises_contact(
    client: FlaskClient, runtime: Runtime
) -> None:
    from service.domain.campaigns import create_campaign

    with runtime.sessions.begin() as db:
        code = create_campaign(
            db, title="Feedback Week", questionnaire_key="feedback_week", now=runtime.now()
        ).code
    opened = client.get(f"/c/{code}")
    page = client.get(opened.headers["Location"]).get_data(as_text=True)
    assert "get in touch" not in page.replace("nobody can get in touch", "")
    assert "will contact you" not in page


def test_the_help_link_is_on_every_child_page(client: FlaskClient, runtime: Runtime) -> None:
    html = open_form(client, invite(runtime))
    pages = [
        html,
        client.get("/").get_data(as_text=True),
        client.get("/r/not-a-real-token").get_data(as_text=True),
        client.get("/help").get_data(as_text=True),
    ]
    for body in pages:
        assert 'class="need-help" href="/help"' in body


def test_settings_decide_the_promise(client: FlaskClient, runtime: Runtime, clock: Clock) -> None:
    runtime.settings = dataclasses.replace(runtime.settings, contact_within_hours=4)
    html = open_form(client, invite(runtime))
    clock.advance(hours=3)
    body = submit(client, html, NOT_SAFE).get_data(as_text=True)
    assert "within 4 hours" in body
