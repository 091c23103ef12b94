"""A whole response sent at once, written as three plain statements: the busiest write.

Most web forms are one page, sent to an invitation nobody has begun answering. Written through
the ORM's unit of work, such a submission cost four times the CPU of the same SQL
(bench/form_throughput.py --floor), so it is written with plain INSERTs. What is stored comes
from the same helpers as the step-by-step path in `responses.py`, and anything out of the
ordinary is left to that path: a response already begun, a required answer missing, or an answer
that raises a concern, so every alert is raised in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from service.domain.responses import (
    AnswerInput,
    answer_columns,
    claim_invitation,
    new_response_columns,
    required_unanswered,
)
from service.models import Answer, Channel, Invitation, Response, ResponseStatus, Review, Role
from service.questionnaires import get_questionnaire


@dataclass(frozen=True)
class InvitationToAnswer:
    """What sending needs of an invitation and its review, read in one query."""

    id: int
    role: Role
    questionnaire_key: str
    expires_at: datetime
    review_id: int | None
    child_id: int | None
    age_at_review: int | None
    begun: bool  # a response was begun (an earlier visit, another page, or the bot)


# Built once: SQLAlchemy works out a statement's cache key once per statement object.
_FIND = (
    select(
        Invitation.id,
        Invitation.role,
        Invitation.questionnaire_key,
        Invitation.expires_at,
        Invitation.review_id,
        Review.child_id,
        Review.age_at_review,
        Response.id.is_not(None),
    )
    .outerjoin(Review, Review.id == Invitation.review_id)
    .outerjoin(Response, Response.invitation_id == Invitation.id)
    .where(Invitation.id == bindparam("invitation_id"))
)
_INSERT_RESPONSE = insert(Response).returning(Response.id)
_INSERT_ANSWERS = insert(Answer)


def find_invitation(session: Session, invitation_id: int) -> InvitationToAnswer | None:
    """The invitation, its review and whether a response to it was begun; None if unknown."""
    row = session.connection().execute(_FIND, {"invitation_id": invitation_id}).one_or_none()
    if row is None:
        return None
    found_id, role, questionnaire_key, expires_at, review_id, child_id, age, begun = row
    return InvitationToAnswer(
        found_id, role, questionnaire_key, expires_at, review_id, child_id, age, bool(begun)
    )


def send_whole_response(
    session: Session,
    invitation: InvitationToAnswer,
    answers: Mapping[str, AnswerInput],
    *,
    channel: Channel,
    language: str,
    now: datetime,
) -> bool:
    """Store `answers` as the sent response to `invitation`, in the caller's transaction.

    Returns False, having written nothing, when the step-by-step path must send it instead.
    Raises AlreadySubmitted when the invitation has been used.
    """
    if invitation.begun:
        return False
    questionnaire = get_questionnaire(invitation.questionnaire_key)
    if required_unanswered(questionnaire, answers.keys()):
        return False
    rows = []
    for question_id, given in answers.items():
        question = questionnaire.question(question_id)
        if question is None:
            continue
        columns, concerns = answer_columns(question, given, language)
        if concerns:
            return False
        rows.append({**columns, "question_id": question_id, "submitted_at": now})
    claim_invitation(session, invitation.id, now)
    connection = session.connection()
    response_id = connection.execute(
        _INSERT_RESPONSE,
        {
            **new_response_columns(
                questionnaire,
                role=invitation.role,
                channel=channel,
                language=language,
                now=now,
                review_id=invitation.review_id,
                child_id=invitation.child_id,
                age_at_review=invitation.age_at_review,
            ),
            "invitation_id": invitation.id,
            "status": ResponseStatus.SUBMITTED,
            "submitted_at": now,
        },
    ).scalar_one()
    if rows:
        connection.execute(_INSERT_ANSWERS, [{**row, "response_id": response_id} for row in rows])
    return True
