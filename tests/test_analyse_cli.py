"""`carevoice analyse`: JSON lines in and out, and re-analysis of stored answers."""

from __future__ import annotations

import json
from datetime import timedelta

from flask.testing import FlaskCliRunner
from sqlalchemy import select, update

from analysis.text.pipeline import ANALYSER_VERSION
from service.domain.responses import parse_answers, record_response
from service.models import Answer, Channel
from service.questionnaires import get_questionnaire
from service.runtime import Runtime
from tests.factories import make_invitation


def test_each_line_gets_safety_sentiment_label_and_themes(runner: FlaskCliRunner) -> None:
    lines = '{"text": "Nobody listens to me at my meeting", "lang": "en"}\n{"text": "I feel scared at home"}\n'
    result = runner.invoke(args=["analyse"], input=lines)
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.output.splitlines())
    assert set(first) == {"safety", "sentiment", "label", "themes"}
    assert first["label"] == "negative" and "being_heard" in first["themes"]
    assert isinstance(first["sentiment"], float) and first["safety"]["flag"] is False
    assert second["safety"]["flag"] is True


def test_bad_lines_get_an_error_object_and_the_rest_continue(runner: FlaskCliRunner) -> None:
    lines = 'not json\n{"lang": "en"}\n{"text": "It was fine"}\n'
    result = runner.invoke(args=["analyse"], input=lines)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert out[0]["line"] == 1 and "not JSON" in out[0]["error"]
    assert out[1]["line"] == 2 and "text" in out[1]["error"]
    assert out[2]["label"] in {"neutral", "positive"}


def test_recompute_updates_only_answers_from_other_versions(
    runner: FlaskCliRunner, runtime: Runtime
) -> None:
    with runtime.sessions.begin() as db:
        for number in range(3):
            issued = make_invitation(db, runtime.now() - timedelta(days=1), child_ref=f"R-{number}")
            q = get_questionnaire(issued.invitation.questionnaire_key)
            record_response(
                db,
                parse_answers(q, {"do_better": ["Nobody listens to me"]}),
                channel=Channel.WEB,
                language="en",
                now=runtime.now(),
                invitation=issued.invitation,
            )
        first = db.scalar(select(Answer.id).order_by(Answer.id))
        db.execute(
            update(Answer).where(Answer.id != first).values(analyser_version="old", themes=[])
        )
    result = runner.invoke(args=["analyse", "--recompute", "--batch-size", "1"])
    assert result.exit_code == 0, result.output
    assert f"2 answers re-analysed with {ANALYSER_VERSION}" in result.output
    with runtime.sessions() as db:
        stored = db.execute(select(Answer.analyser_version, Answer.themes)).all()
    assert all(v == ANALYSER_VERSION and "being_heard" in t for v, t in stored)


def test_recompute_gives_answers_screened_before_the_model_the_models_finding(
    runner: FlaskCliRunner, runtime: Runtime
) -> None:
    words = "he keeps a knife under his bed and said tonight he will use it on me"
    with runtime.sessions.begin() as db:
        issued = make_invitation(db, runtime.now() - timedelta(days=1), child_ref="R-knife")
        q = get_questionnaire(issued.invitation.questionnaire_key)
        record_response(
            db,
            parse_answers(q, {"do_better": [words]}),
            channel=Channel.WEB,
            language="en",
            now=runtime.now(),
            invitation=issued.invitation,
        )
        rules_only = {"flag": False, "category": None, "urgency": "none", "matched": []}
        db.execute(update(Answer).values(analyser_version="safety-rules-only", safety=rules_only))
    result = runner.invoke(args=["analyse", "--recompute"])
    assert result.exit_code == 0, result.output
    assert f"1 answers re-analysed with {ANALYSER_VERSION}" in result.output
    with runtime.sessions() as db:
        (safety,) = db.scalars(select(Answer.safety)).all()
    assert safety["flag"] is True and safety["matched"][0].startswith("model: ")
