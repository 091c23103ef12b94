"""`carevoice retention run`: purge what is past its retention time, recorded in the audit log."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

import click
from flask.cli import AppGroup

from service.domain.retention import RetentionPolicy, run_retention
from service.settings import Settings
from service.web import runtime
from service.web.cli._operator import changes_data, operator_in


def policy_from(settings: Settings) -> RetentionPolicy:
    """Retention periods from settings (RETENTION_*_DAYS environment variables)."""
    return RetentionPolicy(
        free_text=timedelta(days=settings.retention_free_text_days),
        expired_invitations=timedelta(days=settings.retention_expired_invitation_days),
        chats=timedelta(days=settings.retention_chat_days),
        bot_updates=timedelta(days=settings.retention_bot_update_days),
        staff_sessions=timedelta(days=settings.retention_staff_session_days),
        alert_words=timedelta(days=settings.retention_alert_words_days),
        case_references=timedelta(days=settings.retention_case_reference_days),
    )


@click.group("retention", cls=AppGroup)
def retention_group() -> None:
    """Keep data no longer than needed."""


@retention_group.command("run")
@changes_data
def run_command() -> None:
    """Purge free text, expired invitations, chats, bot updates, sessions, closed alerts' words and
    case references past their time."""
    rt = runtime()
    with rt.sessions.begin() as db:
        report = run_retention(db, policy_from(rt.settings), now=rt.now(), actor=operator_in(db))
    for kind, count in asdict(report).items():
        click.echo(f"{kind.replace('_', ' ')}: {count} purged")


commands = [retention_group]
