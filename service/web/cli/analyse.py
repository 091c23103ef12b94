"""`carevoice analyse`: text analysis as JSON lines in and out, or re-analysis of stored answers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

import click
from flask.cli import with_appcontext

from analysis.text.pipeline import ANALYSER_VERSION, analyse_text
from service.domain.reanalysis import reanalyse_batch
from service.web import runtime
from service.web.cli._operator import changes_data, operator_in

MAX_TEXT = 20_000
# A line may hold MAX_TEXT characters written as \uXXXX escapes, and a little more.
MAX_LINE_BYTES = 6 * MAX_TEXT + 4096


@click.command("analyse")
@with_appcontext
@click.argument("source", type=click.File("rb"), default="-")
@click.option("--recompute", is_flag=True, help="Re-analyse stored answers from older analysers.")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(1, 10_000))
@changes_data  # with --recompute it rewrites stored analysis
def analyse_command(source: BinaryIO, recompute: bool, batch_size: int) -> None:
    """Read {"text": ..., "lang": ...} lines from SOURCE (default stdin); write one result line each.

    A line that cannot be read (not UTF-8, not JSON, nested too deeply, too long) gets an error
    line naming its number, and the lines after it are still analysed.
    """
    if recompute:
        _recompute(batch_size)
        return
    for number, line in _lines(source):
        if line is not None and not line.strip():
            continue
        click.echo(json.dumps(_analyse_line(number, line), ensure_ascii=False))


def _lines(source: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines; None for one longer than MAX_LINE_BYTES, which is skipped, not held."""
    number = 0
    while chunk := source.readline(MAX_LINE_BYTES + 1):
        number += 1
        if len(chunk) <= MAX_LINE_BYTES or chunk.endswith(b"\n"):
            yield number, chunk
            continue
        while chunk and not chunk.endswith(b"\n"):
            chunk = source.readline(MAX_LINE_BYTES)
        yield number, None


def _analyse_line(number: int, raw: bytes | None) -> dict[str, Any]:
    if raw is None:
        return {"line": number, "error": f"line longer than {MAX_LINE_BYTES} bytes"}
    try:
        item = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return {"line": number, "error": "not UTF-8 text"}
    except RecursionError:
        return {"line": number, "error": "not JSON: nested too deeply"}
    except ValueError as error:  # JSONDecodeError, or an integer too long to convert
        return {"line": number, "error": f"not JSON: {getattr(error, 'msg', 'unreadable')}"}
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        return {"line": number, "error": 'expected an object with a "text" string'}
    lang = item.get("lang", "en")
    if not isinstance(lang, str) or not lang:
        return {"line": number, "error": '"lang" must be a language code such as "en"'}
    if len(item["text"]) > MAX_TEXT:
        return {"line": number, "error": f"text longer than {MAX_TEXT} characters"}
    if _has_surrogates(item["text"]):
        return {"line": number, "error": '"text" has half a character (a lone \\u surrogate)'}
    analysis = analyse_text(item["text"], lang)
    return {
        "safety": analysis.safety.to_dict(),
        "sentiment": analysis.sentiment,
        "label": analysis.label,
        "themes": list(analysis.themes),
    }


def _has_surrogates(text: str) -> bool:
    """JSON may spell half of a character pair ("\\ud800"), which no output can encode."""
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def _recompute(batch_size: int) -> None:
    rt = runtime()
    after = seen = updated = 0
    flagged: list[int] = []
    while True:
        with (
            rt.sessions.begin() as db
        ):  # one transaction per batch: a crash loses one batch at most
            operator_in(db)
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
