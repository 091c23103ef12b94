"""Re-analysis finds every answer an older analyser produced, however it differed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from analysis.text import safety, safety_rules, sentiment, themes
from analysis.text.pipeline import ANALYSER_VERSION, combined_version
from service.domain import reanalysis
from service.domain.reanalysis import reanalyse_batch
from service.domain.responses import parse_answers, record_response
from service.models import Answer, Channel
from service.questionnaires import get_questionnaire
from service.runtime import Runtime
from tests.factories import make_invitation

# What answers stored before versions were fingerprinted carry.
HAND_BUMPED = "safety-4+sent-1.0+themes-1.0"


def _answer(session: Session, runtime: Runtime, text: str, child_ref: str) -> Answer:
    issued = make_invitation(session, runtime.now() - timedelta(days=1), child_ref=child_ref)
    questionnaire = get_questionnaire(issued.invitation.questionnaire_key)
    recorded = record_response(
        session,
        parse_answers(questionnaire, {"do_better": [text]}),
        channel=Channel.WEB,
        language="en",
        now=runtime.now(),
        invitation=issued.invitation,
    )
    return session.scalars(select(Answer).where(Answer.response_id == recorded.response.id)).one()


def test_answers_analysed_by_hand_bumped_versions_are_reanalysed(
    session: Session, runtime: Runtime
) -> None:
    old = _answer(session, runtime, "Nobody listens to me at my meetings", "R-1")
    current = _answer(session, runtime, "My IRO was kind", "R-2")
    session.execute(
        update(Answer).where(Answer.id == old.id).values(analyser_version=HAND_BUMPED, themes=[])
    )
    batch = reanalyse_batch(session, after_id=0)
    assert (batch.seen, batch.updated) == (1, 1)
    session.refresh(old)
    session.refresh(current)
    assert old.analyser_version == current.analyser_version == ANALYSER_VERSION
    assert old.themes and "being_heard" in old.themes


def test_a_changed_rule_makes_every_stored_answer_due_again(
    session: Session, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = [_answer(session, runtime, text, f"R-{n}") for n, text in enumerate(("ok", "meh"))]
    assert reanalyse_batch(session, after_id=0).seen == 0  # nothing older than the rules
    worries = safety_rules.CONCERNS["en"]["worry"]
    monkeypatch.setitem(safety_rules.CONCERNS["en"], "worry", (*worries, "meh"))
    changed = combined_version(
        safety.rules_version(), sentiment.SENTIMENT_VERSION, themes.THEMES_VERSION
    )
    # As a process started with the changed rule computes it.
    monkeypatch.setattr(reanalysis, "ANALYSER_VERSION", changed)
    batch = reanalyse_batch(session, after_id=0)
    assert (batch.seen, batch.updated) == (2, 2)
    for answer in answers:
        session.refresh(answer)
    assert {answer.analyser_version for answer in answers} == {changed}
