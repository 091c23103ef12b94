"""`carevoice analyse`: text analysis as JSON lines in and out, or re-analysis of stored answers."""

from __future__ import annotations

import json
from typing import Any, TextIO

import click
from flask.cli import with_appcontext

from analysis.text.pipeline import ANALYSER_VERSION, analyse_text
from service.domain.reanalysis import reanalyse_batch
from service.web import runtime

MAX_TEXT = 20_000


@click.command("analyse")
@with_appcontext
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--recompute", is_flag=True, help="Re-analyse stored answers from older analysers.")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(1, 10_000))
def analyse_command(source: TextIO, recompute: bool, batch_size: int) -> None:
    """Read {"text": ..., "lang": ...} lines from SOURCE (default stdin); write one result line each."""
    if recompute:
        _recompute(batch_size)
        return
    for number, line in enumerate(source, start=1):
        if not line.strip():
            continue
        click.echo(json.dumps(_analyse_line(number, line), ensure_ascii=False))


def _analyse_line(number: int, line: str) -> dict[str, Any]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        return {"line": number, "error": f"not JSON: {error.msg}"}
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        return {"line": number, "error": 'expected an object with a "text" string'}
    lang = item.get("lang", "en")
    if not isinstance(lang, str) or not lang:
        return {"line": number, "error": '"lang" must be a language code such as "en"'}
    if len(item["text"]) > MAX_TEXT:
        return {"line": number, "error": f"text longer than {MAX_TEXT} characters"}
    analysis = analyse_text(item["text"], lang)
    return {
        "safety": analysis.safety.to_dict(),
        "sentiment": analysis.sentiment,
        "label": analysis.label,
        "themes": list(analysis.themes),
    }


def _recompute(batch_size: int) -> None:
    rt = runtime()
    after = seen = updated = 0
    flagged: list[int] = []
    while True:
        with (
            rt.sessions.begin() as db
        ):  # one transaction per batch: a crash loses one batch at most
            batch = reanalyse_batch(db, after_id=after, size=batch_size)
        if not batch.seen:
            break
        after, seen, updated = batch.last_id, seen + batch.seen, updated + batch.updated
        flagged.extend(batch.newly_flagged)
        click.echo(f"... {seen} answers re-analysed", err=True)
    click.echo(f"{updated} answers re-analysed with {ANALYSER_VERSION}")
    if flagged:
        ids = ", ".join(str(i) for i in sorted(set(flagged)))
        click.echo(
            f"{len(set(flagged))} responses are newly flagged by the safety screen; "
            f"a safeguarding lead should read them: {ids}"
        )


commands = [analyse_command]
