"""`carevoice responses summary`: how many invitations and responses there are."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from service.domain.summary import responses_summary
from service.web import runtime


@click.group("responses", cls=AppGroup)
def responses_group() -> None:
    """What people have said."""


@responses_group.command("summary")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
def summary_command(as_json: bool) -> None:
    """Counts of invitations and responses by role, channel and questionnaire."""
    with runtime().sessions() as db:
        summary = responses_summary(db)
    if as_json:
        click.echo(json.dumps(summary, indent=2, sort_keys=True))
        return
    click.echo(
        f"invitations: {summary['invitations']['issued']} issued, "
        f"{summary['invitations']['used']} used"
    )
    click.echo(f"responses: {summary['responses']['submitted']} sent")
    for heading in ("by_role", "by_channel", "by_questionnaire"):
        parts = ", ".join(f"{k} {v}" for k, v in summary["responses"][heading].items())
        click.echo(f"  {heading.replace('_', ' ')}: {parts or 'none'}")


commands = [responses_group]
