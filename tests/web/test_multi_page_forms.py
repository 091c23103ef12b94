"""Multi-page questionnaires over HTTP: each page saved, resumed from the same link, in the child's language."""

from __future__ import annotations

from datetime import timedelta

from flask.testing import FlaskClient
from sqlalchemy import select

from service.domain.invitations import issue_review_invitations
from service.i18n import SUPPORTED
from service.models import Response, ResponseStatus, Role
from service.questionnaires import PRE_REVIEW_QUESTIONNAIRES
from service.runtime import Runtime
from tests.factories import make_review
from tests.web.helpers import csrf_token, open_form


def pre_review_token(runtime: Runtime, **review_args) -> str:
    with runtime.sessions.begin() as db:
        review = make_review(db, **review_args)
        (issued,) = issue_review_invitations(
            db,
            review,
            (Role.CHILD,),
            ttl=timedelta(days=30),
            now=runtime.now(),
            questionnaires=PRE_REVIEW_QUESTIONNAIRES,
        )
        return issued.token


def post_page(client: FlaskClient, html: str, page: str, answers: dict, move: str = "next"):
    data = {"csrf_token": csrf_token(html), "page": page, "move": move, **answers}
    return client.post("/form", data=data)


def test_each_page_is_saved_and_the_same_link_resumes(
    client: FlaskClient, runtime: Runtime, app
) -> None:
    token = pre_review_token(runtime)
    html = open_form(client, token)
    assert "Page 1 of 4" in html
    moved = post_page(client, html, "taking_part", {"taking_part": "come_speak"})
    assert moved.headers["Location"] == "/form?page=people"
    with runtime.sessions() as db:
        response = db.scalars(select(Response)).one()
        assert response.status is ResponseStatus.IN_PROGRESS
        assert [a.question_id for a in response.answers] == ["taking_part"]
    later = app.test_client()  # the child comes back another day, on another phone
    resumed = open_form(later, token)
    assert "Page 2 of 4" in resumed
    first_page = later.get("/form?page=taking_part").get_data(as_text=True)
    assert 'value="come_speak" checked' in first_page


def test_required_question_is_checked_on_its_own_page(
    client: FlaskClient, runtime: Runtime
) -> None:
    html = open_form(client, pre_review_token(runtime))
    refused = post_page(client, html, "taking_part", {})
    assert refused.status_code == 422  # asked again at once, not after the last page
    shown = refused.get_data(as_text=True)
    assert "<title>Error: My review, before it happens" in shown
    assert 'class="error-summary"' in shown and "autofocus" in shown
    assert 'href="#q-taking_part-come_speak"' in shown  # the summary links to the question
    assert shown.count("Please answer this question.") == 2  # in the summary and at the field
    with runtime.sessions() as db:
        assert db.scalars(select(Response)).first() is None
    moved = post_page(client, shown, "taking_part", {"taking_part": "come_listen"})
    assert moved.headers["Location"] == "/form?page=people"


def test_going_back_does_not_need_the_required_answer(
    client: FlaskClient, runtime: Runtime
) -> None:
    html = open_form(client, pre_review_token(runtime))
    post_page(client, html, "taking_part", {"taking_part": "come_listen"})
    page2 = client.get("/form?page=people").get_data(as_text=True)
    assert post_page(client, page2, "people", {}, move="back").status_code == 303


def test_back_keeps_the_answers_on_the_page_left(client: FlaskClient, runtime: Runtime) -> None:
    html = open_form(client, pre_review_token(runtime))
    post_page(client, html, "taking_part", {"taking_part": "send_views"})
    page2 = client.get("/form?page=people").get_data(as_text=True)
    back = post_page(client, page2, "people", {"want_there": ["carer", "teacher"]}, move="back")
    assert back.headers["Location"] == "/form?page=taking_part"
    again = client.get("/form?page=people").get_data(as_text=True)
    assert 'value="carer" checked' in again and 'value="teacher" checked' in again


def test_invitation_language_is_the_default_and_arabic_is_right_to_left(
    client: FlaskClient, runtime: Runtime
) -> None:
    html = open_form(client, pre_review_token(runtime, language="ar"))
    assert '<html lang="ar" dir="rtl">' in html
    assert "كيف تريد أن تشارك في مراجعتك؟" in html


def test_language_picker_on_every_page_switches_language(
    client: FlaskClient, runtime: Runtime
) -> None:
    html = open_form(client, pre_review_token(runtime))
    for code in SUPPORTED:
        assert f'href="/form?lang={code}" lang="{code}" hreflang="{code}"' in html
    arabic = client.get("/form?lang=ar").get_data(as_text=True)
    assert 'dir="rtl"' in arabic
    page2 = client.get("/form?page=people").get_data(as_text=True)
    assert 'dir="rtl"' in page2  # remembered
    assert 'href="/form?page=people&amp;lang=ti" lang="ti" hreflang="ti"' in page2


def test_stored_answers_record_the_language_and_version(
    client: FlaskClient, runtime: Runtime
) -> None:
    html = open_form(client, pre_review_token(runtime, language="ar"))
    post_page(client, html, "taking_part", {"taking_part": "come_listen"})
    with runtime.sessions() as db:
        response = db.scalars(select(Response)).one()
        assert (response.language, response.questionnaire_version) == ("ar", 1)
