"""`carevoice campaigns create|list|close`: a campaign run without code, its answers counted."""

from __future__ import annotations

import json

from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from service.models import AuditEvent, Response
from service.runtime import Runtime
from tests.web.test_campaign_links import ANSWERS, open_campaign, send


def create(runner: FlaskCliRunner, *args: str) -> str:
    result = runner.invoke(args=["campaigns", "create", *args])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def listed(runner: FlaskCliRunner) -> list[dict]:
    result = runner.invoke(args=["campaigns", "list", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_create_prints_the_public_link_and_list_counts_answers(
    runner: FlaskCliRunner, client: FlaskClient, runtime: Runtime
) -> None:
    link = create(runner, "--questionnaire", "feedback_week", "--title", "Feedback Week 2026")
    assert link.startswith("https://feedback.test/c/")
    code = link.rsplit("/", 1)[1]
    poll = create(runner, "--questionnaire", "cicc_poll", "--title", "  CiCC   poll ")
    for _ in range(2):
        fresh = client.application.test_client()
        assert send(fresh, open_campaign(fresh, code), ANSWERS).status_code == 303
    rows = listed(runner)
    assert [
        (r["title"], r["questionnaire"], r["kind"], r["responses"], r["open"]) for r in rows
    ] == [
        ("CiCC poll", "cicc_poll", "cicc_poll", 0, True),
        ("Feedback Week 2026", "feedback_week", "feedback_week", 2, True),
    ]
    assert {r["code"] for r in rows} == {code, poll.rsplit("/", 1)[1]}
    with runtime.sessions() as db:
        stored = db.scalars(select(Response.questionnaire_key)).all()
        assert stored == ["feedback_week", "feedback_week"]
        actions = db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["cli_command", "campaign.create"] * 2


def test_close_stops_new_answers(
    runner: FlaskCliRunner, client: FlaskClient, runtime: Runtime
) -> None:
    code = create(runner, "--questionnaire", "event_feedback", "--title", "Summer fun day")
    code = code.rsplit("/", 1)[1]
    result = runner.invoke(args=["campaigns", "close", code])
    assert result.exit_code == 0 and "closed" in result.output
    assert client.get(f"/c/{code}").status_code != 303
    assert [r["open"] for r in listed(runner)] == [False]
    again = runner.invoke(args=["campaigns", "close", code])
    assert again.exit_code != 0 and "closed already" in again.output
    unknown = runner.invoke(args=["campaigns", "close", "nope"])
    assert unknown.exit_code != 0 and "no campaign" in unknown.output


def test_create_refuses_what_a_campaign_cannot_be(runner: FlaskCliRunner) -> None:
    person = runner.invoke(
        args=["campaigns", "create", "--questionnaire", "review_child", "--title", "x"]
    )
    assert person.exit_code != 0 and "Traceback" not in person.output
    blank = runner.invoke(
        args=["campaigns", "create", "--questionnaire", "cicc_poll", "--title", "   "]
    )
    assert blank.exit_code != 0 and "title" in blank.output
    for hostile in ("nul\x00here", "\u202eevil", "bell\x07"):
        refused = runner.invoke(
            args=["campaigns", "create", "--questionnaire", "cicc_poll", "--title", hostile]
        )
        assert refused.exit_code != 0 and "cannot be shown" in refused.output
    past = runner.invoke(
        args=[
            "campaigns",
            "create",
            "--questionnaire",
            "cicc_poll",
            "--title",
            "Poll",
            "--closes",
            "2000-01-01",
        ]
    )
    assert past.exit_code != 0 and "future" in past.output
    assert listed(runner) == []
