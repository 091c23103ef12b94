"""Hostile input through the CLIs: a bad line is reported by number and the rest still run."""

from __future__ import annotations

import json
from pathlib import Path

from flask.testing import FlaskCliRunner


def _analyse(runner: FlaskCliRunner, lines: list[bytes]) -> list[dict[str, object]]:
    result = runner.invoke(args=["analyse"], input=b"\n".join(lines) + b"\n")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_analyse_reports_each_bad_line_and_carries_on(runner: FlaskCliRunner) -> None:
    good = json.dumps({"text": "My IRO listened to me"}).encode()
    out = _analyse(
        runner,
        [
            good,
            b"[" * 100_000 + b"]" * 100_000,  # nested deeper than any parser's stack
            b'{"text": "caf\xe9 au lait"}',  # Latin-1, not UTF-8
            b'{"text": "\\ud800 half a character"}',  # a lone surrogate cannot be written out
            b'{"text": "' + b"9" * 5000 + b'", "n": ' + b"9" * 5000 + b"}",  # an enormous number
            b'{"text": "' + b"a" * 2_000_000 + b'"}',  # a line far longer than any comment
            good,
        ],
    )
    assert [o.get("line") for o in out[1:6]] == [2, 3, 4, 5, 6]
    assert all("error" in o for o in out[1:6])
    assert "label" in out[0] and "label" in out[6]
    assert len(out) == 7


def _csv(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "reviews.csv"
    path.write_text("child_ref,review_date,iro,team\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_reviews_import_reports_an_oversized_field_by_row_without_a_traceback(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = _csv(
        tmp_path,
        [
            "REF-1,2026-11-20,IRO-A,North",
            f'REF-2,2026-11-21,IRO-A,"{"x" * 200_000}"',
            "REF-3,not a date,IRO-A,North",
        ],
    )
    result = runner.invoke(args=["reviews", "import", str(path)])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # a ClickException, not a crash
    assert "row 3" in result.output and "too long" in result.output
    assert "row 4, review_date" in result.output  # the rows after it were still checked
    assert "nothing was imported" in result.output
