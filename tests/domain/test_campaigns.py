"""Campaigns open and close on time and accept only anonymous questionnaires."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from service.domain.campaigns import create_campaign, find_open_campaign, open_campaigns
from service.questionnaires import Questionnaire, all_questionnaires

NOW = datetime(2026, 11, 2, 9, 30)


def anonymous_key() -> str:
    found: list[Questionnaire] = [q for q in all_questionnaires() if q.anonymous]
    if not found:
        pytest.skip("no anonymous questionnaire is shipped yet")
    return found[0].key


def test_open_campaign_is_found_by_code_until_it_closes(session: Session) -> None:
    campaign = create_campaign(
        session,
        title="Feedback Week",
        questionnaire_key=anonymous_key(),
        now=NOW,
        closes_at=NOW + timedelta(days=7),
    )
    assert find_open_campaign(session, campaign.code, NOW) is campaign
    assert open_campaigns(session, NOW) == [campaign]
    later = NOW + timedelta(days=8)
    assert find_open_campaign(session, campaign.code, later) is None
    assert open_campaigns(session, later) == []


def test_campaigns_refuse_questionnaires_tied_to_a_person(session: Session) -> None:
    with pytest.raises(ValueError, match="anonymous"):
        create_campaign(session, title="x", questionnaire_key="review_child", now=NOW)
