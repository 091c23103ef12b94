"""Who runs a command that changes data, so the audit log names a person instead of "system".

A command that changes data is marked `@changes_data` (below its `@group.command(...)` line), which
gives it `--as EMAIL`, and calls `operator_in(db)` inside its own transaction:

    @users_group.command("disable")
    @click.argument("email")
    @changes_data
    def disable_command(email: str) -> None:
        rt = runtime()
        with rt.sessions.begin() as db:
            set_active(db, ..., actor=operator_in(db))

`operator_in` resolves the operator once per run: the active staff account named by `--as`, or
else the machine's user ("os:<name>"). In the same transaction as the change it writes one
`cli_command` audit event naming the command (never its arguments, which may hold a case
reference) and the machine's user (and the one behind sudo), so a claimed `--as` is always seen
beside the account that really ran it. tests/test_cli_operator.py fails for any new command that
is neither marked nor listed there as changing nothing.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from typing import Any, TypeVar

import click
from sqlalchemy.orm import Session

from service.domain.audit import Operator, record_audit
from service.domain.users import find_user, normalise_email
from service.web import runtime

_EMAIL = "carevoice.operator.email"
_RESOLVED = "carevoice.operator.resolved"
CHANGES_DATA = "carevoice_changes_data"

F = TypeVar("F", bound=Callable[..., Any])


def changes_data(command: F) -> F:
    """Give a command `--as EMAIL` and mark it as one that must name its operator."""

    def remember(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
        ctx.meta[_EMAIL] = value
        return value

    option = click.option(
        "--as",
        "operator_email",
        metavar="EMAIL",
        expose_value=False,
        callback=remember,
        help="The staff account you act for (the audit log also records your machine user "
        "name); without it, your machine user name alone.",
    )
    marked = option(command)
    setattr(marked, CHANGES_DATA, True)
    return marked


def operator_in(db: Session) -> Operator:
    """The person running this command, written to the audit log in `db`'s transaction (once a run)."""
    ctx = click.get_current_context()
    resolved: Operator | None = ctx.meta.get(_RESOLVED)
    if resolved is not None:
        return resolved
    machine, behind_sudo = machine_user()
    email = ctx.meta.get(_EMAIL)
    if email:
        user = find_user(db, email)
        if user is None or not user.is_active:
            raise click.ClickException(
                f"--as: no active staff account with email {normalise_email(email)}; nothing done"
            )
        operator = Operator(id=user.id, email=user.email)
    else:
        operator = Operator(id=None, email=f"os:{machine}")
    detail = {"command": _command_name(ctx), "os_user": machine}
    if behind_sudo:
        detail["sudo_user"] = behind_sudo
    record_audit(db, actor=operator, action="cli_command", now=runtime().now(), detail=detail)
    ctx.meta[_RESOLVED] = operator
    return operator


def machine_user() -> tuple[str, str | None]:
    """The operating system account running this process, and the one that used sudo to, if any."""
    try:
        import pwd

        name = pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):  # no pwd module, or a container uid without a passwd entry
        try:
            name = getpass.getuser()
        except OSError:
            name = f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"
    return name, os.environ.get("SUDO_USER") or None


def _command_name(ctx: click.Context) -> str:
    """`users disable`, whatever the program is called."""
    names: list[str] = []
    current: click.Context | None = ctx
    while current is not None and current.parent is not None:
        names.append(current.info_name or "")
        current = current.parent
    return " ".join(reversed(names))
