"""`carevoice users create|reset-password|disable|enable|list`."""

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
