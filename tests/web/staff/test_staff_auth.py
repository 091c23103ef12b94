"""Staff sign-in: passwords, lockout, server-side sessions, timeouts and the TOTP second factor."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from service.models import AuditEvent, StaffRole, User
from service.runtime import Runtime
from tests.conftest import Clock
from tests.web.helpers import csrf_token
from tests.web.staff.staff_helpers import (
    PASSWORD,
    give_session,
    make_staff,
    post_code,
    post_login,
    sign_in,
    staff_cookie,
    totp_code,
)


def _actions(runtime: Runtime) -> list[str]:
    with runtime.sessions() as db:
        return list(db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def _sign_out(client: FlaskClient) -> None:
    page = client.get("/staff/").get_data(as_text=True)
    assert client.post("/staff/logout", data={"csrf_token": csrf_token(page)}).status_code == 303


def test_staff_pages_need_sign_in(client: FlaskClient) -> None:
    page = client.get("/staff/")
    assert page.status_code == 302 and "/staff/login" in page.headers["Location"]


def test_right_password_signs_in_and_is_audited(client: FlaskClient, runtime: Runtime) -> None:
    staff = make_staff(runtime)
    sign_in(client, runtime, staff)
    assert "Hello, Participation_Officer" in client.get("/staff/").get_data(as_text=True)
    assert _actions(runtime)[-1] == "login"


def test_wrong_password_and_unknown_email_get_the_same_answer(
    client: FlaskClient, runtime: Runtime
) -> None:
    staff = make_staff(runtime)
    wrong = post_login(client, staff.email, "wrong password here")
    unknown = post_login(client, "nobody@council.test")
    assert wrong.status_code == unknown.status_code == 401
    assert "do not match" in wrong.get_data(as_text=True)
    assert "do not match" in unknown.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302


def test_repeated_failures_throttle_the_client_even_for_the_right_password(
    client: FlaskClient, runtime: Runtime
) -> None:
    staff = make_staff(runtime)
    for _ in range(10):
        post_login(client, staff.email, "wrong password here")
    assert post_login(client, staff.email).status_code == 429
    assert _actions(runtime).count("login_failed") == 10


def test_session_cookie_is_secure_httponly_and_samesite(
    client: FlaskClient, runtime: Runtime
) -> None:
    answer = post_login(client, make_staff(runtime).email)
    cookie = next(c for c in answer.headers.getlist("Set-Cookie") if "carevoice_staff" in c)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Path=/staff" in cookie


def test_a_cookie_copied_before_sign_out_does_not_work_after(
    client: FlaskClient, app, runtime: Runtime
) -> None:
    staff = make_staff(runtime)
    sign_in(client, runtime, staff)
    copied = staff_cookie(client)
    assert copied
    _sign_out(client)
    thief = app.test_client()
    thief.set_cookie("carevoice_staff", copied, path="/staff")
    assert thief.get("/staff/").status_code == 302
    assert _actions(runtime)[-1] == "logout"


def test_signing_in_gives_a_new_session_id_and_ends_the_old_one(
    client: FlaskClient, app, runtime: Runtime
) -> None:
    staff = make_staff(runtime)
    planted = give_session(client, runtime, staff)
    sign_in(client, runtime, staff)
    assert staff_cookie(client) not in (None, planted)
    other = app.test_client()
    other.set_cookie("carevoice_staff", planted, path="/staff")
    assert other.get("/staff/").status_code == 302


def test_session_ends_after_idle_time(client: FlaskClient, runtime: Runtime, clock: Clock) -> None:
    give_session(client, runtime, make_staff(runtime))
    clock.advance(minutes=29)
    assert client.get("/staff/").status_code == 200
    clock.advance(minutes=29)
    assert client.get("/staff/").status_code == 200
    clock.advance(minutes=31)
    assert client.get("/staff/").status_code == 302


def test_session_ends_after_absolute_time_even_when_busy(
    client: FlaskClient, runtime: Runtime, clock: Clock
) -> None:
    give_session(client, runtime, make_staff(runtime))
    for _ in range(9 * 3):
        clock.advance(minutes=20)
        assert client.get("/staff/").status_code == 200
    clock.advance(minutes=61)
    assert client.get("/staff/").status_code == 302


def test_disabling_an_account_ends_its_sessions(client: FlaskClient, runtime: Runtime) -> None:
    staff = make_staff(runtime)
    give_session(client, runtime, staff)
    with runtime.sessions.begin() as db:
        user = db.get(User, staff.id)
        assert user is not None
        user.is_active = False
    assert client.get("/staff/").status_code == 302


def test_roles_that_see_identities_must_give_a_code(client: FlaskClient, runtime: Runtime) -> None:
    staff = make_staff(runtime, StaffRole.SAFEGUARDING_LEAD)
    answer = post_login(client, staff.email)
    assert answer.headers["Location"].endswith("/staff/login/code")
    assert client.get("/staff/").status_code == 302
    assert staff.totp_secret
    assert post_code(client, "000000").status_code == 401
    assert post_code(client, totp_code(runtime, staff.totp_secret)).status_code == 303
    assert client.get("/staff/").status_code == 200


def test_admins_must_give_a_code_too(client: FlaskClient, runtime: Runtime) -> None:
    """An admin can add a safeguarding lead and sign in as it: a password alone must not do."""
    staff = make_staff(runtime, StaffRole.ADMIN)
    answer = post_login(client, staff.email)
    assert answer.headers["Location"].endswith("/staff/login/code")
    assert client.get("/staff/admin/users").status_code == 302
    assert staff.totp_secret
    assert post_code(client, totp_code(runtime, staff.totp_secret)).status_code == 303
    assert client.get("/staff/admin/users").status_code == 200


def test_a_code_works_only_once(client: FlaskClient, app, runtime: Runtime) -> None:
    staff = make_staff(runtime, StaffRole.IRO_MANAGER)
    assert staff.totp_secret
    code = totp_code(runtime, staff.totp_secret)
    post_login(client, staff.email)
    assert post_code(client, code).status_code == 303
    replay = app.test_client()
    post_login(replay, staff.email)
    assert post_code(replay, code).status_code == 401


def test_first_sign_in_sets_up_the_second_factor(client: FlaskClient, runtime: Runtime) -> None:
    staff = make_staff(runtime, StaffRole.IRO, enrolled=False)
    post_login(client, staff.email)
    page = client.get("/staff/login/code").get_data(as_text=True)
    assert "data:image/svg+xml;base64," in page
    with runtime.sessions() as db:
        user = db.get(User, staff.id)
        assert user is not None and user.totp_secret and not user.totp_enabled
        secret = user.totp_secret
    assert post_code(client, totp_code(runtime, secret)).status_code == 303
    with runtime.sessions() as db:
        user = db.get(User, staff.id)
        assert user is not None and user.totp_enabled


def test_wrong_codes_count_towards_lockout(client: FlaskClient, runtime: Runtime) -> None:
    staff = make_staff(runtime, StaffRole.IRO)
    post_login(client, staff.email)
    statuses = [post_code(client, "123456").status_code for _ in range(5)]
    assert statuses[-1] == 429
    assert post_login(client, staff.email).status_code == 429


def test_the_password_step_expires_after_five_minutes(
    client: FlaskClient, runtime: Runtime, clock: Clock
) -> None:
    staff = make_staff(runtime, StaffRole.IRO)
    post_login(client, staff.email)
    page = client.get("/staff/login/code").get_data(as_text=True)
    clock.advance(minutes=6)
    assert staff.totp_secret
    answer = client.post(
        "/staff/login/code",
        data={"csrf_token": csrf_token(page), "code": totp_code(runtime, staff.totp_secret)},
    )
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/staff/login")
    assert client.get("/staff/").status_code == 302


def _copy_cookies(source: FlaskClient, target: FlaskClient) -> None:
    for name, path in (("session", "/"), ("carevoice_pending", "/staff/login")):
        cookie = source.get_cookie(name, path=path)
        if cookie is not None:
            target.set_cookie(name, cookie.value, path=path)


def test_the_password_step_is_held_by_the_server_and_a_copy_ends_with_it(
    client: FlaskClient, app, runtime: Runtime, clock: Clock
) -> None:
    staff = make_staff(runtime, StaffRole.SAFEGUARDING_LEAD)
    assert staff.totp_secret
    post_login(client, staff.email)
    thief = app.test_client()
    _copy_cookies(client, thief)
    assert post_code(client, totp_code(runtime, staff.totp_secret)).status_code == 303
    clock.advance(seconds=30)  # a fresh code, within the five minutes the copy used to last
    step = thief.get("/staff/login/code")
    assert step.status_code == 303 and step.headers["Location"].endswith("/staff/login")
    page = thief.get("/staff/login").get_data(as_text=True)
    answer = thief.post(
        "/staff/login/code",
        data={"csrf_token": csrf_token(page), "code": totp_code(runtime, staff.totp_secret)},
    )
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/staff/login")
    assert staff_cookie(thief) is None


def test_after_an_admin_reset_the_user_must_choose_a_new_password(
    client: FlaskClient, runtime: Runtime
) -> None:
    from service.domain.users import reset_password

    staff = make_staff(runtime)
    with runtime.sessions.begin() as db:
        user = db.get(User, staff.id)
        assert user is not None
        temporary = reset_password(db, user, now=runtime.now(), actor=None)
    answer = post_login(client, staff.email, temporary)
    assert answer.headers["Location"].endswith("/staff/password")
    assert client.get("/staff/").headers["Location"].endswith("/staff/password")
    page = client.get("/staff/password").get_data(as_text=True)
    changed = client.post(
        "/staff/password",
        data={
            "csrf_token": csrf_token(page),
            "current_password": temporary,
            "new_password": "a brand new long passphrase",
            "confirm_password": "a brand new long passphrase",
        },
    )
    assert changed.status_code == 303
    assert client.get("/staff/").status_code == 200
    assert post_login(client, staff.email, "a brand new long passphrase").status_code == 303


def test_changing_the_password_ends_every_other_session(
    client: FlaskClient, app, runtime: Runtime
) -> None:
    staff = make_staff(runtime)
    elsewhere = app.test_client()
    sign_in(elsewhere, runtime, staff)
    sign_in(client, runtime, staff)
    page = client.get("/staff/password").get_data(as_text=True)
    changed = client.post(
        "/staff/password",
        data={
            "csrf_token": csrf_token(page),
            "current_password": PASSWORD,
            "new_password": "a brand new long passphrase",
            "confirm_password": "a brand new long passphrase",
        },
    )
    assert changed.status_code == 303
    assert client.get("/staff/").status_code == 200
    assert elsewhere.get("/staff/").status_code == 302


def test_sign_in_form_without_csrf_token_is_refused(client: FlaskClient, runtime: Runtime) -> None:
    staff = make_staff(runtime)
    answer = client.post("/staff/login", data={"email": staff.email, "password": "x" * 20})
    assert answer.status_code == 400
