"""Making staff accounts and signing them in, with or without going through the login pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC

import pyotp
from flask.testing import FlaskClient

from service.domain.staff_sessions import open_session
from service.domain.users import TOTP_REQUIRED_ROLES, create_user
from service.models import StaffRole, User
from service.runtime import Runtime
from service.web.staff.identity import STAFF_COOKIE
from tests.web.helpers import csrf_token

PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class Staff:
    id: int
    email: str
    role: StaffRole
    totp_secret: str | None


def make_staff(
    runtime: Runtime,
    role: StaffRole = StaffRole.PARTICIPATION_OFFICER,
    *,
    email: str | None = None,
    iro_code: str | None = None,
    enrolled: bool = True,
) -> Staff:
    """An account; roles that need a second factor get a confirmed TOTP secret when `enrolled`."""
    email = email or f"{role.value}@council.test"
    if role is StaffRole.IRO and iro_code is None:
        iro_code = "IRO-A"
    secret = pyotp.random_base32() if enrolled else None
    with runtime.sessions.begin() as db:
        user = create_user(
            db,
            email=email,
            display_name=role.value.title(),
            role=role,
            password=PASSWORD,
            now=runtime.now(),
            iro_code=iro_code,
        )
        if secret and role in TOTP_REQUIRED_ROLES:
            user.totp_secret, user.totp_enabled = secret, True
        else:
            secret = None
        return Staff(user.id, email, role, secret)


def post_login(client: FlaskClient, email: str, password: str = PASSWORD):
    page = client.get("/staff/login").get_data(as_text=True)
    return client.post(
        "/staff/login", data={"csrf_token": csrf_token(page), "email": email, "password": password}
    )


def post_code(client: FlaskClient, code: str):
    page = client.get("/staff/login/code").get_data(as_text=True)
    return client.post("/staff/login/code", data={"csrf_token": csrf_token(page), "code": code})


def totp_code(runtime: Runtime, secret: str) -> str:
    return pyotp.TOTP(secret).at(runtime.now().replace(tzinfo=UTC))


def sign_in(client: FlaskClient, runtime: Runtime, staff: Staff) -> None:
    """Through the real pages: password, then a code when the role needs one."""
    answer = post_login(client, staff.email)
    assert answer.status_code == 303, answer.status_code
    if staff.totp_secret:
        answer = post_code(client, totp_code(runtime, staff.totp_secret))
        assert answer.status_code == 303, answer.status_code


def give_session(client: FlaskClient, runtime: Runtime, staff: Staff) -> str:
    """A signed-in cookie without the login pages (for tests about what comes after)."""
    with runtime.sessions.begin() as db:
        user = db.get(User, staff.id)
        assert user is not None
        token = open_session(db, user, now=runtime.now())
    client.set_cookie(STAFF_COOKIE, token, path="/staff")
    return token


def staff_cookie(client: FlaskClient) -> str | None:
    cookie = client.get_cookie(STAFF_COOKIE, path="/staff")
    return cookie.value if cookie else None


def pass_second_factor(client: FlaskClient, runtime: Runtime, email: str) -> None:
    """After the password step: give a valid code when the account's role needs one."""
    from service.domain.users import find_user

    with runtime.sessions.begin() as db:
        user = find_user(db, email)
        assert user is not None
        if user.role not in TOTP_REQUIRED_ROLES and not user.totp_enabled:
            return
        user.totp_secret = user.totp_secret or pyotp.random_base32()
        secret = user.totp_secret
    answer = post_code(client, totp_code(runtime, secret))
    assert answer.status_code == 303, answer.status_code
