"""`carevoice sar export|erase --child-ref X`: subject access and erasure for one child."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from service.domain.subject_access import (
    ChildNotFound,
    erase_child,
    export_child_data,
    to_json,
    to_readable,
)
from service.web import runtime
from service.web.cli._operator import changes_data, operator_in


@click.group("sar", cls=AppGroup)
def sar_group() -> None:
    """Subject access requests and erasure."""


@sar_group.command("export")
@click.option("--child-ref", required=True, help="The council's case reference.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder for the two files.",
)
@changes_data
def export_command(child_ref: str, out_dir: Path) -> None:
    """Write everything held about one child, as readable text and as JSON."""
    rt = runtime()
    try:
        with rt.sessions.begin() as db:
            data = export_child_data(db, child_ref, now=rt.now(), actor=operator_in(db))
    except ChildNotFound as missing:
        raise click.ClickException(str(missing)) from None
    out_dir.mkdir(parents=True, exist_ok=True)
    # The file name uses the pseudonymous code, so a folder listing does not name the child.
    stem = f"sar-{data['child']['code']}"
    readable, as_json = out_dir / f"{stem}.txt", out_dir / f"{stem}.json"
    readable.write_text(to_readable(data), encoding="utf-8")
    as_json.write_text(to_json(data), encoding="utf-8")
    click.echo(f"wrote {readable} and {as_json}")


@sar_group.command("erase")
@click.option("--child-ref", required=True, help="The council's case reference.")
@click.option("--yes", is_flag=True, help="Confirm: this cannot be undone.")
@changes_data
def erase_command(child_ref: str, yes: bool) -> None:
    """Erase what one child said and their case reference; alerts and the audit log are kept."""
    if not yes:
        raise click.ClickException("erasure cannot be undone: add --yes to confirm")
    rt = runtime()
    try:
        with rt.sessions.begin() as db:
            report = erase_child(db, child_ref, now=rt.now(), actor=operator_in(db))
    except ChildNotFound as missing:
        raise click.ClickException(str(missing)) from None
    click.echo(
        f"erased: {report.responses_deleted} responses deleted, {report.answers_blanked} answers "
        f"blanked (kept for alerts), {report.invitations_deleted} invitations, "
        f"{report.chats_deleted} chats; alerts and audit log kept"
    )


commands = [sar_group]
