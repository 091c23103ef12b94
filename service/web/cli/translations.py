"""`carevoice translations`: keep the gettext catalogues in step with the code, and say how far
each has got."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from service.catalogues import catalogue_status, update_catalogues
from service.domain.translation_reviews import translation_states
from service.web import runtime


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
@click.option("--json", "as_json", is_flag=True, help="One JSON object, by language.")
def status_command(as_json: bool) -> None:
    """Show how complete each catalogue is and whether the council has signed it off."""
    with runtime().sessions() as db:
        states = translation_states(db)
    if as_json:
        figures = {
            s.status.language: {
                "translated": s.status.translated,
                "total": s.status.total,
                "reviewed": s.reviewed,
            }
            for s in states
        }
        click.echo(json.dumps(figures, sort_keys=True))
        return
    for s in states:
        st = s.status
        review = (
            f"reviewed by {s.sign_off.reviewer}, {s.sign_off.reviewed_at:%Y-%m-%d}"
            if s.reviewed and s.sign_off
            else f"not reviewed ({st.note})"
        )
        click.echo(f"{st.language:<4} {st.translated:>4}/{st.total:<4} {review}")


commands = [translations_group]
