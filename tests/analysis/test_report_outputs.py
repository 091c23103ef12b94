"""`carevoice report iro|cicc` write readable Markdown, HTML and DOCX, and publish no small counts."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from docx import Document
from flask.testing import FlaskCliRunner

from service.domain.actions import publish_action, record_action
from service.domain.responses import parse_answers, record_response
from service.models import Channel, Role
from service.questionnaires import get_questionnaire
from service.runtime import Runtime
from tests.factories import make_invitation


def _answers(runtime: Runtime, count: int, text: str, *, share: str = "yes") -> None:
    with runtime.sessions.begin() as db:
        for number in range(count):
            issued = make_invitation(
                db,
                runtime.now() - timedelta(days=2),
                child_ref=f"R-{number}",
                review_date=date(2026, 10, 1),
                participation_code="PN1",
            )
            q = get_questionnaire(issued.invitation.questionnaire_key)
            raw = {
                "spoke_to_iro": ["yes"],
                "felt_involved": ["yes"],
                "review_rating": ["happy"],
                "share_words": [share],
            }
            record_response(
                db,
                parse_answers(q, {**raw, "do_better": [text]}),
                channel=Channel.WEB,
                language="en",
                now=runtime.now(),
                invitation=issued.invitation,
            )


def test_iro_report_writes_markdown_html_docx_with_charts(
    runner: FlaskCliRunner, runtime: Runtime, tmp_path: Path
) -> None:
    _answers(runtime, 6, "My IRO listened to me and didn't talk over me")
    result = runner.invoke(args=["report", "iro", "--year", "2026", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    stem = tmp_path / "iro-report-2026-27"
    markdown = stem.with_suffix(".md").read_text(encoding="utf-8")
    assert "## Feedback from children in care about the IRO service" in markdown
    assert "> My IRO listened to me and didn't talk over me" in markdown
    assert (tmp_path / "iro-report-2026-27-review-rating.png").read_bytes()[:4] == b"\x89PNG"
    html = stem.with_suffix(".html").read_text(encoding="utf-8")
    assert "<script" not in html and 'src="data:image/svg+xml;base64,' in html
    word = Document(str(stem.with_suffix(".docx")))
    assert any("PN0-PN7" in p.text for p in word.paragraphs)
    pictures = word.inline_shapes
    assert len(pictures) >= 2 and pictures[0]._inline.docPr.get("descr")


def test_iro_report_withholds_small_feedback_counts(
    runner: FlaskCliRunner, runtime: Runtime, tmp_path: Path
) -> None:
    _answers(runtime, 3, "Nobody listens to me")
    result = runner.invoke(
        args=["report", "iro", "--year", "2026", "--format", "md", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    feedback = (
        (tmp_path / "iro-report-2026-27.md")
        .read_text(encoding="utf-8")
        .split("Feedback from children")[1]
    )
    assert "fewer than 5 responses were received" in feedback
    assert "| fewer than 5 | withheld (small numbers) said yes |" in feedback
    assert "Nobody listens to me" not in feedback  # too few comments on the theme to quote


def test_cicc_json_is_suppressed_and_lists_published_actions(
    runner: FlaskCliRunner, runtime: Runtime
) -> None:
    _answers(runtime, 7, "Too many people at my meeting")
    with runtime.sessions.begin() as db:
        done = record_action(
            db,
            you_said="Meetings are too big",
            we_did="You choose who comes",
            theme_ids=["meeting_experience"],
            by=None,
            now=runtime.now(),
        )
        publish_action(db, done.id, by=None, now=runtime.now())
        record_action(
            db,
            you_said="Draft",
            we_did="Not yet",
            theme_ids=["activities"],
            by=None,
            now=runtime.now(),
        )
    result = runner.invoke(
        args=["report", "cicc", "--from", "2026-10-01", "--to", "2026-11-30", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["responses"] == "7"
    assert summary["review"]["faces"]["Good"] == "7"
    assert summary["review"]["faces"]["OK"] == "0"
    assert summary["themes"][0]["title"] == "Your meetings"
    assert [a["we_did"] for a in summary["you_said_we_did"]] == ["You choose who comes"]


def _adult_answers(runtime: Runtime, role: Role, count: int) -> None:
    with runtime.sessions.begin() as db:
        for number in range(count):
            issued = make_invitation(
                db,
                runtime.now() - timedelta(days=2),
                role=role,
                child_ref=f"A-{role.value}-{number}",
                review_date=date(2026, 10, 1),
            )
            q = get_questionnaire(issued.invitation.questionnaire_key)
            record_response(
                db,
                parse_answers(q, {"spoke_to_iro": ["no"], "review_rating": ["ok"]}),
                channel=Channel.WEB,
                language="en",
                now=runtime.now(),
                invitation=issued.invitation,
            )


def test_iro_report_all_formats_include_json_and_carers_and_parents(
    runner: FlaskCliRunner, runtime: Runtime, tmp_path: Path
) -> None:
    _answers(runtime, 6, "My IRO listened to me and didn't talk over me")
    _adult_answers(runtime, Role.CARER, 5)
    _adult_answers(runtime, Role.PARENT, 2)
    result = runner.invoke(args=["report", "iro", "--year", "2026", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "iro-report-2026-27.json").read_text(encoding="utf-8"))
    assert data["feedback"]["responses"] == 6  # children only
    carers, parents = data["carers_and_parents"]["carer"], data["carers_and_parents"]["parent"]
    assert (carers["responses"], parents["responses"]) == (5, 2)
    spoke = next(i for i in carers["indicators"] if i["question_id"] == "spoke_to_iro")
    assert spoke["counts"] == {"no": 5}
    assert data["caseload"]["definition"].startswith("children allocated")
    assert "reviewed_in_year" in data["caseload"]
    markdown = (tmp_path / "iro-report-2026-27.md").read_text(encoding="utf-8")
    adults = markdown.split("# Feedback from carers and parents")[1]
    assert "Carers were invited 5 times; 5 of those invitations were answered" in adults
    assert "Parents were invited fewer than 5 times" in adults  # published: suppressed
    assert "Caseload on 31 March 2027" in markdown
