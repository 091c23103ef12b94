"""The children's form as a phone sees it: QR link, clean URL, answers stored, kind pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, func, select
from sqlalchemy.orm import sessionmaker

from service.domain import answering
from service.domain.invitations import new_token
from service.domain.whole_responses import send_whole_response
from service.models import (
    Alert,
    Channel,
    Invitation,
    ReadingItem,
    Response,
    ResponseStatus,
)
from service.runtime import Runtime
from tests.conftest import Clock
from tests.factories import make_invitation
from tests.web.helpers import csrf_token, open_form, submit

GOOD = {
    "spoke_to_iro": "yes",
    "felt_involved": "yes",
    "review_rating": "happy",
    "do_better": "Shorter meetings",
    "feel_safe": "safe",
}


def invite(runtime: Runtime, **kwargs: object) -> str:
    with runtime.sessions.begin() as db:
        return make_invitation(db, runtime.now(), **kwargs).token  # type: ignore[arg-type]


def test_link_swaps_token_for_cookie_and_moves_to_a_clean_url(
    client: FlaskClient, runtime: Runtime
) -> None:
    token = invite(runtime)
    opened = client.get(f"/r/{token}")
    assert opened.status_code == 303
    assert opened.headers["Location"] == "/form"
    assert opened.headers["Referrer-Policy"] == "no-referrer"
    assert token not in opened.headers.get("Set-Cookie", "")


def test_form_shows_the_councils_questions(client: FlaskClient, runtime: Runtime) -> None:
    html = open_form(client, invite(runtime))
    assert "Did you speak to your IRO before your review?" in html
    assert "Did you feel involved in your review?" in html
    assert "How was your review?" in html
    assert "Is there anything we could do better?" in html
    assert "rather not say" in html
    assert " checked" not in html  # nothing pre-ticked


def test_younger_children_get_simpler_words(client: FlaskClient, runtime: Runtime) -> None:
    html = open_form(client, invite(runtime, age=6))
    assert "How was your meeting?" in html


def test_submitting_stores_the_response_and_thanks_after_commit(
    client: FlaskClient, runtime: Runtime
) -> None:
    html = open_form(client, invite(runtime))
    sent = submit(client, html, GOOD)
    assert sent.status_code == 303 and sent.headers["Location"] == "/thanks"
    with runtime.sessions() as db:
        response = db.scalars(select(Response)).one()
        assert (response.channel, response.status) == (Channel.WEB, ResponseStatus.SUBMITTED)
        assert len(response.answers) == 5
    assert "Thank you" in client.get("/thanks").get_data(as_text=True)


def test_a_form_sent_in_one_go_is_written_once_with_no_updates_to_undo(
    client: FlaskClient, runtime: Runtime
) -> None:
    """The submit POST is the busiest write: on PostgreSQL one statement (claim, response and
    answers); on SQLite the claim and one INSERT per table. Answers are stamped with the
    response's time (reports read a period's answers by it). Words add their reading item, in
    the same transaction (see the next test)."""
    html = open_form(client, invite(runtime))
    statements: list[str] = []
    no_words = {k: v for k, v in GOOD.items() if k != "do_better"}

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if not statement.startswith("BEGIN"):  # SQLite's BEGIN IMMEDIATE
            statements.append(" ".join(statement.split()[:3]).upper())

    event.listen(runtime.engine, "before_cursor_execute", record)
    try:
        assert submit(client, html, no_words).headers["Location"] == "/thanks"
    finally:
        event.remove(runtime.engine, "before_cursor_execute", record)
    if runtime.engine.dialect.name == "postgresql":
        assert statements == ["WITH CLAIMED AS"]
    else:
        assert statements == [
            "UPDATE INVITATIONS SET",
            "INSERT INTO RESPONSES",
            "INSERT INTO ANSWERS",
        ]
    with runtime.sessions() as db:
        response = db.scalars(select(Response)).one()
        assert response.status is ResponseStatus.SUBMITTED and len(response.answers) == 4
        assert {a.submitted_at for a in response.answers} == {response.submitted_at}
        assert db.scalar(select(Invitation.used_at)) == response.submitted_at
        assert db.scalar(select(func.count()).select_from(ReadingItem)) == 0


@pytest.mark.parametrize("feel_safe", ["safe", "not_safe"])
def test_a_pages_answers_are_read_once_for_the_worry_check_and_for_storing(
    client: FlaskClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch, feel_safe: str
) -> None:
    """The view asks whether a choice is a worry before it stores the page; both use one
    reading of the answers, on the one-statement path and on the alerting path alike."""
    html = open_form(client, invite(runtime))
    reads: list[object] = []
    parse = answering.parse_answers

    def counted(*args: Any, **kwargs: Any) -> Any:
        reads.append(args)
        return parse(*args, **kwargs)

    monkeypatch.setattr(answering, "parse_answers", counted)
    sent = submit(client, html, {**GOOD, "feel_safe": feel_safe})
    assert sent.status_code == 303
    assert sent.headers["Location"].startswith("/help" if feel_safe == "not_safe" else "/thanks")
    assert len(reads) == 1
    with runtime.sessions() as db:
        assert db.scalar(select(func.count()).select_from(Response)) == 1


def test_a_form_with_words_sent_in_one_go_is_queued_for_reading_in_its_transaction(
    client: FlaskClient, runtime: Runtime
) -> None:
    html = open_form(client, invite(runtime))
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(" ".join(statement.split()[:3]).upper())

    event.listen(runtime.engine, "before_cursor_execute", record)
    try:
        assert submit(client, html, GOOD).headers["Location"] == "/thanks"
    finally:
        event.remove(runtime.engine, "before_cursor_execute", record)
    if runtime.engine.dialect.name == "postgresql":  # the item and its email are CTEs of it
        assert statements == ["WITH CLAIMED AS"]
    else:
        assert "INSERT INTO READING_ITEMS" in statements
    with runtime.sessions() as db:
        response = db.scalars(select(Response)).one()
        item = db.scalars(select(ReadingItem)).one()
        assert item.response_id == response.id and item.reason == "words"
        assert item.received_at == response.submitted_at and item.due_at > item.received_at


def test_double_tap_does_not_store_a_second_response(client: FlaskClient, runtime: Runtime) -> None:
    html = open_form(client, invite(runtime))
    first = submit(client, html, GOOD)
    again = submit(client, html, GOOD)
    assert first.headers["Location"] == again.headers["Location"] == "/thanks"
    with runtime.sessions() as db:
        assert db.scalar(select(func.count()).select_from(Response)) == 1


def test_used_link_shows_already_answered(client: FlaskClient, runtime: Runtime, app) -> None:
    token = invite(runtime)
    submit(client, open_form(client, token), GOOD)
    again = app.test_client().get(f"/r/{token}")
    assert again.status_code == 200
    assert "already answered" in again.get_data(as_text=True)


def test_bad_links_all_get_the_same_friendly_page(
    client: FlaskClient, runtime: Runtime, clock: Clock
) -> None:
    expired = invite(runtime, ttl=timedelta(hours=1))
    clock.advance(hours=2)
    pages = [client.get(f"/r/{t}") for t in (expired, new_token(), "", "%00%ff", "a" * 3000)]
    assert {p.status_code for p in pages} == {404}
    assert len({p.get_data() for p in pages}) == 1
    assert "not working" in pages[0].get_data(as_text=True)


def test_not_safe_shows_help_at_once_and_records_an_alert(
    client: FlaskClient, runtime: Runtime
) -> None:
    html = open_form(client, invite(runtime))
    sent = submit(client, html, {**GOOD, "feel_safe": "not_safe"})
    assert sent.status_code == 303 and sent.headers["Location"].startswith("/help")
    help_page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "0800 1111" in help_page and "contact you" in help_page
    with runtime.sessions() as db:
        assert db.scalar(select(func.count()).select_from(Alert)) == 1


def test_a_one_page_form_is_sent_whole_and_a_worrying_one_step_by_step(
    client: FlaskClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one-statement path takes the usual form and hands a concern to the path that
    raises alerts, which still shows help and records the alert."""
    results: list[bool] = []

    def watched(*args: Any, **kwargs: Any) -> int | None:
        sent = send_whole_response(*args, **kwargs)
        results.append(sent is not None)
        return sent

    monkeypatch.setattr(answering, "send_whole_response", watched)
    calm = submit(client, open_form(client, invite(runtime)), GOOD)
    worrying = submit(
        client,
        open_form(client, invite(runtime, child_ref="REF-2")),
        {**GOOD, "do_better": "my carer hits me"},
    )
    assert results == [True, False]
    assert calm.headers["Location"] == "/thanks"
    assert worrying.headers["Location"].startswith("/help")
    with runtime.sessions() as db:
        assert db.scalar(select(func.count()).select_from(Response)) == 2
        assert db.scalar(select(func.count()).select_from(Alert)) == 1


def test_invalid_answer_keeps_what_was_typed(client: FlaskClient, runtime: Runtime) -> None:
    html = open_form(client, invite(runtime))
    sent = submit(client, html, {**GOOD, "review_rating": "brilliant", "do_better": "keep <this>"})
    body = sent.get_data(as_text=True)
    assert sent.status_code == 422
    assert "keep &lt;this&gt;" in body and "Please choose one of the answers" in body


def test_database_down_says_not_sent_keeps_answers_and_still_helps(
    client: FlaskClient, runtime: Runtime
) -> None:
    html = open_form(client, invite(runtime))
    broken = create_engine("sqlite:////nonexistent-dir/nowhere.db")
    runtime.sessions = sessionmaker(broken)
    sent = submit(client, html, {**GOOD, "feel_safe": "not_safe", "do_better": "please call me"})
    body = sent.get_data(as_text=True)
    assert sent.status_code == 503
    assert "NOT sent" in body and "Thank you" not in body
    assert "please call me" in body
    assert "0800 1111" in body and "help-title" in body


def test_database_down_for_a_calm_form_says_not_sent_and_keeps_answers(
    client: FlaskClient, runtime: Runtime
) -> None:
    html = open_form(client, invite(runtime))
    broken = create_engine("sqlite:////nonexistent-dir/nowhere.db")
    runtime.engine, runtime.sessions = broken, sessionmaker(broken)
    sent = submit(client, html, {**GOOD, "do_better": "more notice please"})
    body = sent.get_data(as_text=True)
    assert sent.status_code == 503
    assert "NOT sent" in body and "Thank you" not in body
    assert "more notice please" in body


def test_a_child_who_began_before_the_invitation_expired_may_finish(
    client: FlaskClient, runtime: Runtime, clock: Clock
) -> None:
    html = open_form(client, invite(runtime, ttl=timedelta(minutes=10)))
    clock.advance(minutes=20)  # the form's cookie is still fresh; the invitation is not
    sent = submit(client, html, GOOD)
    assert sent.status_code == 303 and sent.headers["Location"] == "/thanks"
    with runtime.sessions() as db:
        assert db.scalar(select(func.count()).select_from(Response)) == 1


def test_an_expired_invitation_cannot_be_begun(
    client: FlaskClient, runtime: Runtime, clock: Clock
) -> None:
    token = invite(runtime, ttl=timedelta(minutes=10))
    clock.advance(minutes=20)
    opened = client.get(f"/r/{token}")
    assert opened.status_code == 404
    assert "not working" in opened.get_data(as_text=True)
    with runtime.sessions() as db:
        assert db.scalar(select(func.count()).select_from(Response)) == 0


def test_expired_form_cookie_asks_to_scan_again(
    client: FlaskClient, runtime: Runtime, clock: Clock
) -> None:
    html = open_form(client, invite(runtime))
    clock.advance(hours=3)
    sent = submit(client, html, GOOD)
    assert sent.status_code == 410
    assert "scan" in sent.get_data(as_text=True).lower()


def test_form_without_csrf_token_is_refused_but_keeps_answers(
    client: FlaskClient, runtime: Runtime
) -> None:
    open_form(client, invite(runtime))
    sent = client.post("/form", data={"page": "review", **GOOD})
    assert sent.status_code == 400
    assert "Shorter meetings" in sent.get_data(as_text=True)
    assert csrf_token(sent.get_data(as_text=True))


def test_first_page_offers_the_same_form_in_telegram_when_a_bot_is_set_up(runtime: Runtime) -> None:
    from dataclasses import replace

    from service.web import create_app

    runtime.settings = replace(
        runtime.settings, telegram_bot_token="123:abc", telegram_bot_username="cv_bot"
    )
    client = create_app({"TESTING": True, "RUNTIME": runtime, "SECRET_KEY": "t"}).test_client()
    token = invite(runtime)
    html = open_form(client, token)
    assert 'href="https://t.me/cv_bot?start=w' in html  # a handoff (tests/bots), not the token
    assert token not in html


def test_no_telegram_offer_without_a_bot(client: FlaskClient, runtime: Runtime) -> None:
    assert "t.me/" not in open_form(client, invite(runtime))
