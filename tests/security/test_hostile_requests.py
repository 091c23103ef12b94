"""NUL bytes and control characters in what staff pages are sent: a clear 400 at the edge on every
database (PostgreSQL cannot store NUL at all), never a 500, and never the submitted values in a log."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.models import StaffRole
from service.runtime import Runtime
from tests.support.alerts import raise_alert
from tests.web.helpers import csrf_token
from tests.web.staff.staff_helpers import give_session, make_staff, post_login

NOTE = "Spoke to carer Jane Smith on 07700 900123"


@pytest.fixture
def officer(client: FlaskClient, runtime: Runtime) -> FlaskClient:
    give_session(client, runtime, make_staff(runtime, StaffRole.PARTICIPATION_OFFICER))
    return client


def _formatted(caplog: pytest.LogCaptureFixture) -> str:
    """Every record as a handler would write it, traceback included."""
    formatter = logging.Formatter()
    return "\n".join(formatter.format(r) for r in caplog.records)


def test_a_nul_in_the_login_email_is_a_400(
    client: FlaskClient, runtime: Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    make_staff(runtime)
    with caplog.at_level(logging.DEBUG):
        answer = post_login(client, "participation_officer\x00@council.test")
    assert answer.status_code == 400
    assert "control characters" in answer.get_data(as_text=True)
    assert "participation_officer" not in _formatted(caplog)


@pytest.mark.parametrize(
    "path", ["/staff/dashboard", "/staff/dashboard/export.csv", "/staff/dashboard/export.xlsx"]
)
@pytest.mark.parametrize("field", ["team", "from"])
def test_a_nul_in_a_dashboard_or_export_filter_is_a_400(
    officer: FlaskClient, path: str, field: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        answer = officer.get(path, query_string={field: "North\x00Team 07700 900123"})
    assert answer.status_code == 400
    assert "07700 900123" not in _formatted(caplog)


@pytest.mark.parametrize("character", ["\x00", "\x1b[2J", "\x07", "\x9b"])
def test_control_characters_in_an_alert_note_are_a_400_and_the_note_is_not_logged(
    app: Flask, runtime: Runtime, caplog: pytest.LogCaptureFixture, character: str
) -> None:
    with runtime.sessions.begin() as db:
        alert_id = raise_alert(db, runtime.now()).id
    lead = app.test_client()
    give_session(lead, runtime, make_staff(runtime, StaffRole.SAFEGUARDING_LEAD))
    page = lead.get(f"/staff/alerts/{alert_id}").get_data(as_text=True)
    with caplog.at_level(logging.DEBUG):
        answer = lead.post(
            f"/staff/alerts/{alert_id}/action",
            data={"csrf_token": csrf_token(page), "note": NOTE + character},
        )
    assert answer.status_code == 400
    assert "Jane Smith" not in _formatted(caplog) and "07700" not in _formatted(caplog)


def test_line_breaks_and_tabs_in_a_note_are_kept(app: Flask, runtime: Runtime) -> None:
    with runtime.sessions.begin() as db:
        alert_id = raise_alert(db, runtime.now()).id
    lead = app.test_client()
    give_session(lead, runtime, make_staff(runtime, StaffRole.SAFEGUARDING_LEAD))
    page = lead.get(f"/staff/alerts/{alert_id}").get_data(as_text=True)
    answer = lead.post(
        f"/staff/alerts/{alert_id}/action",
        data={"csrf_token": csrf_token(page), "note": "Called.\r\n\tAll well."},
    )
    assert answer.status_code == 303


def test_an_unexpected_error_is_logged_without_what_was_sent(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    @app.get("/boom")
    def boom() -> str:
        raise ValueError(f"could not use {NOTE}")

    with caplog.at_level(logging.DEBUG):
        answer = app.test_client().get("/boom")
    assert answer.status_code == 500
    logged = _formatted(caplog)
    assert "ValueError" in logged and "boom" in logged
    assert "Jane Smith" not in logged
