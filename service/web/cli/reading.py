"""`carevoice reading audit`: whether every child's words were read, by whom and in time."""

from __future__ import annotations

import json
from datetime import datetime

import click
from flask.cli import AppGroup

from service.domain.reading import reading_audit
from service.web import runtime


@click.group("reading", cls=AppGroup)
def reading_group() -> None:
    """The reading queue: children's words read by a person."""


@reading_group.command("audit")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def audit_command(start: datetime, end: datetime, fmt: str) -> None:
    """Every item received in the dates: reader, due and read times, outcome; and the totals."""
    if end < start:
        raise click.BadParameter("--to must not be before --from")
    rt = runtime()
    with rt.sessions() as db:
        rows, summary = reading_audit(db, start.date(), end.date(), now=rt.now())
    if fmt == "json":
        click.echo(json.dumps({"items": rows, "summary": summary.to_dict()}, indent=2))
        return
    click.echo(reading_line(summary.to_dict(), start, end))
    for row in rows:
        click.echo(
            f"response {row['response_id']}: {row['reader']}, received {row['received_at']}, "
            f"due {row['due_at']}, "
            + (f"read {row['read_at']} ({row['outcome']})" if row["read_at"] else "not read")
        )


def reading_line(summary: dict[str, object], start: datetime, end: datetime) -> str:
    """The reading queue's figures in one line (also printed by `alerts audit`)."""
    pct = summary["read_in_time_pct"]
    return (
        f"{summary['items']} items to read from {start:%Y-%m-%d} to {end:%Y-%m-%d}; "
        f"{summary['read']} read; {'-' if pct is None else pct}% read in time; "
        f"{summary['overdue']} overdue"
    )


commands = [reading_group]
