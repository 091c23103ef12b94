"""`carevoice schedule run`: the council's timetable, for cron (the worker also runs it when
SCHEDULE_ENABLED is true)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from service.scheduled_letters import run_scheduled
from service.web import runtime
from service.web.cli._operator import changes_data, operator_in


@click.group("schedule", cls=AppGroup)
def schedule_group() -> None:
    """Consultations before reviews and feedback after them, issued on time."""


@schedule_group.command("run")
@click.option(
    "--letters-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the new letters here (default: SCHEDULE_LETTERS_DIR; without either, "
    "`carevoice qr letters` prints the same codes later).",
)
@changes_data
def run_command(letters_dir: Path | None) -> None:
    """Issue the pre-review consultations and review feedback now due; running it again issues
    nothing twice."""
    rt = runtime()
    folder = str(letters_dir) if letters_dir else rt.settings.schedule_letters_dir
    report = run_scheduled(rt, folder, operator_in)
    click.echo(
        f"pre-review consultations issued: {report.pre_review}; "
        f"review feedback issued: {report.feedback}"
    )
    for path in report.files:
        click.echo(f"letters written to {path}")


commands = [schedule_group]
