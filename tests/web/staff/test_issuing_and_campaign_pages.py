"""Staff pages to issue letters and run campaigns: CSRF, roles, audit, and the same contracts as
the CLI (one code per page; campaigns listed with their answers)."""

from __future__ import annotations

from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from service.domain.invitations import TokenState, look_up_token
from service.models import AuditEvent, Campaign, Invitation, StaffRole
from service.runtime import Runtime
from tests.factories import make_review
from tests.web.helpers import csrf_token
from tests.web.staff.staff_helpers import give_session, make_staff
from tests.web.test_campaign_links import ANSWERS, open_campaign, send

SPAN = {"from": "2026-11-01", "to": "2026-11-30"}


def signed_in(client: FlaskClient, runtime: Runtime, role=StaffRole.PARTICIPATION_OFFICER):  # type: ignore[no-untyped-def]
    give_session(client, runtime, make_staff(runtime, role))


def test_issue_page_prints_one_code_per_person(client: FlaskClient, runtime: Runtime) -> None:
    decode = pytest.importorskip("tests.qr.decode")
    with runtime.sessions.begin() as db:
        make_review(db, child_ref="A", review_date=date(2026, 11, 10), language="ar")
    signed_in(client, runtime)
    page = client.get("/staff/issue").get_data(as_text=True)
    assert client.post("/staff/issue", data=SPAN).status_code == 400  # no CSRF token
    sent = client.post("/staff/issue", data={**SPAN, "csrf_token": csrf_token(page)})
    assert sent.status_code == 200 and sent.headers["Content-Type"] == "application/pdf"
    pages = decode.decode_pdf_page_codes(sent.get_data())
    assert [len(codes) for codes in pages] == [1, 1, 1]
    again = client.post("/staff/issue", data={**SPAN, "csrf_token": csrf_token(page)})
    first = [c.text for p in pages for c in p]
    assert [c.text for p in decode.decode_pdf_page_codes(again.get_data()) for c in p] == first
    with runtime.sessions() as db:
        for url in first:
            token = url.rsplit("/r/", 1)[1]
            assert look_up_token(db, token, runtime.now()).state is TokenState.VALID
        assert db.scalars(select(AuditEvent.action)).all().count("print_letters") == 2


def test_issue_page_asks_the_consultation_before_the_review(
    client: FlaskClient, runtime: Runtime
) -> None:
    with runtime.sessions.begin() as db:
        make_review(db, child_ref="A", review_date=date(2026, 11, 10))
    signed_in(client, runtime)
    token = csrf_token(client.get("/staff/issue").get_data(as_text=True))
    refused = client.post(
        "/staff/issue",
        data={**SPAN, "csrf_token": token, "questionnaire": "pre_review", "roles": "carer"},
    )
    assert refused.status_code == 400 and "pre_review is not for carer" in refused.get_data(
        as_text=True
    )
    sent = client.post(
        "/staff/issue", data={**SPAN, "csrf_token": token, "questionnaire": "pre_review"}
    )
    assert sent.status_code == 200
    with runtime.sessions() as db:
        assert db.scalars(select(Invitation.questionnaire_key)).all() == ["pre_review"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"from": "soon", "to": "2026-11-30"}, "Give both dates"),
        ({"from": "2026-11-30", "to": "2026-11-01"}, "on or after"),
        ({"from": "2027-01-01", "to": "2027-01-31"}, "No review in those dates"),
    ],
)
def test_issue_page_explains_what_it_cannot_do(
    client: FlaskClient, runtime: Runtime, data, message
) -> None:
    signed_in(client, runtime)
    token = csrf_token(client.get("/staff/issue").get_data(as_text=True))
    answer = client.post("/staff/issue", data={**data, "csrf_token": token})
    assert answer.status_code == 400 and message in answer.get_data(as_text=True)


def test_an_iro_may_not_issue_or_run_campaigns(client: FlaskClient, runtime: Runtime) -> None:
    signed_in(client, runtime, StaffRole.IRO)
    assert client.get("/staff/issue").status_code == 403
    assert client.get("/staff/campaigns").status_code == 403


def test_campaign_page_opens_counts_and_closes(client: FlaskClient, runtime: Runtime) -> None:
    signed_in(client, runtime)
    page = client.get("/staff/campaigns").get_data(as_text=True)
    assert "No campaigns yet" in page
    opened = client.post(
        "/staff/campaigns",
        data={
            "csrf_token": csrf_token(page),
            "title": "Feedback Week",
            "questionnaire": "feedback_week",
        },
    )
    assert opened.status_code == 303
    listing = client.get("/staff/campaigns").get_data(as_text=True)
    with runtime.sessions() as db:
        code = db.scalars(select(Campaign.code)).one()
    assert f"https://feedback.test/c/{code}" in listing
    child = client.application.test_client()
    send(child, open_campaign(child, code), ANSWERS)
    listing = client.get("/staff/campaigns").get_data(as_text=True)
    assert "<td>1</td>" in listing
    bad = client.post(
        "/staff/campaigns",
        data={"csrf_token": csrf_token(listing), "title": " ", "questionnaire": "feedback_week"},
    )
    assert bad.status_code == 400 and "title" in bad.get_data(as_text=True)
    closed = client.post(f"/staff/campaigns/{code}/close", data={"csrf_token": csrf_token(listing)})
    assert closed.status_code == 303
    assert "Campaign closed" in client.get("/staff/campaigns").get_data(as_text=True)
    assert client.get(f"/c/{code}").status_code != 303
    with runtime.sessions() as db:
        actions = db.scalars(select(AuditEvent.action)).all()
    assert actions.count("campaign.create") == 1 and actions.count("campaign.close") == 1
