"""The officer's dashboard compares like with like (full months only, partial ones named) and
shows every questionnaire's counts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from analysis.reporting.dashboard import build_dashboard
from analysis.reporting.filters import Filters
from analysis.reporting.periods import Period, is_full_month
from analysis.reporting.questionnaire_results import result_rows
from service.domain.campaigns import create_campaign
from service.domain.invitations import issue_review_invitations
from service.domain.responses import parse_answers, record_response
from service.models import Channel, Role
from service.questionnaires import get_questionnaire
from tests.factories import make_review


def _review_answer(session: Session, ref: str, at: datetime, spoke: str) -> None:
    review = make_review(session, child_ref=ref, review_date=at.date())
    (issued,) = issue_review_invitations(
        session, review, (Role.CHILD,), ttl=timedelta(days=90), now=at
    )
    q = get_questionnaire(issued.invitation.questionnaire_key)
    record_response(
        session,
        parse_answers(q, {"spoke_to_iro": [spoke]}),
        channel=Channel.WEB,
        language="en",
        now=at,
        invitation=issued.invitation,
    )


def test_a_month_is_full_only_when_the_period_covers_it_and_it_is_over() -> None:
    period = Period(date(2026, 9, 15), date(2026, 12, 1))
    assert not is_full_month(date(2026, 9, 1), period)  # starts mid-month
    assert is_full_month(date(2026, 10, 1), period, date(2026, 11, 2))
    assert not is_full_month(date(2026, 11, 1), period, date(2026, 11, 2))  # not over yet
    assert is_full_month(date(2026, 11, 1), period, date(2026, 12, 1))


def test_the_trend_compares_full_months_and_names_the_partial_one(session: Session) -> None:
    """Ten answers in September and October each, two on 1 November: the trend runs from
    September to October, and November (not over) is named, never compared."""
    for number in range(10):
        _review_answer(session, f"S{number}", datetime(2026, 9, 10), "yes")
        _review_answer(session, f"O{number}", datetime(2026, 10, 10), "yes" if number < 5 else "no")
    for number in range(2):
        _review_answer(session, f"N{number}", datetime(2026, 11, 1), "no")
    filters = Filters(Period(date(2026, 9, 1), date(2026, 12, 1)))
    data = build_dashboard(session, filters, now=datetime(2026, 11, 2, 9))
    spoke = next(i for i in data.indicators if i.spec.question_id == "spoke_to_iro")
    trend = data.trend(spoke)
    assert trend.first is not None and trend.last is not None
    assert (trend.first.month, trend.first.value, trend.first.n) == (date(2026, 9, 1), 100.0, 10)
    assert (trend.last.month, trend.last.value, trend.last.n) == (date(2026, 10, 1), 50.0, 10)
    assert [(p.month, p.n) for p in trend.partial] == [(date(2026, 11, 1), 2)]
    assert "Nov 2026 (partial)" in data.charts["trend"].alt


def test_the_dashboard_counts_every_questionnaire_campaigns_included(session: Session) -> None:
    at = datetime(2026, 10, 10)
    poll = create_campaign(
        session, title="Poll", questionnaire_key="cicc_poll", kind="cicc_poll", now=at
    )
    q = get_questionnaire("cicc_poll")
    for picked in (["school", "health"], ["school"]):
        record_response(
            session,
            parse_answers(q, {"priorities": picked, "idea": ["More trips"]}),
            channel=Channel.WEB,
            language="en",
            now=at,
            campaign=poll,
        )
    data = build_dashboard(session, Filters(Period(date(2026, 10, 1), date(2026, 11, 1))))
    result = next(r for r in data.results if r.key == "cicc_poll")
    assert result.responses == 2  # staff see exact counts; published outputs suppress them
    priorities = next(q for q in result.questions if q.question_id == "priorities")
    assert (priorities.counts["school"], priorities.counts["health"]) == (2, 1)
    idea = next(q for q in result.questions if q.question_id == "idea")
    assert idea.written == 2
    rows = result_rows(data.results)
    assert (
        "cicc_poll",
        "priorities",
        q.question("priorities").text,
        "School and college",
        2,
    ) in rows
    assert ("cicc_poll", "", "", "responses", 2) in rows
