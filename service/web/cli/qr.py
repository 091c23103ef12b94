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
from service.domain.letters import (
    MERGE_FIELDS,
    REVIEW_FEEDBACK,
    PersonLetter,
    RolesRefused,
    asked_roles,
    issue_letters,
    letter_sheet,
)
from service.models import Role
from service.questionnaires import ISSUABLE
from service.web import runtime
from service.web.cli._operator import changes_data, operator_in

ROLE_NAMES = {"child": Role.CHILD, "carer": Role.CARER, "parent": Role.PARENT}

QUESTIONNAIRE_OPTION = click.option(
    "--questionnaire",
    "questionnaire",
    default=REVIEW_FEEDBACK,
    show_default=True,
    type=click.Choice(sorted(ISSUABLE)),
    help="What to ask: review feedback, the consultation before the review, how things are, "
    "or leaving care.",
)
ROLES_OPTION = click.option(
    "--roles",
    default="",
    help="Who to ask, comma-separated (child, carer, parent); by default everyone the "
    "questionnaire is for.",
)


@click.group("qr", cls=AppGroup)
def qr_group() -> None:
    """QR codes for review letters."""


@qr_group.command("make")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="First review date.")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Last review date.")
@QUESTIONNAIRE_OPTION
@ROLES_OPTION
@click.option(
    "--reissue", is_flag=True, help="Give unused invitations new codes (old ones stop working)."
)
@changes_data
def make_command(
    out_dir: Path,
    date_from: object,
    date_to: object,
    questionnaire: str,
    roles: str,
    reissue: bool,
) -> None:
    """Write a PNG and an SVG per new invitation, named without personal data, and a manifest."""
    wanted = _roles(roles, questionnaire)
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
            questionnaires=ISSUABLE[questionnaire],
            secret=rt.settings.secret_key,
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
                    "questionnaire": inv.questionnaire_key,
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
@QUESTIONNAIRE_OPTION
@ROLES_OPTION
@click.option(
    "--reissue",
    default="",
    help="Whose unused codes to replace (child, carer, parent, or all); the codes on letters "
    "already posted to them stop working. By default a reprint keeps every unused code.",
)
@click.option(
    "--merge",
    default="",
    help=f"What to print about the review, comma-separated: {', '.join(MERGE_FIELDS)}.",
)
@click.option(
    "--manifest",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a CSV saying which page goes to whom (page, child code, review date, role, "
    "language) for the post room.",
)
@changes_data
def letters_command(
    date_from: object,
    date_to: object,
    out_file: Path,
    questionnaire: str,
    roles: str,
    reissue: str,
    merge: str,
    manifest: Path | None,
) -> None:
    """One A4 page per person still to answer (child, carer, parent), each with only their code,
    in their language. Codes already printed are printed again unchanged unless --reissue."""
    fields = [name.strip() for name in merge.split(",") if name.strip()]
    unknown = [name for name in fields if name not in MERGE_FIELDS]
    if unknown:
        raise click.BadParameter(
            f"unknown merge field(s): {', '.join(unknown)}", param_hint="--merge"
        )
    start, end = _as_date(date_from), _as_date(date_to)
    if start is None or end is None or end < start:
        raise click.BadParameter("--to must be on or after --from")
    wanted = _roles(roles, questionnaire)
    again = set(LETTER_ROLE_LIST) if reissue.strip() == "all" else set(_role_list(reissue))
    rt = runtime()
    with rt.sessions.begin() as db:
        operator_in(db)
        letters = issue_letters(
            db,
            date_from=start,
            date_to=end,
            ttl=timedelta(days=rt.settings.invitation_ttl_days),
            now=rt.now(),
            secret=rt.settings.secret_key,
            questionnaire=questionnaire,
            roles=wanted,
            reissue=again,
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
        if manifest is not None:
            _write_letter_manifest(manifest, letters)
    reprinted = sum(letter.reprinted for letter in letters)
    click.echo(
        f"{len(letters)} letters written to {out_file} "
        f"({len(letters) - reprinted} new codes, {reprinted} printed again)"
    )


LETTER_ROLE_LIST = (Role.CHILD, Role.CARER, Role.PARENT)


def _write_letter_manifest(path: Path, letters: list[PersonLetter]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["page", "child_code", "review_date", "role", "language", "code"])
        for page, letter in enumerate(letters, start=1):
            writer.writerow(
                [
                    page,
                    letter.review.child.code,
                    letter.review.review_date.isoformat(),
                    letter.code.invitation.role.value,
                    letter.language,
                    "again" if letter.reprinted else "new",
                ]
            )


def _role_list(text: str) -> list[Role]:
    try:
        return [ROLE_NAMES[name.strip()] for name in text.split(",") if name.strip()]
    except KeyError as unknown:
        raise click.BadParameter(f"unknown role {unknown}; use child, carer, parent") from None


def _roles(text: str, questionnaire: str) -> list[Role]:
    """The roles asked: those named (each must be one the questionnaire is for), or all of them."""
    try:
        return asked_roles(questionnaire, _role_list(text))
    except RolesRefused as refused:
        raise click.BadParameter(str(refused), param_hint="--roles") from None


def _as_date(value: object) -> date | None:
    return value.date() if isinstance(value, datetime) else None


commands = [qr_group]
