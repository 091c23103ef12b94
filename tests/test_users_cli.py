"""`carevoice users create|reset-password|unlock|disable|enable|list`."""

from __future__ import annotations

from flask.testing import FlaskCliRunner


def test_create_prints_a_one_time_password_and_list_shows_the_account(
    runner: FlaskCliRunner,
) -> None:
    made = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "Kim@Council.test",
            "--name",
            "Kim",
            "--role",
            "iro",
            "--iro-code",
            "IRO-K",
        ]
    )
    assert made.exit_code == 0 and "one-time password: " in made.output
    listed = runner.invoke(args=["users", "list"])
    assert "kim@council.test\tiro\tno-2fa\tactive\tKim" in listed.output


def test_create_refuses_an_iro_without_a_code(runner: FlaskCliRunner) -> None:
    made = runner.invoke(
        args=["users", "create", "--email", "a@c.test", "--name", "A", "--role", "iro"]
    )
    assert made.exit_code != 0 and "IRO code" in made.output


def test_reset_password_and_disable(runner: FlaskCliRunner) -> None:
    runner.invoke(args=["users", "create", "--email", "b@c.test", "--name", "B", "--role", "admin"])
    reset = runner.invoke(args=["users", "reset-password", "b@c.test"])
    assert reset.exit_code == 0 and "one-time password for b@c.test" in reset.output
    assert runner.invoke(args=["users", "disable", "b@c.test"]).exit_code == 0
    assert "\tdisabled\t" in runner.invoke(args=["users", "list"]).output
    assert runner.invoke(args=["users", "disable", "nobody@c.test"]).exit_code != 0


def test_unlock_lets_a_locked_account_sign_in_again(app, runner: FlaskCliRunner, runtime) -> None:
    from datetime import timedelta

    from service.models import StaffRole, User
    from tests.web.staff.staff_helpers import make_staff, post_login

    staff = make_staff(runtime, StaffRole.SAFEGUARDING_LEAD)
    with runtime.sessions.begin() as db:
        user = db.get(User, staff.id)
        assert user is not None
        user.locked_until = runtime.now() + timedelta(minutes=15)
    assert post_login(app.test_client(), staff.email).status_code == 429
    unlocked = runner.invoke(args=["users", "unlock", staff.email.upper()])
    assert unlocked.exit_code == 0, unlocked.output
    assert post_login(app.test_client(), staff.email).status_code == 303
