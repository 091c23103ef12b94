"""Figures for a period count sent answers by when they were sent, and nothing half-finished.

Answers carry their response's submission time (so reports at scale read one period's answers
through an index); these tests pin down that the copy gives the same figures the responses do.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from analysis.reporting.comments import theme_examples
from analysis.reporting.filters import Filters
from analysis.reporting.indicators import indicators
from analysis.reporting.periods import Period
from analysis.reporting.response_rates import response_rates
from analysis.reporting.theme_figures import theme_figures
from service.domain.invitations import issue_review_invitations
from service.domain.responses import parse_answers, record_response, save_answers, start_response
from service.models import Channel, Invitation, Role
from service.questionnaires import get_questionnaire
from tests.factories import make_review

AUTUMN = Period(date(2026, 9, 1), date(2026, 12, 1))
CHOICES = {"spoke_to_iro": ["yes"], "felt_involved": ["no"], "review_rating": ["happy"]}


def _invitation(session: Session, ref: str, review_date: date = date(2026, 10, 5)) -> Invitation:
    review = make_review(session, child_ref=ref, review_date=review_date)
    (issued,) = issue_review_invitations(
        session, review, (Role.CHILD,), ttl=timedelta(days=90), now=datetime(2026, 9, 1)
    )
    return issued.invitation


def _send(
    session: Session,
    ref: str,
    at: datetime,
    *,
    text: str = "My contact with my brother got cancelled again",
    channel: Channel = Channel.WEB,
) -> None:
    invitation = _invitation(session, ref)
    questionnaire = get_questionnaire(invitation.questionnaire_key)
    answers = parse_answers(questionnaire, {**CHOICES, "do_better": [text]})
    record_response(session, answers, channel=channel, language="en", now=at, invitation=invitation)


def _begin_without_sending(session: Session, ref: str, at: datetime) -> None:
    invitation = _invitation(session, ref)
    questionnaire = get_questionnaire(invitation.questionnaire_key)
    response = start_response(
        session, channel=Channel.WEB, language="en", now=at, invitation=invitation
    )
    answers = parse_answers(questionnaire, {**CHOICES, "do_better": ["contact is too short"]})
    save_answers(session, response, answers, now=at)


def _counts(session: Session, filters: Filters) -> dict[str, dict[str, int]]:
    return {i.spec.question_id: i.counts for i in indicators(session, filters)}


def test_only_sent_answers_in_the_period_count(session: Session) -> None:
    _send(session, "A", datetime(2026, 10, 6, 10))
    _send(session, "B", datetime(2026, 11, 30, 23, 59), channel=Channel.TELEGRAM)
    _send(session, "EARLIER", datetime(2026, 8, 31, 23, 59))  # the day before the period
    _send(session, "LATER", datetime(2026, 12, 1, 0, 0))  # the period's end is exclusive
    _begin_without_sending(session, "HALF", datetime(2026, 10, 7, 9))
    session.flush()

    counts = _counts(session, Filters(AUTUMN))
    assert counts == {
        "spoke_to_iro": {"yes": 2},
        "felt_involved": {"no": 2},
        "review_rating": {"happy": 2},
    }
    assert _counts(session, Filters(AUTUMN, channel=Channel.TELEGRAM))["spoke_to_iro"] == {"yes": 1}
    assert _counts(session, Filters(AUTUMN, roles=(Role.CARER,)))["spoke_to_iro"] == {}
    contact = {f.theme_id: f.count for f in theme_figures(session, Filters(AUTUMN))}[
        "family_contact"
    ]
    assert contact == 2


def test_theme_examples_are_the_newest_sent_comments_without_safety_flags(
    session: Session,
) -> None:
    _send(session, "OLD", datetime(2026, 9, 10), text="Contact with my mum is too short")
    _send(session, "NEW", datetime(2026, 10, 10), text="I want more contact with my nan")
    _send(
        session,
        "FLAGGED",
        datetime(2026, 10, 20),
        text="I miss contact with my dad and I want to kill myself",
    )
    _begin_without_sending(session, "HALF", datetime(2026, 10, 25))
    session.flush()

    examples = theme_examples(
        session, Filters(AUTUMN), ["family_contact", "education_work"], per_theme=3
    )

    assert [c.text for c in examples["family_contact"]] == [
        "I want more contact with my nan",
        "Contact with my mum is too short",
    ]
    assert examples["education_work"] == []


def test_a_channel_filter_gives_its_share_of_answered_invitations(session: Session) -> None:
    """Any invitation can be answered on either channel: the response rate stays answered /
    invited, and the channel's figure is its share of the answered ones, not of all invited."""
    for number in range(3):
        _send(session, f"W{number}", datetime(2026, 10, 6), channel=Channel.WEB)
    _send(session, "T", datetime(2026, 10, 6), channel=Channel.TELEGRAM)
    _invitation(session, "UNANSWERED")
    session.flush()

    everyone = response_rates(session, Filters(AUTUMN))
    telegram = response_rates(session, Filters(AUTUMN, channel=Channel.TELEGRAM))

    assert (everyone.invitations, everyone.responses) == (5, 4)
    assert (telegram.invitations, telegram.responses, telegram.on_channel) == (5, 4, 1)
    assert telegram.channel_share == 25.0 and everyone.channel_share is None
    assert [(p.month, p.invitations, p.responses, p.on_channel) for p in telegram.by_month] == [
        (date(2026, 10, 1), 5, 4, 1)
    ]
