"""What a child said before their review about taking part, as a participation code (PN1-PN7).

The code is the child's plan; the IRO records what actually happened on the review itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import Answer, Response, ResponseStatus
from service.questionnaires import PRE_REVIEW_QUESTIONNAIRES, get_questionnaire
from service.questionnaires.pre_review import TAKING_PART

PRE_REVIEW_KEYS = frozenset(PRE_REVIEW_QUESTIONNAIRES.values())


@dataclass(frozen=True)
class ParticipationWish:
    """How a child said they want to take part in one review, and its participation code."""

    review_id: int
    choice: str  # the answer's key, e.g. "come_speak"
    code: str | None  # e.g. "PN1"; None for "I'd rather not say"
    label: str  # English msgid of the answer, for staff pages to translate or show


def participation_code(response: Response) -> str | None:
    """The PN code the answer about taking part maps to, if the child gave one."""
    wish = _wish(response)
    return wish.code if wish else None


def participation_wish(session: Session, review_id: int) -> ParticipationWish | None:
    """The latest submitted pre-review answer about taking part, for the IRO of that review."""
    query = (
        select(Response)
        .join(Answer, Answer.response_id == Response.id)
        .where(
            Response.review_id == review_id,
            Response.questionnaire_key.in_(PRE_REVIEW_KEYS),
            Response.status == ResponseStatus.SUBMITTED,
            Answer.question_id == TAKING_PART.id,
        )
        .order_by(Response.submitted_at.desc(), Response.id.desc())
    )
    for response in session.scalars(query):
        wish = _wish(response)
        if wish is not None:
            return wish
    return None


def _wish(response: Response) -> ParticipationWish | None:
    if response.questionnaire_key not in PRE_REVIEW_KEYS or response.review_id is None:
        return None
    questionnaire = get_questionnaire(response.questionnaire_key, response.questionnaire_version)
    question = questionnaire.question(TAKING_PART.id)
    answer = next((a for a in response.answers if a.question_id == TAKING_PART.id), None)
    if question is None or answer is None or answer.value is None:
        return None
    choice = question.choice(answer.value)
    if choice is None:
        return None
    return ParticipationWish(response.review_id, choice.key, choice.maps_to, choice.label)
