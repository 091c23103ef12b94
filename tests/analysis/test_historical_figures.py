"""The council's published PN0-PN7 table, imported through `carevoice reviews import`, reproduces exactly."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner

from service.demo_data import HISTORICAL_PARTICIPATION, historical_review_rows
from service.domain.reviews import OPTIONAL_COLUMNS, REQUIRED_COLUMNS


def _write_csv(path: Path) -> Path:
    columns = [*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in historical_review_rows():
            cells = {
                **row.__dict__,
                "review_date": row.review_date.isoformat(),
                "participation_code": row.participation_code or "",
                "held_in_timescale": "yes" if row.held_in_timescale else "no",
                "report_completed": row.report_completed.isoformat()
                if row.report_completed
                else "",
            }
            writer.writerow([cells[c] if cells[c] is not None else "" for c in columns])
    return path


@pytest.fixture
def imported(runner: FlaskCliRunner, tmp_path: Path) -> FlaskCliRunner:
    result = runner.invoke(args=["reviews", "import", str(_write_csv(tmp_path / "hist.csv"))])
    assert result.exit_code == 0, result.output
    return runner


def _report(runner: FlaskCliRunner, year: int) -> dict:
    result = runner.invoke(args=["report", "iro", "--year", str(year), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_published_participation_table_and_headlines_reproduce(imported: FlaskCliRunner) -> None:
    report = _report(imported, 2022)
    history = {h["year"]: h for h in report["participation"]["history"]}
    assert sorted(history) == [2018, 2019, 2020, 2021, 2022]
    for year, row in history.items():
        published = {code or "none": n for code, n in HISTORICAL_PARTICIPATION[year].items()}
        assert {k: v for k, v in row["by_code"].items() if v} == {
            k: v for k, v in published.items() if v
        }
    p = report["participation"]
    assert p["total"] == 800
    assert p["count_no_views"] == 6
    assert p["pct_no_views_excl_under4"] == pytest.approx(6 / 708 * 100)
    assert (
        int(p["pct_no_views_excl_under4"] * 100) / 100 == 0.84
    )  # published 0.84%, cut not rounded
    assert round(p["pct_attended_spoke"], 1) == 55.4
    assert round(history[2018]["pct_participated_excl_under4"]) == 84
    assert round(history[2018]["pct_participated_excl_under4"], 1) == 84.1


def test_unrecorded_reviews_count_as_not_participating(imported: FlaskCliRunner) -> None:
    p = _report(imported, 2017)["participation"]
    assert p["by_code"]["none"] == 105
    assert p["total"] == 748  # the published 750 was a slip: its rows add up to 748
    assert round(p["pct_participated_excl_under4"]) == 72


def test_published_timeliness_reproduces(imported: FlaskCliRunner) -> None:
    t = _report(imported, 2022)["timeliness"]
    assert (t["held"], t["in_timescale"]) == (800, 790)
    assert t["pct_in_timescale"] == 98.75  # published as 98.7%: the council cut, not rounded
    assert sum(m["held"] for m in t["by_month"]) == 800 and len(t["by_month"]) == 12


def test_report_shows_its_arithmetic_beside_each_headline(
    imported: FlaskCliRunner, tmp_path: Path
) -> None:
    result = imported.invoke(
        args=["report", "iro", "--year", "2022", "--format", "md", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    text = (tmp_path / "iro-report-2022-23.md").read_text(encoding="utf-8")
    for shown in (
        "(747 − 100 − 103) / (747 − 100) = 544 / 647 = 84.08%",
        "6 / (800 − 92) = 6 / 708 = 0.847%",
        "443 / 800 = 55.38%",
        "790 of them within timescale (98.75%)",
        "| Total reviews (sum of the rows above) | 747 | 867 | 864 | 882 | 800 |",
    ):
        assert shown in text
