"""Words that came after, or apart from, a response: a worry sent again once the response was
sent, a form page whose visit had timed out, words typed to the bot where a button was expected,
a voice note. None of them is lost: each is kept as a response with the status "addendum",
linked to what it adds to where that is known, read and alerted on like any answer, and never
counted as a response in a report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from service.domain.alerts import AlertPolicy, Concern, raise_alerts
from service.domain.reading import queue_for_reading
from service.domain.responses import AnswerInput, answer_columns, new_response_columns
from service.models import (
    Alert,
    Answer,
    Campaign,
    Channel,
    Invitation,
    Response,
    ResponseStatus,
    Role,
)
from service.questionnaires import Questionnaire, get_questionnaire


@dataclass(frozen=True)
class Origin:
    """Where an addendum's words came from, as far as that can be known safely."""

    invitation: Invitation | None = None
    campaign: Campaign | None = None
    adds_to: Response | None = None


def keep_addendum(
    session: Session,
    questionnaire: Questionnaire,
    answers: Mapping[str, AnswerInput],
    origin: Origin,
    *,
    channel: Channel,
    language: str,
    now: datetime,
    policy: AlertPolicy,
    concerns: Iterable[Concern] = (),
) -> tuple[Response, list[Alert]]:
    """Store `answers` (and any `concerns` beyond what they raise themselves, such as a voice note
    nobody here can hear) as an addendum, raise the alerts they call for, and queue it for
    its reader."""
    invitation, adds_to = origin.invitation, origin.adds_to
    review = invitation.review if invitation is not None else None
    columns = new_response_columns(
        questionnaire,
        role=invitation.role if invitation is not None else Role.CHILD,
        channel=channel,
        language=language,
        now=now,
        review_id=review.id if review else None,
        child_id=review.child_id if review else None,
        age_at_review=review.age_at_review if review else None,
    )
    addendum = Response(
        status=ResponseStatus.ADDENDUM,
        campaign_id=origin.campaign.id if origin.campaign else None,
        adds_to_id=adds_to.id if adds_to is not None else None,
        submitted_at=now,
        **columns,
    )
    raised = list(concerns)
    for question_id, given in answers.items():
        question = questionnaire.question(question_id)
        if question is None:
            continue
        stored, found = answer_columns(question, given, language)
        addendum.answers.append(Answer(question_id=question_id, submitted_at=now, **stored))
        raised.extend(found)
    session.add(addendum)
    session.flush()
    alerts = raise_alerts(session, addendum, raised, now=now, policy=policy)
    queue_for_reading(session, addendum, policy=policy.reading, now=now)
    return addendum, alerts


def questionnaire_of_origin(origin: Origin, fallback: Questionnaire) -> Questionnaire:
    """The questionnaire the words were given to: the response's version where there is one."""
    if origin.adds_to is not None:
        return get_questionnaire(
            origin.adds_to.questionnaire_key, origin.adds_to.questionnaire_version
        )
    return fallback
