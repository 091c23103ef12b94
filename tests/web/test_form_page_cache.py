"""The form page is drawn once per questionnaire page, language, band and state and filled in per
request (service/web/page_cache.py). Whatever pages were kept before, every page must be exactly
the page drawn afresh with this request's values: no other child's answers, language, band,
errors or token. Also: the form page skips the rate limiter and reads without a transaction."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Mapping
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import Markup
from sqlalchemy import event, text

from service.models import Role
from service.runtime import Runtime
from service.web import create_app, page_cache
from service.web.limits import limiter
from tests.factories import make_invitation
from tests.web.helpers import hidden_fields


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every form page served, as sent (kept and filled in) and as drawn afresh with the same
    values in the same request."""
    pages: list[tuple[str, str]] = []
    kept = page_cache.render

    def both(
        template: str,
        key: Hashable,
        pin: object,
        context: Callable[[], Mapping[str, object]],
        values: Mapping[str, Markup],
    ) -> str:
        sent = kept(template, key, pin, context, values)
        pages.append((sent, page_cache.render_direct(template, context(), values)))
        return sent

    monkeypatch.setattr(page_cache, "render", both)
    return pages


_CHILDREN = itertools.count(1)


def _open(app: Flask, runtime: Runtime, **invite: Any) -> FlaskClient:
    """A new child's invitation, opened on a phone of its own (under the link rate limit)."""
    child = next(_CHILDREN)
    with runtime.sessions.begin() as db:
        token = make_invitation(db, runtime.now(), child_ref=f"REF-{child}", **invite).token
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"10.1.{child // 250}.{child % 250}"
    assert client.get(f"/r/{token}").status_code == 303
    return client


# (what is being answered, how the visit goes): each visit ends on the page to compare.
VISITS: dict[str, tuple[dict[str, Any], Callable[[FlaskClient], Any]]] = {
    "a fresh page": ({}, lambda c: c.get("/form")),
    "in Arabic": ({"language": "ar"}, lambda c: c.get("/form?lang=ar")),
    "in Tigrinya, age 6, with pictures": ({"age": 6}, lambda c: c.get("/form?lang=ti")),
    "a care leaver in Sorani": ({"age": 19}, lambda c: c.get("/form?lang=ckb")),
    "a carer": ({"role": Role.CARER}, lambda c: c.get("/form")),
    "words too long, choices and words kept": (
        {},
        lambda c: c.post(
            "/form",
            data={
                **hidden_fields(c.get("/form").get_data(as_text=True)),
                "move": "next",
                "spoke_to_iro": "yes",
                "do_better": 'More <b>notice</b> & "time"' + "!" * 5000,
            },
        ),
    ),
    "a stale page, in Vietnamese": (
        {},
        lambda c: c.post(
            "/form?lang=vi",
            data={
                **hidden_fields(c.get("/form?lang=vi").get_data(as_text=True)),
                "csrf_token": "stale",
                "move": "next",
                "review_rating": "happy",
            },
        ),
    ),
    "come back to a page, answers chosen": (
        {},
        lambda c: (
            c.post(
                "/form",
                data={
                    **hidden_fields(c.get("/form").get_data(as_text=True)),
                    "move": "next",
                    "felt_involved": "no",
                },
            ),
            c.get("/form?page=review&check=1"),
        )[-1],
    ),
}


def test_every_kept_page_is_the_page_drawn_afresh(
    app: Flask, runtime: Runtime, compared: list[tuple[str, str]]
) -> None:
    # Twice over, in turn: the second round is filled in from pages other visits left behind.
    for _round in range(2):
        for name, (invite, steps) in VISITS.items():
            steps(_open(app, runtime, **invite))
            sent, afresh = compared[-1]
            assert sent == afresh, name
    assert len(compared) >= 2 * len(VISITS)
    assert all(sent == afresh for sent, afresh in compared)
    pages = [sent for sent, _ in compared]
    assert any(" checked" in html for html in pages)
    assert any("error-summary" in html for html in pages)
    assert any("More &lt;b&gt;notice&lt;/b&gt; &amp; &#34;time&#34;" in html for html in pages)
    assert any('lang="ti"' in html and "<svg" in html for html in pages)
    assert any('<div class="notice" role="alert">' in html for html in pages)  # stale page


def test_a_page_never_shows_another_visits_answers_or_note(app: Flask, runtime: Runtime) -> None:
    first = _open(app, runtime)
    fields = hidden_fields(first.get("/form").get_data(as_text=True))
    words = "Shorter meetings" + "!" * 2500
    answers = {"felt_involved": "no", "do_better": words}
    refused = first.post("/form", data={**fields, "move": "next", **answers})
    assert refused.status_code == 422
    chosen = refused.get_data(as_text=True)
    assert 'value="no" checked' in chosen and words in chosen
    second = _open(app, runtime)
    other = second.get("/form").get_data(as_text=True)
    assert " checked" not in other and "Shorter meetings" not in other
    assert hidden_fields(other)["ref"] != hidden_fields(chosen)["ref"]
    assert hidden_fields(other)["csrf_token"] != hidden_fields(chosen)["csrf_token"]


def test_the_form_page_skips_the_limiter_but_links_do_not(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app({"TESTING": True, "RUNTIME": runtime, "TOKEN_RATE_LIMIT": "2 per minute"})
    limiter.reset()
    client = _open(app, runtime)  # one of the two links a minute
    assert client.get("/form").status_code == 200  # the first view learns /form has no limit
    looked_up: list[str | None] = []
    resolve = limiter.limit_manager.resolve_limits

    def counted(*args: Any, **kwargs: Any) -> Any:
        looked_up.append(args[1] if len(args) > 1 else kwargs.get("endpoint"))
        return resolve(*args, **kwargs)

    monkeypatch.setattr(limiter.limit_manager, "resolve_limits", counted)
    assert {client.get("/form").status_code for _ in range(5)} == {200}
    assert looked_up == []
    assert [client.get("/r/guessed-token").status_code for _ in range(2)] == [404, 429]
    assert looked_up and set(looked_up) == {"forms.open_link"}


def test_the_form_page_is_one_statement_outside_any_transaction(
    app: Flask, runtime: Runtime
) -> None:
    client = _open(app, runtime)
    seen: list[tuple[str, bool]] = []

    def record(conn: Any, _cursor: Any, statement: str, *_args: object) -> None:
        dbapi = conn.connection.dbapi_connection
        outside = dbapi.autocommit if hasattr(dbapi, "autocommit") else not dbapi.in_transaction
        seen.append((statement.split()[0].upper(), outside))

    event.listen(runtime.engine, "before_cursor_execute", record)
    try:
        assert client.get("/form").status_code == 200
    finally:
        event.remove(runtime.engine, "before_cursor_execute", record)
    assert seen == [("SELECT", True)]
    # The connection goes back to the pool as it came: the next transaction is one again.
    with runtime.sessions.begin() as db:
        dbapi = db.connection().connection.dbapi_connection
        assert dbapi is not None
        db.execute(text("SELECT 1"))
        if runtime.engine.dialect.name == "postgresql":
            assert dbapi.autocommit is False  # type: ignore[attr-defined]
        assert dbapi.info.transaction_status if hasattr(dbapi, "info") else dbapi.in_transaction  # type: ignore[attr-defined]
