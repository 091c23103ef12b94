"""`carevoice translations`: keep the gettext catalogues in step with the code."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from service.catalogues import catalogue_status, languages, update_catalogues


@click.group("translations", cls=AppGroup)
def translations_group() -> None:
    """Extract, update and compile the translations of children's pages."""


@translations_group.command("update")
def update_command() -> None:
    """Re-extract every msgid, merge into each language's .po and recompile the .mo files."""
    for language in update_catalogues():
        status = catalogue_status(language)
        click.echo(f"{language}: {status.translated}/{status.total} translated")


@translations_group.command("status")
def status_command() -> None:
    """Show how complete each catalogue is and whether a native speaker has checked it."""
    for language in languages():
        status = catalogue_status(language)
        click.echo(f"{language:<4} {status.translated:>4}/{status.total:<4} {status.review}")


commands = [translations_group]
