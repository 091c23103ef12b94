"""`carevoice reviews import FILE`: reviews from the case system's CSV export."""

from __future__ import annotations

from typing import TextIO

import click
from flask.cli import AppGroup

from service.domain.audit import record_audit
from service.domain.reviews import ReviewImportFailed, import_reviews, read_review_csv
from service.web import runtime
from service.web.cli._operator import changes_data, operator_in


@click.group("reviews", cls=AppGroup)
def reviews_group() -> None:
    """Reviews from the council's case system."""


@reviews_group.command("import")
@click.argument("csv_file", type=click.File("r", encoding="utf-8-sig"))
@changes_data
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
    rt = runtime()
    with rt.sessions.begin() as db:
        result = import_reviews(db, rows)
        record_audit(
            db,
            actor=operator_in(db),
            action="reviews_imported",
            now=rt.now(),
            detail={
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "children_created": result.children_created,
            },
        )
    click.echo(
        f"{result.created} reviews added, {result.updated} updated, {result.unchanged} unchanged "
        f"({result.children_created} new children)"
    )


commands = [reviews_group]
