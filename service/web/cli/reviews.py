"""`carevoice reviews import FILE`: reviews from the case system's CSV export."""

from __future__ import annotations

from typing import TextIO

import click
from flask.cli import AppGroup

from service.domain.reviews import ReviewImportFailed, import_reviews, read_review_csv
from service.web import runtime


@click.group("reviews", cls=AppGroup)
def reviews_group() -> None:
    """Reviews from the council's case system."""


@reviews_group.command("import")
@click.argument("csv_file", type=click.File("r", encoding="utf-8-sig"))
def import_command(csv_file: TextIO) -> None:
    """Import CSV_FILE (child_ref, review_date, iro, team, ...): all rows or none."""
    try:
        rows = read_review_csv(csv_file)
    except ReviewImportFailed as failed:
        for error in failed.errors:
            click.echo(str(error), err=True)
        raise click.ClickException(str(failed)) from None
    except UnicodeDecodeError:
        raise click.ClickException("the file is not UTF-8 text; nothing was imported") from None
    with runtime().sessions.begin() as db:
        result = import_reviews(db, rows)
    click.echo(
        f"{result.created} reviews added, {result.updated} updated, {result.unchanged} unchanged "
        f"({result.children_created} new children)"
    )


commands = [reviews_group]
