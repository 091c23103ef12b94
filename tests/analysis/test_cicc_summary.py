"""The CiCC summary at any size (0, 1, 4, 5 and 500 answers): whole sentences, headline counts
of people, every questionnaire's results suppressed under 5, and quotes only from answers whose
author agreed (never from the consultation before a review)."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner

from analysis.reporting.figures import suppress_all
from analysis.text.themes import find_themes
from service.domain.campaigns import create_campaign
from service.domain.invitations import issue_review_invitations
from service.domain.responses import parse_answers, record_response
from service.models import Channel, Role
from service.questionnaires import PRE_REVIEW_QUESTIONNAIRES, get_questionnaire
from service.runtime import Runtime
from tests.factories import make_invitation, make_review

QUOTABLE = "Too many people at my meeting and nobody asked me who should come"


def review_answers(
    runtime: Runtime,
    count: int,
    text: str = QUOTABLE,
    *,
    share: str | None = "yes",
    batch: str = "C",
) -> None:
    """`count` children answer the review form; every one writes `text` (about meetings)."""
    with runtime.sessions.begin() as db:
        for number in range(count):
            issued = make_invitation(
                db,
                runtime.now() - timedelta(days=2),
                child_ref=f"{batch}-{number}",
                review_date=date(2026, 10, 1),
            )
            raw = {
                "spoke_to_iro": ["yes"],
                "felt_involved": ["yes" if number % 2 else "no"],
                "review_rating": ["happy"],
                "do_better": [text],
            }
            if share is not None:
                raw["share_words"] = [share]
            questionnaire = get_questionnaire(issued.invitation.questionnaire_key)
            record_response(
                db,
                parse_answers(questionnaire, raw),
                channel=Channel.WEB,
                language="en",
                now=runtime.now(),
                invitation=issued.invitation,
            )


def cicc(runner: FlaskCliRunner, fmt: str, out: Path | None = None) -> str:
    args = ["report", "cicc", "--from", "2026-10-01", "--to", "2026-11-30", "--format", fmt]
    result = runner.invoke(args=[*args, *(["--out", str(out)] if out else [])])
    assert result.exit_code == 0, result.output
    return result.output


def sentences(markdown: str) -> list[str]:
    """Every paragraph and bullet of the Markdown that is ours (not a heading, table, image or a
    young person's quoted words)."""
    lines = [line.strip() for line in markdown.splitlines()]
    return [
        line.lstrip("-* ").strip()
        for line in lines
        if line and not line.startswith(("#", "|", "![", ">"))
    ]


# Words that may not start a reply to "how many of you ...": what broke before.
BROKEN = re.compile(r"(small|share it|this one) (talked|felt)|\b1 young people\b|young person")


@pytest.mark.parametrize("count", [0, 1, 4, 5, 500])
def test_the_summary_reads_whole_at_any_size(
    runner: FlaskCliRunner, runtime: Runtime, tmp_path: Path, count: int
) -> None:
    review_answers(runtime, count)
    cicc(runner, "md", tmp_path)
    markdown = next(tmp_path.glob("*.md")).read_text(encoding="utf-8")
    prose = sentences(markdown)
    assert not BROKEN.search(markdown), markdown
    for line in prose:
        assert line[0].isupper() or line[0].isdigit() or line[0] == '"', line
        assert line.endswith((".", "?", '"', ":")) or ": " in line, line
    summary = json.loads(cicc(runner, "json"))
    headline = summary["headline"]
    if count == 0:
        assert headline == "Nobody has told us anything in this time yet."
        assert "Nobody answered the question about talking to your IRO" in markdown
    elif count < 5:
        assert headline == "Fewer than 5 young people told us how their review went."
        assert summary["responses"] == "fewer than 5"
        assert "so we keep those answers to ourselves" in markdown
        assert not re.search(rf"\b{count}\b of you", markdown)
    else:
        assert headline == f"{count} young people told us how their review went."
        assert summary["review"]["responses"] == str(count)
        assert summary["review"]["spoke_to_iro"] == (
            "Almost all of you talked to your IRO before your review."
        )
    if count == 5:  # 2 said yes and 3 no: neither side may be shown
        assert summary["review"]["felt_involved"] == (
            "We can't say how many of you felt part of your review, because the numbers are small."
        )
    if count == 500:
        assert (
            summary["review"]["felt_involved"] == "About 5 in 10 of you felt part of your review."
        )
        (theme,) = [t for t in summary["themes"] if t["id"] == "meeting_experience"]
        assert theme["count"] == "500"
        # one quote is never shown under two themes: it stands under one of those it is about
        quoted = [t["id"] for t in summary["themes"] if t["quote"] == QUOTABLE]
        assert len(quoted) == 1 and quoted[0] in find_themes(QUOTABLE), summary["themes"]


def test_a_theme_counts_people_not_comments(runner: FlaskCliRunner, runtime: Runtime) -> None:
    """A child who writes about meetings in two answers is one young person, not two."""
    with runtime.sessions.begin() as db:
        for number in range(5):
            issued = make_invitation(
                db, runtime.now(), child_ref=f"T-{number}", review_date=date(2026, 10, 1)
            )
            q = get_questionnaire(issued.invitation.questionnaire_key)
            raw = {"do_better": [QUOTABLE], "share_words": ["yes"]}
            record_response(
                db,
                parse_answers(q, raw),
                channel=Channel.WEB,
                language="en",
                now=runtime.now(),
                invitation=issued.invitation,
            )
    summary = json.loads(cicc(runner, "json"))
    (theme,) = [t for t in summary["themes"] if t["id"] == "meeting_experience"]
    assert theme["count"] == "5"


def test_words_are_quoted_only_with_their_authors_agreement(
    runner: FlaskCliRunner, runtime: Runtime
) -> None:
    review_answers(runtime, 6, share="no", batch="NO")
    crowded = "The meeting room was too crowded with people"
    review_answers(runtime, 6, crowded, share=None, batch="UNASKED")
    summary = json.loads(cicc(runner, "json"))
    assert all(t["quote"] is None for t in summary["themes"]), summary["themes"]
    review_answers(runtime, 1, "My meeting had too many people in the room", batch="YES")
    summary = json.loads(cicc(runner, "json"))
    quotes = [t["quote"] for t in summary["themes"] if t["quote"]]
    assert quotes == ["My meeting had too many people in the room"]


def test_pre_review_words_are_never_quoted(runner: FlaskCliRunner, runtime: Runtime) -> None:
    """Children are told only their IRO sees what they write before a review."""
    with runtime.sessions.begin() as db:
        for number in range(6):
            review = make_review(db, child_ref=f"P-{number}", review_date=date(2026, 10, 20))
            (issued,) = issue_review_invitations(
                db,
                review,
                (Role.CHILD,),
                ttl=timedelta(days=30),
                now=runtime.now(),
                questionnaires=PRE_REVIEW_QUESTIONNAIRES,
            )
            q = get_questionnaire(issued.invitation.questionnaire_key)
            raw = {"taking_part": ["come_speak"], "want_to_say": [QUOTABLE]}
            record_response(
                db,
                parse_answers(q, raw),
                channel=Channel.WEB,
                language="en",
                now=runtime.now(),
                invitation=issued.invitation,
            )
    summary = json.loads(cicc(runner, "json"))
    assert QUOTABLE not in json.dumps(summary)
    pre = summary["questionnaires"]["pre_review"]
    assert pre["responses"] == "6"
    taking_part = next(q for q in pre["questions"] if q["id"] == "taking_part")
    assert taking_part["answers"]["I will come and speak for myself"] == "6"
    assert taking_part["answers"]["I will come and listen"] == "0"


def test_every_questionnaire_is_counted_campaigns_included(
    runner: FlaskCliRunner, runtime: Runtime
) -> None:
    with runtime.sessions.begin() as db:
        week = create_campaign(
            db, title="Feedback Week", questionnaire_key="feedback_week", now=runtime.now()
        )
        poll = create_campaign(
            db, title="Poll", questionnaire_key="cicc_poll", kind="cicc_poll", now=runtime.now()
        )
        for source, raw, times in (
            (week, {"how_things": ["happy"], "listened_to": ["yes"]}, 7),
            (poll, {"priorities": ["school", "health"]}, 2),
        ):
            q = get_questionnaire(source.questionnaire_key)
            for _ in range(times):
                record_response(
                    db,
                    parse_answers(q, raw),
                    channel=Channel.WEB,
                    language="en",
                    now=runtime.now(),
                    campaign=source,
                )
    review_answers(runtime, 3)
    summary = json.loads(cicc(runner, "json"))
    results = summary["questionnaires"]
    assert set(results) >= {
        "review_child",
        "review_under8",
        "review_carer",
        "review_parent",
        "pre_review",
        "how_things_are",
        "leaving_care",
        "feedback_week",
        "event_feedback",
        "cicc_poll",
    }
    assert results["feedback_week"]["responses"] == "7"
    how = next(q for q in results["feedback_week"]["questions"] if q["id"] == "how_things")
    assert how["answers"]["Good"] == "7" and how["answers"]["Really bad"] == "0"
    assert results["cicc_poll"]["responses"] == "fewer than 5"
    priorities = next(q for q in results["cicc_poll"]["questions"] if q["id"] == "priorities")
    assert priorities["answers"]["School and college"] == "fewer than 5"
    assert results["review_child"]["responses"] == "fewer than 5"
    assert results["leaving_care"]["responses"] == "0"
    assert "feel_safe" not in json.dumps(results)  # safety answers are followed up, not counted
    assert summary["responses"] == "12"
    assert summary["headline"] == (
        "Fewer than 5 young people told us how their review went, and 9 young people "
        "answered our other questions."
    )


def test_a_lone_small_count_takes_the_next_smallest_with_it() -> None:
    """16, 12 and 1 of 29: without the second step, 29 - 16 - 12 would give the 1 away."""
    assert suppress_all({"good": 16, "ok": 12, "bad": 1, "none": 0}) == {
        "good": "16",
        "ok": "withheld",
        "bad": "fewer than 5",
        "none": "0",
    }
    assert suppress_all({"a": 3, "b": 2, "c": 9}) == {
        "a": "fewer than 5",
        "b": "fewer than 5",
        "c": "9",
    }
