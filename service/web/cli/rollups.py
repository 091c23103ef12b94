"""`carevoice rollups refresh|verify|rebuild`: the dashboard's monthly rollups, filled, checked or
counted afresh. `carevoice worker` refreshes them every round; these are for operators."""

from __future__ import annotations

from datetime import timedelta

import click
from flask.cli import AppGroup

from analysis.reporting.periods import LONGEST_PERIOD_DAYS
from analysis.reporting.rollup_maintenance import rebuild_rollups, verify_rollups
from analysis.reporting.rollup_refresh import refresh_rollups
from service.web import runtime
from service.web.cli._operator import changes_data, operator_in


@click.group("rollups", cls=AppGroup)
def rollups_group() -> None:
    """Monthly counts that keep the dashboard fast over long periods."""


@rollups_group.command("refresh")
@changes_data
def refresh_command() -> None:
    """Count and store every closed month that has no current stored counts (as the worker does)."""
    rt = runtime()
    with rt.sessions.begin() as db:
        operator_in(db)
        months = refresh_rollups(db, rt.now(), wait=True)
    click.echo(f"{months} months stored")


@rollups_group.command("verify")
def verify_command() -> None:
    """Compare every rolled-up month in use with a live count; exit 1 on any difference."""
    rt = runtime()
    with rt.sessions() as db:
        result = verify_rollups(db, rt.now())
    for difference in result.differences:
        click.echo(
            f"{difference.figure} {difference.month:%Y-%m}: stored {difference.stored}, "
            f"live {difference.live}"
        )
    click.echo(f"{result.checked} months checked, {len(result.differences)} different")
    if result.differences:
        raise SystemExit(1)


@rollups_group.command("rebuild")
@changes_data
def rebuild_command() -> None:
    """Count every closed month of the longest dashboard period afresh, and store it."""
    rt = runtime()
    now = rt.now()
    with rt.sessions.begin() as db:
        operator_in(db)
        months = rebuild_rollups(db, now.date() - timedelta(days=LONGEST_PERIOD_DAYS), now)
    click.echo(f"{months} months stored (answer values, sent responses and invitations)")


commands = [rollups_group]
