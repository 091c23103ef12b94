"""Sign-in throttling: per client and per account (Flask-Limiter), a lockout that answers the same
whether or not the account exists, and that no single client can impose on someone else."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from service.models import StaffRole
from service.runtime import Runtime
from tests.web.helpers import csrf_token
from tests.web.staff.staff_helpers import (
    Staff,
    give_session,
    make_staff,
    post_code,
    post_login,
    totp_code,
)

WRONG = "not the password at all"


def _from(app: Flask, address: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _sign_in_reaches_the_code_step(app: Flask, staff: Staff, address: str) -> bool:
    answer = post_login(_from(app, address), staff.email)
    return answer.status_code == 303 and answer.headers["Location"].endswith("/staff/login/code")


def _spread_failures(app: Flask, email: str, count: int) -> list[int]:
    """`count` wrong passwords for `email`, five from each of a series of addresses."""
    return [
        post_login(_from(app, f"10.9.{n // 5}.1"), email, WRONG).status_code for n in range(count)
    ]


def test_one_client_spraying_passwords_is_throttled(app: Flask, runtime: Runtime) -> None:
    for n in range(4):
        make_staff(runtime, email=f"person{n}@council.test")
    sprayer = _from(app, "10.1.1.1")
    statuses = [
        post_login(sprayer, f"person{n % 4}@council.test", f"Spring2026!{n}").status_code
        for n in range(40)
    ]
    assert statuses[:10] == [401] * 10
    assert set(statuses[10:]) == {429}
    assert post_login(_from(app, "10.1.1.2"), "person0@council.test").status_code == 303


def test_nobody_can_lock_someone_else_out_from_one_address(app: Flask, runtime: Runtime) -> None:
    lead = make_staff(runtime, StaffRole.SAFEGUARDING_LEAD)
    attacker = _from(app, "10.2.2.2")
    for _ in range(15):
        post_login(attacker, lead.email, WRONG)
    assert _sign_in_reaches_the_code_step(app, lead, "10.3.3.3")


def test_the_lockout_answers_the_same_whether_or_not_the_account_exists(
    app: Flask, runtime: Runtime
) -> None:
    real = make_staff(runtime, StaffRole.SAFEGUARDING_LEAD)
    for_real = _spread_failures(app, real.email, 25)
    for_nobody = _spread_failures(app, "nobody@council.test", 25)
    assert for_real == for_nobody
    assert 429 in for_real
    locked = post_login(_from(app, "10.4.4.4"), real.email, WRONG)
    nobody = post_login(_from(app, "10.4.4.5"), "nobody@council.test", WRONG)
    assert locked.status_code == nobody.status_code == 429
    assert locked.get_data() == nobody.get_data()


def test_an_admin_can_unlock_an_account(app: Flask, runtime: Runtime) -> None:
    lead = make_staff(runtime, StaffRole.SAFEGUARDING_LEAD)
    _spread_failures(app, lead.email, 25)
    assert not _sign_in_reaches_the_code_step(app, lead, "10.5.5.5")
    admin = _from(app, "10.6.6.6")
    give_session(admin, runtime, make_staff(runtime, StaffRole.ADMIN))
    page = admin.get(f"/staff/admin/users/{lead.id}").get_data(as_text=True)
    unlocked = admin.post(
        f"/staff/admin/users/{lead.id}/unlock", data={"csrf_token": csrf_token(page)}
    )
    assert unlocked.status_code == 303
    assert _sign_in_reaches_the_code_step(app, lead, "10.5.5.5")


def test_an_admin_unlock_also_ends_a_lock_from_wrong_codes(app: Flask, runtime: Runtime) -> None:
    lead = make_staff(runtime, StaffRole.IRO)
    client = _from(app, "10.7.7.7")
    post_login(client, lead.email)
    assert [post_code(client, "123456").status_code for _ in range(5)][-1] == 429
    assert post_login(client, lead.email).status_code == 429
    admin = _from(app, "10.6.6.6")
    give_session(admin, runtime, make_staff(runtime, StaffRole.ADMIN))
    page = admin.get(f"/staff/admin/users/{lead.id}").get_data(as_text=True)
    admin.post(f"/staff/admin/users/{lead.id}/unlock", data={"csrf_token": csrf_token(page)})
    assert post_login(client, lead.email).status_code == 303
    assert lead.totp_secret
    assert post_code(client, totp_code(runtime, lead.totp_secret)).status_code == 303
