"""The `carevoice` command as staff use it: import reviews, make QR codes, count responses."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from service.models import Invitation, Review
from service.runtime import Runtime
from tests.qr.decode import decode_png
from tests.web.helpers import open_form, submit

CSV = """child_ref,review_date,iro,team,age_at_review,language
K1,2026-11-20,IRO-A,North,12,en
K2,2026-11-25,IRO-B,South,16,ar
"""


def write_csv(tmp_path: Path, text: str = CSV) -> Path:
    path = tmp_path / "reviews.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_reviews_import_reports_counts(
    runner: FlaskCliRunner, tmp_path: Path, runtime: Runtime
) -> None:
    result = runner.invoke(args=["reviews", "import", str(write_csv(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "2 reviews added" in result.output
    with runtime.sessions() as db:
        assert db.scalar(select(func.count()).select_from(Review)) == 2


def test_reviews_import_lists_errors_by_row_and_imports_nothing(
    runner: FlaskCliRunner, tmp_path: Path, runtime: Runtime
) -> None:
    path = write_csv(tmp_path, CSV + "K3,not-a-date,IRO-A,North,,\n")
    result = runner.invoke(args=["reviews", "import", str(path)])
    assert result.exit_code != 0
    assert "row 4, review_date" in result.output
    with runtime.sessions() as db:
        assert db.scalar(select(func.count()).select_from(Review)) == 0


def test_qr_codes_decode_to_links_that_lead_to_a_stored_response(
    runner: FlaskCliRunner, app: Flask, tmp_path: Path, runtime: Runtime
) -> None:
    runner.invoke(args=["reviews", "import", str(write_csv(tmp_path))])
    out = tmp_path / "codes"
    result = runner.invoke(args=["qr", "make", "--out", str(out)])
    assert result.exit_code == 0, result.output
    pngs = sorted(out.glob("*.png"))
    assert len(pngs) == 6 and len(list(out.glob("*.svg"))) == 6
    assert all("K1" not in p.name and "K2" not in p.name for p in pngs)
    child_png = next(p for p in pngs if p.name.endswith("-child.png"))
    (url,) = decode_png(child_png.read_bytes())
    assert url.startswith("https://feedback.test/r/")
    client = app.test_client()
    html = open_form(client, urlsplit(url).path.removeprefix("/r/"))
    sent = submit(client, html, {"review_rating": "very_happy", "feel_safe": "safe"})
    assert sent.headers["Location"] == "/thanks"
    summary = json.loads(runner.invoke(args=["responses", "summary", "--json"]).output)
    assert summary["invitations"] == {"issued": 6, "used": 1}
    assert summary["responses"]["by_channel"] == {"web": 1}
    assert summary["responses"]["by_role"] == {"child": 1}


def test_qr_make_twice_does_not_issue_new_codes(
    runner: FlaskCliRunner, tmp_path: Path, runtime: Runtime
) -> None:
    runner.invoke(args=["reviews", "import", str(write_csv(tmp_path))])
    runner.invoke(args=["qr", "make", "--out", str(tmp_path / "a")])
    again = runner.invoke(args=["qr", "make", "--out", str(tmp_path / "b")])
    assert "already has codes" in again.output or "already have codes" in again.output
    with runtime.sessions() as db:
        assert db.scalar(select(func.count()).select_from(Invitation)) == 6
