"""Admin pages: adding and resetting accounts, the audit log and its spreadsheet-safe export."""

from __future__ import annotations

import csv
import io

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.domain.audit import record_audit
from service.models import AuditEvent, StaffRole, User
from service.runtime import Runtime
from tests.web.helpers import csrf_token
from tests.web.staff.staff_helpers import give_session, make_staff, post_login


def _admin(app: Flask, runtime: Runtime) -> FlaskClient:
    client = app.test_client()
    give_session(client, runtime, make_staff(runtime, StaffRole.ADMIN))
    return client


def test_admin_adds_an_account_with_a_one_time_password(app: Flask, runtime: Runtime) -> None:
    admin = _admin(app, runtime)
    page = admin.get("/staff/admin/users").get_data(as_text=True)
    answer = admin.post(
        "/staff/admin/users",
        data={
            "csrf_token": csrf_token(page),
            "name": "Robin",
            "email": "Robin@Council.test",
            "role": "participation_officer",
            "iro_code": "",
        },
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "One-time password" in html
    temporary = html.split("<code>")[1].split("</code>")[0]
    newcomer = app.test_client()
    assert (
        post_login(newcomer, "robin@council.test", temporary)
        .headers["Location"]
        .endswith("/staff/password")
    )


def test_an_iro_account_needs_an_iro_code(app: Flask, runtime: Runtime) -> None:
    admin = _admin(app, runtime)
    page = admin.get("/staff/admin/users").get_data(as_text=True)
    answer = admin.post(
        "/staff/admin/users",
        data={
            "csrf_token": csrf_token(page),
            "name": "I",
            "email": "i@council.test",
            "role": "iro",
        },
    )
    assert answer.status_code == 422 and "IRO code" in answer.get_data(as_text=True)


def test_admin_reset_unlocks_and_signs_the_user_out(app: Flask, runtime: Runtime, clock) -> None:
    target = make_staff(runtime, email="locked@council.test")
    victim = app.test_client()
    give_session(victim, runtime, target)
    for _ in range(5):
        post_login(app.test_client(), target.email, "wrong wrong wrong")
    admin = _admin(app, runtime)
    page = admin.get(f"/staff/admin/users/{target.id}").get_data(as_text=True)
    answer = admin.post(
        f"/staff/admin/users/{target.id}/reset-password", data={"csrf_token": csrf_token(page)}
    )
    temporary = answer.get_data(as_text=True).split("<code>")[1].split("</code>")[0]
    assert victim.get("/staff/").status_code == 302
    assert post_login(app.test_client(), target.email, temporary).status_code == 303


def test_admin_disables_an_account(app: Flask, runtime: Runtime) -> None:
    target = make_staff(runtime, email="leaver@council.test")
    admin = _admin(app, runtime)
    page = admin.get(f"/staff/admin/users/{target.id}").get_data(as_text=True)
    admin.post(f"/staff/admin/users/{target.id}/disable", data={"csrf_token": csrf_token(page)})
    assert post_login(app.test_client(), target.email).status_code == 401
    with runtime.sessions() as db:
        assert db.scalar(select(User.is_active).where(User.id == target.id)) is False


def test_audit_log_page_filters_by_action(app: Flask, runtime: Runtime) -> None:
    with runtime.sessions.begin() as db:
        record_audit(db, actor=None, action="view_review", now=runtime.now(), object_id=7)
        record_audit(db, actor=None, action="retention_run", now=runtime.now())
    html = _admin(app, runtime).get("/staff/admin/audit?action=view_review").get_data(as_text=True)
    assert "view_review" in html and "retention_run" not in html


def test_audit_export_neutralises_formulas_and_is_itself_audited(
    app: Flask, runtime: Runtime
) -> None:
    with runtime.sessions.begin() as db:
        record_audit(
            db,
            actor=None,
            action="login_failed",
            now=runtime.now(),
            object_id='=HYPERLINK("http://evil.test","x")',
        )
    answer = _admin(app, runtime).get("/staff/admin/audit.csv")
    assert answer.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    assert any(r["object_id"] == '\'=HYPERLINK("http://evil.test","x")' for r in rows)
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())
    with runtime.sessions() as db:
        assert db.scalar(select(AuditEvent).where(AuditEvent.action == "audit_exported"))


def test_audit_log_shows_markup_as_text(app: Flask, runtime: Runtime) -> None:
    with runtime.sessions.begin() as db:
        record_audit(
            db,
            actor=None,
            action="x",
            now=runtime.now(),
            detail={"email": "<script>alert(1)</script>"},
        )
    html = _admin(app, runtime).get("/staff/admin/audit").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
