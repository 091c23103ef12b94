"""`carevoice qr make` and `carevoice qr letters`: invitation QR codes (PNG and SVG, or printed
A4 letters) for the reviews in a date range."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

import click
from flask.cli import AppGroup

from qr.codes import qr_png, qr_svg
from qr.letters import build_letters_pdf
from service.domain.invitations import invitation_url, issue_codes_for_reviews
from service.domain.letters import MERGE_FIELDS, issue_letter_codes, letter_sheet
from service.models import Role
from service.web import runtime
from service.web.cli._operator import changes_data, operator_in

ROLE_NAMES = {"child": Role.CHILD, "carer": Role.CARER, "parent": Role.PARENT}


@click.group("qr", cls=AppGroup)
def qr_group() -> None:
    """QR codes for review letters."""


@qr_group.command("make")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="First review date.")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Last review date.")
@click.option("--roles", default="child,carer,parent", show_default=True)
@click.option(
    "--reissue", is_flag=True, help="Give unused invitations new codes (old ones stop working)."
)
@changes_data
def make_command(
    out_dir: Path, date_from: object, date_to: object, roles: str, reissue: bool
) -> None:
    """Write a PNG and an SVG per new invitation, named without personal data, and a manifest."""
    wanted = _roles(roles)
    rt = runtime()
    out_dir.mkdir(parents=True, exist_ok=True)
    with rt.sessions.begin() as db:
        operator_in(db)
        issued = issue_codes_for_reviews(
            db,
            roles=wanted,
            ttl=timedelta(days=rt.settings.invitation_ttl_days),
            now=rt.now(),
            date_from=_as_date(date_from),
            date_to=_as_date(date_to),
            reissue=reissue,
        )
        manifest = []
        for item in issued:
            inv = item.invitation
            url = invitation_url(rt.settings.public_base_url, item.token)
            stem = f"invitation-{inv.id:06d}-{inv.role.value}"
            (out_dir / f"{stem}.png").write_bytes(qr_png(url))
            (out_dir / f"{stem}.svg").write_bytes(qr_svg(url))
            review = inv.review
            manifest.append(
                {
                    "file": stem,
                    "invitation": inv.id,
                    "review": review.id if review else "",
                    "child_code": review.child.code if review else "",
                    "review_date": review.review_date.isoformat() if review else "",
                    "role": inv.role.value,
                    "language": inv.language,
                    "expires": inv.expires_at.date().isoformat(),
                }
            )
    if manifest:
        with (out_dir / "manifest.csv").open("a", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(manifest[0]))
            if fh.tell() == 0:
                writer.writeheader()
            writer.writerows(manifest)
    click.echo(f"{len(issued)} QR codes written to {out_dir}")
    if not issued:
        click.echo("every review in range already has codes; use --reissue to replace unused ones")


@qr_group.command("letters")
@click.option("--from", "date_from", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--to", "date_to", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--merge",
    default="",
    help=f"What to print about the review, comma-separated: {', '.join(MERGE_FIELDS)}.",
)
@changes_data
def letters_command(date_from: object, date_to: object, out_file: Path, merge: str) -> None:
    """An A4 sheet per review with fresh child, carer and parent codes (old unused codes stop working)."""
    fields = [name.strip() for name in merge.split(",") if name.strip()]
    unknown = [name for name in fields if name not in MERGE_FIELDS]
    if unknown:
        raise click.BadParameter(
            f"unknown merge field(s): {', '.join(unknown)}", param_hint="--merge"
        )
    start, end = _as_date(date_from), _as_date(date_to)
    if start is None or end is None or end < start:
        raise click.BadParameter("--to must be on or after --from")
    rt = runtime()
    with rt.sessions.begin() as db:
        operator_in(db)
        letters = issue_letter_codes(
            db,
            date_from=start,
            date_to=end,
            ttl=timedelta(days=rt.settings.invitation_ttl_days),
            now=rt.now(),
        )
        if not letters:
            raise click.ClickException("no review in that range has anyone left to answer")
        sheets = [
            letter_sheet(letter, public_base_url=rt.settings.public_base_url, merge=fields)
            for letter in letters
        ]
        pdf = build_letters_pdf(sheets)
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_bytes(pdf)  # written before commit: no new codes without their letters
    codes = sum(len(letter.codes) for letter in letters)
    click.echo(f"{len(letters)} letters ({codes} codes) written to {out_file}")


def _roles(text: str) -> list[Role]:
    try:
        return [ROLE_NAMES[name.strip()] for name in text.split(",") if name.strip()]
    except KeyError as unknown:
        raise click.BadParameter(f"unknown role {unknown}; use child, carer, parent") from None


def _as_date(value: object) -> date | None:
    return value.date() if isinstance(value, datetime) else None


commands = [qr_group]
