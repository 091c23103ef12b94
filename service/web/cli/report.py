"""`carevoice report iro|cicc`: the IRO annual report and the Children in Care Council summary."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup

from analysis.reporting.cicc import build_cicc_summary, cicc_document, cicc_json
from analysis.reporting.document import Document, to_docx, to_html, to_markdown
from analysis.reporting.iro import build_iro_report, iro_report_document, iro_report_json
from service.web import runtime

FORMATS = ("all", "md", "html", "docx", "json")


@click.group("report", cls=AppGroup)
def report_group() -> None:
    """Reports built from the records."""


@report_group.command("iro")
@click.option("--year", type=click.IntRange(2000, 2100), required=True, help="2022 = 2022/23.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="all", show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("reports"))
def iro_command(year: int, fmt: str, out: Path) -> None:
    """The IRO annual report for 1 April YEAR to 31 March YEAR+1 (`--format json` prints the
    JSON; `all` writes it beside Markdown, HTML and Word)."""
    rt = runtime()
    with rt.sessions() as db:
        report = build_iro_report(db, year, now=rt.now())
    data = iro_report_json(report)
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    stem = f"iro-report-{report.label.replace('/', '-')}"
    _write(iro_report_document(report), out, stem, fmt, data)


@report_group.command("cicc")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="all", show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("reports"))
def cicc_command(start: datetime, end: datetime, fmt: str, out: Path) -> None:
    """What children said from FROM to TO (both included), in young people's words."""
    first, last = start.date(), end.date()
    if last < first:
        raise click.BadParameter("must not be before --from", param_hint="--to")
    rt = runtime()
    with rt.sessions() as db:
        summary = build_cicc_summary(db, first, last + timedelta(days=1), now=rt.now())
    data = cicc_json(summary)
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    _write(cicc_document(summary), out, f"cicc-summary-{first}-to-{last}", fmt, data)


def _write(document: Document, out: Path, stem: str, fmt: str, data: dict[str, Any]) -> None:
    """The document in the chosen format, or (with "all") every format and the JSON too."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if fmt in ("all", "md"):
        for figure in document.figures():
            image = out / f"{stem}-{figure.name}.png"
            image.write_bytes(figure.chart.png())
            written.append(image)
        markdown = out / f"{stem}.md"
        markdown.write_text(to_markdown(document, image_prefix=f"{stem}-"), encoding="utf-8")
        written.append(markdown)
    if fmt in ("all", "html"):
        page = out / f"{stem}.html"
        page.write_text(to_html(document), encoding="utf-8")
        written.append(page)
    if fmt in ("all", "docx"):
        word = out / f"{stem}.docx"
        word.write_bytes(to_docx(document))
        written.append(word)
    if fmt == "all":
        machine = out / f"{stem}.json"
        machine.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
        written.append(machine)
    for path in written:
        click.echo(str(path))


commands = [report_group]
