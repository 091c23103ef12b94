"""Open campaign links: anonymous, idempotent, and honest that nobody can call an anonymous child back."""

from __future__ import annotations

from datetime import timedelta

from flask.testing import FlaskClient
from sqlalchemy import func, select

from service.domain.campaigns import create_campaign
from service.models import Alert, Response, ResponseStatus
from service.runtime import Runtime
from tests.web.helpers import csrf_token

ANSWERS = {
    "age_group": "11to15",
    "how_things": "happy",
    "listened_to": "yes",
    "going_well": "My carers are kind",
    "feel_safe": "safe",
}


def campaign(runtime: Runtime, **kwargs) -> str:
    with runtime.sessions.begin() as db:
        return create_campaign(
            db,
            title="Feedback Week",
            questionnaire_key="feedback_week",
            now=runtime.now(),
            **kwargs,
        ).code


def open_campaign(client: FlaskClient, code: str) -> str:
    opened = client.get(f"/c/{code}")
    assert opened.status_code == 303 and opened.headers["Location"] == "/form"
    return client.get("/form").get_data(as_text=True)


FIRST_PAGE = ("age_group", "how_things", "listened_to")


def send(client: FlaskClient, html: str, answers: dict) -> object:
    """Answer both screens of the Feedback Week form (its words are on the second)."""
    key = html.split('name="submission_key" value="')[1].split('"')[0]
    data = {"csrf_token": csrf_token(html), "move": "next", "submission_key": key}
    first = {k: v for k, v in answers.items() if k in FIRST_PAGE}
    rest = {k: v for k, v in answers.items() if k not in FIRST_PAGE}
    moved = client.post("/form", data={**data, "page": "feedback", **first})
    if moved.headers.get("Location") != "/form?page=feedback_words":
        return moved
    return client.post("/form", data={**data, "page": "feedback_words", **rest})


def test_campaign_form_is_anonymous(client: FlaskClient, runtime: Runtime) -> None:
    html = open_campaign(client, campaign(runtime))
    assert "You don&#39;t give your name" in html or "You don't give your name" in html
    assert send(client, html, ANSWERS).headers["Location"] == "/thanks"
    with runtime.sessions() as db:
        response = db.scalars(select(Response)).one()
        assert response.status is ResponseStatus.SUBMITTED
        assert (response.child_id, response.invitation_id, response.review_id) == (None,) * 3
        assert response.campaign_id is not None


def test_double_tap_on_a_campaign_stores_one_response(
    client: FlaskClient, runtime: Runtime
) -> None:
    html = open_campaign(client, campaign(runtime))
    first, again = send(client, html, ANSWERS), send(client, html, ANSWERS)
    assert first.headers["Location"] == again.headers["Location"] == "/thanks"
    with runtime.sessions() as db:
        assert db.scalar(select(func.count()).select_from(Response)) == 1


def test_each_visit_is_a_new_anonymous_response(client: FlaskClient, runtime: Runtime) -> None:
    code = campaign(runtime)
    send(client, open_campaign(client, code), ANSWERS)
    thanks = client.get("/thanks").get_data(as_text=True)
    assert f'href="/c/{code}"' in thanks  # a shared tablet starts afresh for the next person
    send(client, open_campaign(client, code), ANSWERS)
    with runtime.sessions() as db:
        assert db.scalar(select(func.count()).select_from(Response)) == 2


def test_not_safe_on_a_campaign_raises_an_anonymous_alert_and_says_we_cannot_call(
    client: FlaskClient, runtime: Runtime
) -> None:
    html = open_campaign(client, campaign(runtime))
    sent = send(client, html, {**ANSWERS, "feel_safe": "not_safe"})
    assert sent.headers["Location"].startswith("/help")
    help_page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "0800 1111" in help_page and "contact you" in help_page
    assert "will contact you soon" not in help_page
    with runtime.sessions() as db:
        alert = db.scalars(select(Alert)).one()
        assert alert.anonymous and alert.child_id is None


def test_closed_campaign_says_so(client: FlaskClient, runtime: Runtime) -> None:
    code = campaign(runtime, closes_at=runtime.now() + timedelta(hours=1))
    runtime.clock.advance(hours=2)
    page = client.get(f"/c/{code}")
    assert page.status_code == 404
    assert "closed" in page.get_data(as_text=True)


def test_unknown_campaign_code_is_a_friendly_404(client: FlaskClient) -> None:
    assert client.get("/c/nope").status_code == 404


def test_campaign_opens_in_its_language(client: FlaskClient, runtime: Runtime) -> None:
    html = open_campaign(client, campaign(runtime, language="ar"))
    assert 'dir="rtl"' in html and "أسبوع الآراء" in html
