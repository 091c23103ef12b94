"""Commands that change data name who ran them: `--as EMAIL` (a staff account) or the machine user."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import click
import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from service.domain.campaigns import start_campaign
from service.domain.users import create_user
from service.models import AuditEvent, StaffRole, User
from service.questionnaires import CAMPAIGN_QUESTIONNAIRES
from service.runtime import Runtime
from service.web.cli._operator import CHANGES_DATA, machine_user
from tests.factories import make_review
from tests.support.processes import run_carevoice

# Commands that change no data, or that run as the system itself; each says why (Flask's own
# run, shell and routes are not the app's). A new command
# either takes `@changes_data` and calls `operator_in(db)`, or is added here.
CHANGE_NOTHING = {
    "alerts audit": "reads",
    "campaigns list": "reads",
    "bot": "the bot service: it acts for the people who message it",
    "db downgrade": "schema only; the audit table may not exist before or after",
    "db heads": "reads",
    "db upgrade": "schema only; the audit table may not exist before or after",
    "demo": "loads demo data into a local database",
    "reading audit": "reads",
    "report cicc": "reads",
    "report iro": "reads",
    "responses summary": "reads",
    "rollups verify": "reads",
    "serve": "the production server",
    "translations status": "reads",
    "translations update": "writes catalogue files, not data",
    "users list": "reads",
    "worker": "the system's own background work",
}


def _commands(group: click.Group, prefix: str = "") -> Iterator[tuple[str, click.Command]]:
    for name, command in sorted(group.commands.items()):
        path = f"{prefix}{name}"
        if isinstance(command, click.Group):
            if command.invoke_without_command:
                yield path, command
            yield from _commands(command, f"{path} ")
        else:
            yield path, command


def test_every_command_names_its_operator_or_is_known_to_change_nothing(app: Flask) -> None:
    commands = dict(_commands(app.cli))
    marked = {path for path, c in commands.items() if getattr(c.callback, CHANGES_DATA, False)}
    assert set(commands) - marked == set(CHANGE_NOTHING), (
        "mark each command that changes data with @changes_data (service/web/cli/_operator.py), "
        "or list it in CHANGE_NOTHING with the reason"
    )
    for path in marked:
        assert "--as" in {o for p in commands[path].params for o in p.opts}, path


@pytest.fixture
def admin(runtime: Runtime) -> User:
    with runtime.sessions.begin() as db:
        user = create_user(
            db,
            email="officer@council.test",
            display_name="Pat Officer",
            role=StaffRole.ADMIN,
            password="a long enough password",
            now=runtime.now(),
        )
        make_review(db, child_ref="OP-1", review_date=date(2026, 11, 20))
        db.expunge(user)
    return user


def _events(runtime: Runtime, action: str) -> list[AuditEvent]:
    with runtime.sessions() as db:
        return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_as_names_the_staff_account_in_the_change_and_the_command_record(
    runner: FlaskCliRunner, runtime: Runtime, admin: User
) -> None:
    runner.invoke(
        args=["users", "create", "--email", "b@council.test", "--name", "B", "--role", "admin"]
    )
    result = runner.invoke(
        args=["users", "disable", "b@council.test", "--as", "Officer@Council.test"]
    )
    assert result.exit_code == 0, result.output
    (disabled,) = _events(runtime, "user_disabled")
    assert (disabled.actor_id, disabled.actor_label) == (admin.id, "officer@council.test")
    ran = [e for e in _events(runtime, "cli_command") if e.detail["command"] == "users disable"]
    assert len(ran) == 1 and ran[0].actor_id == admin.id
    assert ran[0].detail["os_user"] == machine_user()[0]


def test_without_as_the_machine_user_is_the_operator(
    runner: FlaskCliRunner, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SUDO_USER", raising=False)
    assert runner.invoke(args=["retention", "run"]).exit_code == 0
    (retention,) = _events(runtime, "retention_run")
    (ran,) = _events(runtime, "cli_command")
    label = f"os:{machine_user()[0]}"
    assert (retention.actor_id, retention.actor_label) == (None, label)
    assert (ran.actor_label, ran.detail) == (
        label,
        {"command": "retention run", "os_user": label[3:]},
    )


def test_the_user_behind_sudo_is_recorded_too(
    runner: FlaskCliRunner, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUDO_USER", "alex")
    assert runner.invoke(args=["rollups", "refresh"]).exit_code == 0
    (ran,) = _events(runtime, "cli_command")
    assert ran.detail["sudo_user"] == "alex"


@pytest.mark.parametrize("claimed", ["nobody@council.test", "b@council.test"])
def test_as_an_unknown_or_disabled_account_changes_nothing(
    runner: FlaskCliRunner, runtime: Runtime, admin: User, claimed: str
) -> None:
    runner.invoke(
        args=["users", "create", "--email", "b@council.test", "--name", "B", "--role", "admin"]
    )
    runner.invoke(args=["users", "disable", "b@council.test"])
    runner.invoke(
        args=["users", "create", "--email", "c@council.test", "--name", "C", "--role", "admin"]
    )
    with runtime.sessions() as db:
        before = db.scalar(select(func.count()).select_from(AuditEvent))
    result = runner.invoke(args=["users", "disable", "c@council.test", "--as", claimed])
    assert (
        result.exit_code != 0 and f"no active staff account with email {claimed}" in result.output
    )
    with runtime.sessions() as db:
        assert db.scalar(select(User.is_active).where(User.email == "c@council.test")) is True
        assert db.scalar(select(func.count()).select_from(AuditEvent)) == before


def _csv(tmp_path: Path) -> str:
    path = tmp_path / "reviews.csv"
    path.write_text("child_ref,review_date,iro,team\nOP-2,2026-11-21,IRO-A,North\n")
    return str(path)


# Every command that changes data, as an operator would run it (bot broadcast needs Telegram:
# tests/bots covers it).
RUNS = {
    "users create": lambda tmp: [
        "users",
        "create",
        "--email",
        "n@council.test",
        "--name",
        "N",
        "--role",
        "admin",
    ],
    "users reset-password": lambda tmp: ["users", "reset-password", "officer@council.test"],
    "users unlock": lambda tmp: ["users", "unlock", "officer@council.test"],
    "users disable": lambda tmp: ["users", "disable", "other@council.test"],
    "users enable": lambda tmp: ["users", "enable", "other@council.test"],
    "reviews import": lambda tmp: ["reviews", "import", _csv(tmp)],
    "retention run": lambda tmp: ["retention", "run"],
    "sar export": lambda tmp: ["sar", "export", "--child-ref", "OP-1", "--out", str(tmp)],
    "sar erase": lambda tmp: ["sar", "erase", "--child-ref", "OP-1", "--yes"],
    "qr make": lambda tmp: ["qr", "make", "--out", str(tmp)],
    "qr letters": lambda tmp: [
        "qr",
        "letters",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--out",
        str(tmp / "l.pdf"),
    ],
    "rollups refresh": lambda tmp: ["rollups", "refresh"],
    "rollups rebuild": lambda tmp: ["rollups", "rebuild"],
    "analyse": lambda tmp: ["analyse", "--recompute"],
    "campaigns create": lambda tmp: [
        "campaigns",
        "create",
        "--questionnaire",
        CAMPAIGN_QUESTIONNAIRES["cicc_poll"],
        "--title",
        "Poll",
    ],
    "schedule run": lambda tmp: ["schedule", "run", "--letters-dir", str(tmp)],
}


@pytest.mark.parametrize("command", sorted(RUNS))
def test_each_command_that_changes_data_records_its_operator(
    runner: FlaskCliRunner, runtime: Runtime, admin: User, tmp_path: Path, command: str
) -> None:
    with runtime.sessions.begin() as db:
        create_user(
            db,
            email="other@council.test",
            display_name="Other",
            role=StaffRole.PARTICIPATION_OFFICER,
            password="a long enough password",
            now=runtime.now(),
        )
    result = runner.invoke(args=[*RUNS[command](tmp_path), "--as", "officer@council.test"])
    assert result.exit_code == 0, result.output
    ran = [e for e in _events(runtime, "cli_command") if e.detail["command"] == command]
    assert [(e.actor_id, e.actor_label) for e in ran] == [(admin.id, "officer@council.test")]
    with runtime.sessions() as db:  # what the command itself audited is the operator's too
        actors = set(db.scalars(select(AuditEvent.actor_id)))
    assert actors == {admin.id}


@pytest.mark.process
def test_the_installed_command_records_the_operator(live_runtime: Runtime) -> None:
    """As operators run it: `carevoice` in its own process, with `--as` after the command."""
    with live_runtime.sessions.begin() as db:
        for email in ("pat@council.test", "kim@council.test"):
            create_user(
                db,
                email=email,
                display_name=email[:3],
                role=StaffRole.ADMIN,
                password="a long enough password",
                now=live_runtime.now(),
            )
    env = {
        "DATABASE_URL": live_runtime.settings.database_url,
        "SECRET_KEY": "cli-test-secret",
        "SUDO_USER": None,  # as if not run under sudo, whoever runs the tests
    }
    run_carevoice("users", "disable", "kim@council.test", "--as", "pat@council.test", env=env)
    (disabled,) = _events(live_runtime, "user_disabled")
    (ran,) = _events(live_runtime, "cli_command")
    assert disabled.actor_label == ran.actor_label == "pat@council.test"
    assert ran.detail == {"command": "users disable", "os_user": machine_user()[0]}


def test_closing_a_campaign_records_its_operator(
    runner: FlaskCliRunner, runtime: Runtime, admin: User
) -> None:
    with runtime.sessions.begin() as db:
        code = start_campaign(
            db,
            title="Poll",
            questionnaire_key=CAMPAIGN_QUESTIONNAIRES["cicc_poll"],
            now=runtime.now(),
            language="en",
            closes_at=None,
        ).code
    result = runner.invoke(args=["campaigns", "close", code, "--as", "officer@council.test"])
    assert result.exit_code == 0, result.output
    closed = _events(runtime, "campaign.close")
    assert [(e.actor_id, e.actor_label) for e in closed] == [(admin.id, "officer@council.test")]
