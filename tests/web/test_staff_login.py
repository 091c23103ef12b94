"""Staff sign in; pages behind it refuse everyone else."""

from __future__ import annotations

from flask.testing import FlaskClient

from service.domain.users import create_user
from service.models import AuditEvent, StaffRole
from service.runtime import Runtime
from tests.web.helpers import csrf_token


def make_staff(runtime: Runtime, role: StaffRole = StaffRole.PARTICIPATION_OFFICER) -> None:
    with runtime.sessions.begin() as db:
        create_user(
            db,
            email="pat@council.test",
            display_name="Pat",
            role=role,
            password="correct horse battery",
            now=runtime.now(),
        )


def sign_in(client: FlaskClient, password: str = "correct horse battery"):
    page = client.get("/staff/login").get_data(as_text=True)
    return client.post(
        "/staff/login",
        data={"csrf_token": csrf_token(page), "email": "pat@council.test", "password": password},
    )


def test_staff_pages_need_sign_in(client: FlaskClient) -> None:
    page = client.get("/staff/")
    assert page.status_code == 302 and "/staff/login" in page.headers["Location"]


def test_right_password_signs_in_and_is_audited(client: FlaskClient, runtime: Runtime) -> None:
    make_staff(runtime)
    assert sign_in(client).status_code == 303
    assert "Hello, Pat" in client.get("/staff/").get_data(as_text=True)
    with runtime.sessions() as db:
        assert [e.action for e in db.query(AuditEvent)] == ["login"]


def test_wrong_password_is_refused(client: FlaskClient, runtime: Runtime) -> None:
    make_staff(runtime)
    assert sign_in(client, "wrong").status_code == 401
    assert client.get("/staff/").status_code == 302
