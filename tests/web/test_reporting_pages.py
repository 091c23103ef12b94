"""Staff reporting pages: dashboard, exports, CiCC summary and "you said, we did"."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from service.domain.responses import parse_answers, record_response
from service.domain.users import create_user
from service.models import Action, AuditEvent, Channel, StaffRole
from service.questionnaires import get_questionnaire
from service.runtime import Runtime
from tests.factories import make_invitation
from tests.web.helpers import csrf_token
from tests.web.staff.staff_helpers import pass_second_factor

PASSWORD = "correct horse battery"


def sign_in_as(client: FlaskClient, runtime: Runtime, role: StaffRole) -> None:
    with runtime.sessions.begin() as db:
        create_user(
            db,
            email="pat@council.test",
            display_name="Pat",
            role=role,
            password=PASSWORD,
            now=runtime.now(),
        )
    page = client.get("/staff/login").get_data(as_text=True)
    client.post(
        "/staff/login",
        data={"csrf_token": csrf_token(page), "email": "pat@council.test", "password": PASSWORD},
    )
    pass_second_factor(client, runtime, "pat@council.test")


def answer(
    runtime: Runtime, number: int, text: str, *, team: str = "North", rating: str = "happy"
) -> None:
    with runtime.sessions.begin() as db:
        issued = make_invitation(
            db,
            runtime.now() - timedelta(days=3),
            child_ref=f"REF-{number}",
            team=team,
            review_date=date(2026, 10, 1),
        )
        questionnaire = get_questionnaire(issued.invitation.questionnaire_key)
        answers = parse_answers(
            questionnaire,
            {
                "spoke_to_iro": ["yes"],
                "felt_involved": ["no"],
                "review_rating": [rating],
                "do_better": [text],
                "feel_safe": ["safe"],
            },
        )
        record_response(
            db,
            answers,
            channel=Channel.WEB,
            language="en",
            now=runtime.now(),
            invitation=issued.invitation,
        )


@pytest.mark.parametrize("path", ["/staff/dashboard", "/staff/cicc", "/staff/actions"])
def test_reporting_pages_refuse_other_roles(
    client: FlaskClient, runtime: Runtime, path: str
) -> None:
    sign_in_as(client, runtime, StaffRole.SAFEGUARDING_LEAD)
    assert client.get(path).status_code == 403


def test_dashboard_shows_indicators_with_n_and_themes(
    client: FlaskClient, runtime: Runtime
) -> None:
    for n in range(3):
        answer(runtime, n, "Too many people at my meeting")
    sign_in_as(client, runtime, StaffRole.PARTICIPATION_OFFICER)
    page = client.get("/staff/dashboard").get_data(as_text=True)
    assert "<td>3</td><td>100%" in page.replace("\n", "")  # spoke to IRO: n=3, 100% yes
    assert "Review meeting experience" in page and "Too many people at my meeting" in page
    assert 'src="data:image/svg+xml;base64,' in page and "<script" not in page


def test_dashboard_team_filter_narrows_figures(client: FlaskClient, runtime: Runtime) -> None:
    answer(runtime, 1, "Nobody listens to me", team="North")
    answer(runtime, 2, "I love my foster carers", team="South")
    sign_in_as(client, runtime, StaffRole.PARTICIPATION_OFFICER)
    page = client.get("/staff/dashboard?team=South").get_data(as_text=True)
    assert "I love my foster carers" in page and "Nobody listens to me" not in page


def test_dashboard_reports_bad_filters_plainly(client: FlaskClient, runtime: Runtime) -> None:
    sign_in_as(client, runtime, StaffRole.IRO_MANAGER)
    page = client.get("/staff/dashboard?from=yesterday&age_band=old")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "From date not understood" in text and "Unknown age band" in text


def test_csv_export_cannot_carry_formulas_and_is_audited(
    client: FlaskClient, runtime: Runtime
) -> None:
    answer(runtime, 1, '=HYPERLINK("http://evil")')
    sign_in_as(client, runtime, StaffRole.PARTICIPATION_OFFICER)
    body = client.get("/staff/dashboard/export.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 1 and rows[0]["do_better"].startswith("'=")
    assert rows[0]["child_code"].startswith("C-") and "REF-1" not in body
    with runtime.sessions() as db:
        assert db.scalar(select(AuditEvent).where(AuditEvent.action == "responses_exported"))


def test_xlsx_export_cannot_carry_formulas(client: FlaskClient, runtime: Runtime) -> None:
    answer(runtime, 1, "+SUM(A1:A9)")
    sign_in_as(client, runtime, StaffRole.PARTICIPATION_OFFICER)
    data = client.get("/staff/dashboard/export.xlsx").get_data()
    sheet = load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("do_better") + 1)
    assert cell.value == "'+SUM(A1:A9)" and cell.data_type == "s"


def test_cicc_page_suppresses_small_counts(client: FlaskClient, runtime: Runtime) -> None:
    for n in range(3):
        answer(runtime, n, "Too many people at my meeting")
    sign_in_as(client, runtime, StaffRole.PARTICIPATION_OFFICER)
    page = client.get("/staff/cicc?from=2026-10-01&to=2026-11-30").get_data(as_text=True)
    main = page[page.index("<main") :]
    assert "Fewer than 5 young people told us" in main
    assert "Your meetings" in main and "Too many people at my meeting" not in main
    assert not re.search(r"(?<![\w-])3(?![\w-])", main)  # the real count never shows


def test_action_recorded_then_published_reaches_cicc(client: FlaskClient, runtime: Runtime) -> None:
    sign_in_as(client, runtime, StaffRole.PARTICIPATION_OFFICER)
    form = client.get("/staff/actions").get_data(as_text=True)
    saved = client.post(
        "/staff/actions",
        data={
            "csrf_token": csrf_token(form),
            "you_said": "Meetings are too big",
            "we_did": "You choose who comes",
            "themes": ["meeting_experience"],
        },
    )
    assert saved.status_code == 303
    assert "You choose who comes" not in client.get("/staff/cicc").get_data(as_text=True)
    with runtime.sessions() as db:
        action_id = db.scalar(select(Action.id))
    page = client.get("/staff/actions").get_data(as_text=True)
    assert (
        client.post(
            f"/staff/actions/{action_id}/publish", data={"csrf_token": csrf_token(page)}
        ).status_code
        == 303
    )
    assert "We did: You choose who comes" in client.get("/staff/cicc").get_data(as_text=True)


def test_action_without_text_is_refused_and_nothing_stored(
    client: FlaskClient, runtime: Runtime
) -> None:
    sign_in_as(client, runtime, StaffRole.PARTICIPATION_OFFICER)
    form = client.get("/staff/actions").get_data(as_text=True)
    refused = client.post(
        "/staff/actions",
        data={"csrf_token": csrf_token(form), "you_said": " ", "we_did": "x", "themes": ["nope"]},
    )
    assert refused.status_code == 400
    assert "Please fill this in." in refused.get_data(as_text=True)
    with runtime.sessions() as db:
        assert db.scalar(select(Action.id)) is None


def test_xlsx_export_is_sent_in_pieces(client: FlaskClient, runtime: Runtime) -> None:
    answer(runtime, 1, "More time with my IRO please")
    sign_in_as(client, runtime, StaffRole.PARTICIPATION_OFFICER)
    response = client.get("/staff/dashboard/export.xlsx", buffered=False)
    assert response.is_streamed
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    assert sheet.max_row == 2
