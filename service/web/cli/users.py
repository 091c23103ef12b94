"""`carevoice users create|reset-password|unlock|disable|enable|list`: staff accounts from the
command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from service.domain.errors import DomainError
from service.domain.users import (
    add_user_with_temporary_password,
    find_user,
    list_users,
    reset_password,
    set_active,
    unlock,
)
from service.domain.visible_text import visible
from service.models import StaffRole, User
from service.web import runtime
from service.web.cli._operator import changes_data, operator_in
from service.web.staff.throttle import clear_account_limits

ROLE_NAMES = [r.value for r in StaffRole]


@click.group("users", cls=AppGroup)
def users_group() -> None:
    """Staff accounts."""


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--name", "display_name", required=True)
@click.option("--role", type=click.Choice(ROLE_NAMES), required=True)
@click.option("--iro-code", default=None, help="For IROs: their code in the review import.")
@changes_data
def create_command(email: str, display_name: str, role: str, iro_code: str | None) -> None:
    """Add an account; prints a one-time password the person must change at first sign-in."""
    rt = runtime()
    try:
        with rt.sessions.begin() as db:
            user, temporary = add_user_with_temporary_password(
                db,
                email=email,
                display_name=display_name,
                role=StaffRole(role),
                now=rt.now(),
                iro_code=iro_code,
                actor=operator_in(db),
            )
            label = f"{user.email} ({user.role.value})"
    except DomainError as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(f"added {label}")
    click.echo(f"one-time password: {temporary}")


@users_group.command("reset-password")
@click.argument("email")
@changes_data
def reset_password_command(email: str) -> None:
    """Give EMAIL a new one-time password, unlock it and sign it out everywhere."""
    rt = runtime()
    with rt.sessions.begin() as db:
        temporary = reset_password(db, _user(db, email), now=rt.now(), actor=operator_in(db))
    click.echo(f"one-time password for {email.strip().lower()}: {temporary}")


@users_group.command("unlock")
@click.argument("email")
@changes_data
def unlock_command(email: str) -> None:
    """Let EMAIL sign in again after too many wrong passwords or codes (when no admin can)."""
    rt = runtime()
    with rt.sessions.begin() as db:
        unlock(db, _user(db, email), now=rt.now(), actor=operator_in(db))
    clear_account_limits(email)
    click.echo(f"unlocked {email.strip().lower()}")


@users_group.command("disable")
@click.argument("email")
@changes_data
def disable_command(email: str) -> None:
    """Stop EMAIL signing in, ending its sessions; the account and its audit trail stay."""
    rt = runtime()
    with rt.sessions.begin() as db:
        set_active(db, _user(db, email), False, now=rt.now(), actor=operator_in(db))
    click.echo(f"disabled {email.strip().lower()}")


@users_group.command("enable")
@click.argument("email")
@changes_data
def enable_command(email: str) -> None:
    """Let a disabled account sign in again."""
    rt = runtime()
    with rt.sessions.begin() as db:
        set_active(db, _user(db, email), True, now=rt.now(), actor=operator_in(db))
    click.echo(f"enabled {email.strip().lower()}")


@users_group.command("list")
def list_command() -> None:
    """Show every account: email, role, two-step sign-in, state, name (hidden characters escaped,
    so a stored name cannot rewrite the terminal)."""
    with runtime().sessions() as db:
        for user in list_users(db):
            state = "active" if user.is_active else "disabled"
            totp = "2fa" if user.totp_enabled else "no-2fa"
            email, name = visible(user.email), visible(user.display_name)
            click.echo(f"{email}\t{user.role.value}\t{totp}\t{state}\t{name}")


def _user(db: Session, email: str) -> User:
    user = find_user(db, email)
    if user is None:
        raise click.ClickException(f"no account with email {email.strip().lower()}")
    return user


commands = [users_group]
