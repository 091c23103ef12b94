"""The worker delivers every alert notification once, through SMTP outages, crashes and rivals."""

from __future__ import annotations

import dataclasses
import signal
import threading

import pytest
from sqlalchemy import select

from service.db import utcnow
from service.domain.alerts import AlertPolicy
from service.domain.outbox import backoff
from service.models import Alert, OutboxMessage, OutboxStatus
from service.runtime import Runtime
from service.worker import Worker
from tests.support.alerts import raise_alert
from tests.support.deadlines import READY, wait_for
from tests.support.processes import carevoice, run_carevoice
from tests.support.smtp import LocalSmtp, smtp_server  # noqa: F401


def with_smtp(runtime: Runtime, server: LocalSmtp) -> Runtime:
    settings = dataclasses.replace(
        runtime.settings, smtp_url=server.url, safeguarding_email="lead@council.test"
    )
    return dataclasses.replace(runtime, settings=settings)


def outbox(runtime: Runtime) -> list[OutboxMessage]:
    with runtime.sessions() as db:
        return list(db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_alert_is_emailed_to_the_inbox_without_the_childs_identity(
    runtime: Runtime, smtp: LocalSmtp
) -> None:
    with runtime.sessions.begin() as db:
        alert = raise_alert(db, runtime.now(), child_ref="CASE-778899", text="he hits me")
    smtp.start()
    report = Worker(with_smtp(runtime, smtp)).run_once()
    assert report.sent == 2  # the "not safe" answer and the free text each raised an alert
    assert smtp.recipients == [["lead@council.test"]] * 2
    mail = next(m for m in smtp.messages if f"A{alert.id:06d}" in m["Subject"])
    assert "urgent" in mail["Subject"]
    assert f"https://feedback.test/staff/alerts/{alert.id}" in mail.as_string()
    for sent in smtp.messages:
        assert "CASE-778899" not in sent.as_string() and "hits" not in sent.as_string()


def test_smtp_down_for_a_while_delivers_once_it_returns(
    runtime: Runtime, smtp: LocalSmtp, clock
) -> None:
    with runtime.sessions.begin() as db:
        raise_alert(db, runtime.now())
    worker = Worker(with_smtp(runtime, smtp))
    assert worker.run_once().failed == 1
    (waiting,) = outbox(runtime)
    assert waiting.status is OutboxStatus.PENDING and waiting.attempts == 1
    assert waiting.next_attempt_at == clock.current + backoff(1) and waiting.last_error
    clock.advance(seconds=10)
    assert worker.run_once().failed == 0  # not due yet: backing off
    clock.advance(seconds=30)
    assert worker.run_once().failed == 1
    smtp.start()
    clock.advance(minutes=1)
    assert worker.run_once().sent == 1
    clock.advance(minutes=5)
    worker.run_once()
    assert len(smtp.messages) == 1
    (sent,) = outbox(runtime)
    assert sent.status is OutboxStatus.SENT and sent.attempts == 3


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4, 5, 6, 12)] == [
        30,
        60,
        120,
        240,
        480,
        600,
        600,
    ]


def test_two_workers_at_once_send_one_email(runtime: Runtime, smtp: LocalSmtp) -> None:
    with runtime.sessions.begin() as db:
        for _ in range(3):
            raise_alert(db, runtime.now())
    smtp.start()
    shared = with_smtp(runtime, smtp)
    workers = [Worker(shared, name=f"w{i}") for i in range(2)]
    start = threading.Barrier(2)

    def run(worker: Worker) -> None:
        start.wait()
        worker.run_once()

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(READY)
    assert sorted(smtp.subjects()) == sorted(m.subject for m in outbox(runtime))
    assert len(smtp.messages) == 3
    assert all(m.status is OutboxStatus.SENT for m in outbox(runtime))


def test_telegram_staff_chat_gets_a_pseudonymous_message(runtime: Runtime, smtp: LocalSmtp) -> None:
    from tests.fakes.bot_api import ThreadedFakeBotApi

    with ThreadedFakeBotApi() as api:
        settings = dataclasses.replace(
            with_smtp(runtime, smtp).settings,
            telegram_bot_token="123:abc",
            telegram_api_base_url=api.base_url,
            alert_staff_chat_id=-1001,
        )
        configured = dataclasses.replace(runtime, settings=settings)
        with runtime.sessions.begin() as db:
            alert = raise_alert(
                db, runtime.now(), child_ref="CASE-5", policy=AlertPolicy.from_settings(settings)
            )
        smtp.start()
        assert Worker(configured).run_once().sent == 2
        (message,) = api.sent_messages(-1001)
    assert f"A{alert.id:06d}" in message["text"] and "CASE-5" not in message["text"]
    assert f"/staff/alerts/{alert.id}" in message["text"]


def _worker_env(runtime: Runtime, server: LocalSmtp) -> dict[str, str | None]:
    return {
        "DATABASE_URL": runtime.settings.database_url,
        "SMTP_URL": server.url,
        "SAFEGUARDING_EMAIL": "lead@council.test",
    }


@pytest.mark.process
def test_worker_killed_while_sending_delivers_once_after_restart(
    live_runtime: Runtime, smtp: LocalSmtp
) -> None:
    with live_runtime.sessions.begin() as db:
        raise_alert(db, live_runtime.now())  # the worker process runs on the real clock
    smtp.stall_next = True
    smtp.start()
    env = _worker_env(live_runtime, smtp)
    first = carevoice("worker", "--once", "--lease-seconds", "2", env=env)
    try:
        assert smtp.stalled.wait(READY), "the worker never reached the SMTP server"
        first.send_signal(signal.SIGKILL)
        first.wait(READY)
    finally:
        if first.poll() is None:
            first.kill()
    smtp.release.set()
    (held,) = outbox(live_runtime)
    assert held.status is OutboxStatus.PENDING and held.locked_by and not smtp.messages
    assert held.locked_until is not None
    # The dead worker's lease runs out on the real clock; then a restart may take the message.
    wait_for(lambda: utcnow() > held.locked_until, "the dead worker's lease to run out")
    for _ in range(2):
        run_carevoice("worker", "--once", env=env)
    assert len(smtp.messages) == 1
    (sent,) = outbox(live_runtime)
    assert sent.status is OutboxStatus.SENT


def test_worker_escalates_an_unacknowledged_urgent_alert_by_email(
    runtime: Runtime, smtp: LocalSmtp, clock
) -> None:
    with runtime.sessions.begin() as db:
        alert = raise_alert(db, runtime.now())
    smtp.start()
    configured = with_smtp(runtime, smtp)
    settings = dataclasses.replace(configured.settings, escalation_contacts=("duty@council.test",))
    worker = Worker(dataclasses.replace(configured, settings=settings))
    worker.run_once()
    clock.advance(minutes=61)
    assert worker.run_once().escalated == 1
    assert smtp.recipients == [["lead@council.test"], ["duty@council.test"]]
    assert "escalation 1" in smtp.messages[1]["Subject"]
    with runtime.sessions() as db:
        kinds = [e.kind for e in db.get(Alert, alert.id).events]
    assert kinds == [
        "raised",
        "notification_queued",
        "notification_sent",
        "escalated",
        "notification_sent",
    ]


def test_a_childs_answer_on_the_web_form_queues_the_email(client, runtime: Runtime) -> None:
    from tests.factories import make_invitation
    from tests.web.helpers import open_form, submit

    with runtime.sessions.begin() as db:
        token = make_invitation(db, runtime.now()).token
    html = open_form(client, token)
    answers = {
        "spoke_to_iro": "yes",
        "felt_involved": "yes",
        "review_rating": "ok",
        "feel_safe": "not_safe",
    }
    sent = submit(client, html, answers)
    assert sent.headers["Location"].startswith("/help")
    (queued,) = outbox(runtime)
    assert queued.channel == "email" and queued.status is OutboxStatus.PENDING


def test_telegram_outage_is_retried_with_backoff(runtime: Runtime, smtp: LocalSmtp, clock) -> None:
    from tests.fakes.bot_api import ThreadedFakeBotApi

    with ThreadedFakeBotApi() as api:
        settings = dataclasses.replace(
            with_smtp(runtime, smtp).settings,
            telegram_bot_token="123:abc",
            telegram_api_base_url=api.base_url,
            alert_staff_chat_id=-1001,
        )
        with runtime.sessions.begin() as db:
            raise_alert(db, runtime.now(), policy=AlertPolicy.from_settings(settings))
        smtp.start()
        api.fail_next("sendMessage", n=1, status=502)
        worker = Worker(dataclasses.replace(runtime, settings=settings))
        assert (worker.run_once().sent, api.sent_messages(-1001)) == (1, [])
        failed = next(m for m in outbox(runtime) if m.channel == "telegram")
        assert "502" in (failed.last_error or "") and "123:abc" not in (failed.last_error or "")
        clock.advance(seconds=30)
        assert worker.run_once().sent == 1
        assert len(api.sent_messages(-1001)) == 1
    telegram = next(m for m in outbox(runtime) if m.channel == "telegram")
    assert telegram.status is OutboxStatus.SENT and telegram.attempts == 2
