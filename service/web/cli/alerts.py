"""`carevoice alerts audit`: the record an inspector asks for."""

from __future__ import annotations

import json
from datetime import datetime

import click
from flask.cli import AppGroup

from service.domain.alert_audit import alert_audit
from service.domain.reading import reading_audit
from service.web import runtime
from service.web.cli.reading import reading_line


@click.group("alerts", cls=AppGroup)
def alerts_group() -> None:
    """Safeguarding alerts."""


@alerts_group.command("audit")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "--with-reading",
    is_flag=True,
    help='JSON: {"alerts": [...], "reading": {the reading queue\'s summary}} instead of the list.',
)
def audit_command(start: datetime, end: datetime, fmt: str, with_reading: bool) -> None:
    """Every alert raised in the dates: times to acknowledge and close, actions, escalations;
    and the reading queue's figures for the same dates."""
    if end < start:
        raise click.BadParameter("--to must not be before --from")
    rt = runtime()
    with rt.sessions() as db:
        rows = alert_audit(db, start.date(), end.date(), now=rt.now())
        _items, reading = reading_audit(db, start.date(), end.date(), now=rt.now())
    if fmt == "json":
        alerts = [r.to_dict() for r in rows]
        shown: object = {"alerts": alerts, "reading": reading.to_dict()} if with_reading else alerts
        click.echo(json.dumps(shown, indent=2))
        return
    late = sum(r.acknowledged_late for r in rows)
    click.echo(
        f"{len(rows)} alerts from {start:%Y-%m-%d} to {end:%Y-%m-%d}; {late} acknowledged late"
    )
    for r in rows:
        ack = (
            "not acknowledged"
            if r.minutes_to_acknowledge is None
            else (f"acknowledged in {r.minutes_to_acknowledge} min by {r.acknowledged_by}")
        )
        close = "open" if r.minutes_to_close is None else f"closed in {r.minutes_to_close} min"
        click.echo(
            f"{r.number} {r.raised_at:%Y-%m-%d %H:%M} {r.urgency} {r.category}"
            f"{' (anonymous)' if r.anonymous else ''}: {ack}{' LATE' if r.acknowledged_late else ''}; "
            f"{close}; {len(r.actions)} actions; {len(r.escalations)} escalations"
        )
        for e in r.escalations:
            click.echo(
                f"    escalated {e['at']} to level {e.get('level')} ({e.get('contact')}), "
                f"deadline missed {e.get('missed')}"
            )
        if r.outcome:
            click.echo(f"    outcome: {r.outcome}")
    click.echo(reading_line(reading.to_dict(), start, end))


commands = [alerts_group]
