"""Builders for alert tests: a child's answer that raises an alert, and staff to act on it."""

from __future__ import annotations

import itertools
from datetime import datetime

from sqlalchemy.orm import Session

from service.domain.alerts import AlertPolicy
from service.domain.responses import parse_answers, record_response
from service.domain.users import create_user
from service.models import Alert, Campaign, Channel, StaffRole, User
from service.questionnaires import get_questionnaire
from tests.factories import make_invitation

CHILD = get_questionnaire("review_child")
_refs = itertools.count(1)


def raise_alert(
    session: Session,
    now: datetime,
    *,
    feel_safe: str = "not_safe",
    text: str | None = None,
    anonymous: bool = False,
    policy: AlertPolicy | None = None,
    child_ref: str | None = None,
) -> Alert:
    """A child answers "not safe" (urgent) or "not sure" (high); returns the alert raised."""
    raw = {"feel_safe": [feel_safe], "review_rating": ["ok"]}
    if text:
        raw["do_better"] = [text]
    answers = parse_answers(CHILD, raw)
    if anonymous:
        campaign = Campaign(
            code=f"c{next(_refs)}", title="Feedback Week", questionnaire_key=CHILD.key
        )
        session.add(campaign)
        session.flush()
        recorded = record_response(
            session,
            answers,
            channel=Channel.WEB,
            language="en",
            now=now,
            campaign=campaign,
            policy=policy,
        )
    else:
        issued = make_invitation(session, now, child_ref=child_ref or f"REF-{next(_refs)}")
        recorded = record_response(
            session,
            answers,
            channel=Channel.WEB,
            language="en",
            now=now,
            invitation=issued.invitation,
            policy=policy,
        )
    return recorded.alerts[0]


def make_user(session: Session, role: StaffRole, now: datetime, email: str | None = None) -> User:
    return create_user(
        session,
        email=email or f"{role.value}@council.test",
        display_name=role.value.replace("_", " ").title(),
        role=role,
        password="correct horse battery",
        now=now,
    )
