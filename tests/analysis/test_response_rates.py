"""Response rates: invitations counted by the month of their review, or of sending when there is none."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from analysis.reporting.filters import Filters
from analysis.reporting.periods import Period
from analysis.reporting.response_rates import response_rates
from service.domain.invitations import issue_invitation, issue_review_invitations
from service.domain.responses import parse_answers, record_response
from service.models import Channel, Invitation, Role
from service.questionnaires import get_questionnaire
from tests.factories import make_review

NOW = datetime(2026, 11, 2, 9, 30)
AUTUMN = Period(date(2026, 9, 1), date(2026, 12, 1))


def _invite(session: Session, review_date: date, child_ref: str, team: str = "North") -> Invitation:
    review = make_review(session, child_ref=child_ref, review_date=review_date, team=team)
    (issued,) = issue_review_invitations(
        session, review, (Role.CHILD,), ttl=timedelta(days=60), now=NOW
    )
    return issued.invitation


def _answer(session: Session, invitation: Invitation) -> None:
    questionnaire = get_questionnaire(invitation.questionnaire_key)
    answers = parse_answers(
        questionnaire,
        {"spoke_to_iro": ["yes"], "felt_involved": ["yes"], "review_rating": ["happy"]},
    )
    record_response(
        session, answers, channel=Channel.WEB, language="en", now=NOW, invitation=invitation
    )


def _unreviewed(session: Session, sent: datetime) -> None:
    issue_invitation(
        session,
        role=Role.CARE_LEAVER,
        questionnaire_key="leaving_care",
        language="en",
        expires_at=sent + timedelta(days=60),
        now=sent,
    )
    session.flush()


def test_response_rates_count_by_review_month_or_sending_month(session: Session) -> None:
    _answer(session, _invite(session, date(2026, 10, 1), "REF-1"))
    _invite(session, date(2025, 1, 10), "REF-2")  # sent in the period, for an older review
    _unreviewed(session, datetime(2026, 11, 15, 9))
    _unreviewed(session, datetime(2026, 8, 15, 9))  # sent before the period

    rates = response_rates(session, Filters(period=AUTUMN))

    assert (rates.invitations, rates.responses, rates.all_responses) == (2, 1, 1)
    assert [(p.month, p.invitations, p.responses) for p in rates.by_month] == [
        (date(2026, 10, 1), 1, 1),
        (date(2026, 11, 1), 1, 0),
    ]


def test_response_rates_for_a_team_leave_out_invitations_without_a_review(
    session: Session,
) -> None:
    _answer(session, _invite(session, date(2026, 10, 1), "REF-1", team="North"))
    _invite(session, date(2026, 10, 2), "REF-2", team="South")
    _unreviewed(session, datetime(2026, 10, 15, 9))

    rates = response_rates(session, Filters(period=AUTUMN, team="North"))

    assert [(p.month, p.invitations, p.responses) for p in rates.by_month] == [
        (date(2026, 10, 1), 1, 1)
    ]
