"""What a child said before their review about taking part, as a participation code (PN1-PN7).

The code is the child's plan, offered to the IRO as a suggestion with its reason; the IRO
records what actually happened on the review itself (audited), which the IRO report counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.domain.audit import Actor, record_audit
from service.domain.errors import DomainError
from service.models import PARTICIPATION_CODES, Answer, Response, ResponseStatus, Review
from service.questionnaires import PRE_REVIEW_QUESTIONNAIRES, get_questionnaire
from service.questionnaires.pre_review import TAKING_PART

PRE_REVIEW_KEYS = frozenset(PRE_REVIEW_QUESTIONNAIRES.values())
PN0_AGE = 4  # PN0: the child was under 4 at the review


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


@dataclass(frozen=True)
class Suggestion:
    """The participation code the child's own plan points to, and why, for the IRO to confirm."""

    code: str | None
    why: str


NOT_ATTENDING_WITH_VIEWS = ("PN5", "PN6")


def suggest_participation(session: Session, review: Review) -> Suggestion:
    """What the IRO is offered to record: from the child's age and their pre-review answers.

    The child's plan is a suggestion only: the IRO records what happened at the meeting.
    """
    if review.age_at_review is not None and review.age_at_review < PN0_AGE:
        return Suggestion("PN0", "The child was under 4 at the review.")
    response = latest_pre_review(session, review.id)
    if response is None:
        return Suggestion(
            None,
            "No views have arrived before this review. If the child does not come and sends "
            "no views, that is PN7.",
        )
    wish = _wish(response)
    if wish is None or wish.code is None:
        return Suggestion(
            "PN6",
            "The child sent their views but did not say how they want to take part. If they do "
            "not come, that is PN6.",
        )
    if wish.code == "PN7":
        return Suggestion(
            "PN6",
            "The child said they do not want to come or send views, but their answers here are "
            "their views: if they do not come, that is PN6, not PN7.",
        )
    if wish.code in NOT_ATTENDING_WITH_VIEWS:
        return Suggestion(
            wish.code, f"Views sent and the child does not plan to come: {wish.label.lower()}."
        )
    return Suggestion(
        wish.code,
        f"The child plans to come: {wish.label.lower()}. If they do not come after all, their "
        "views were sent, so PN6.",
    )


def latest_pre_review(session: Session, review_id: int) -> Response | None:
    """The child's latest sent pre-review response for a review, if any."""
    return session.scalar(
        select(Response)
        .where(
            Response.review_id == review_id,
            Response.questionnaire_key.in_(PRE_REVIEW_KEYS),
            Response.status == ResponseStatus.SUBMITTED,
        )
        .order_by(Response.submitted_at.desc(), Response.id.desc())
        .limit(1)
    )


class UnknownParticipationCode(DomainError):
    """Not one of PN0 to PN7."""


def record_participation(
    session: Session, review: Review, code: str, *, actor: Actor, now: datetime
) -> bool:
    """The IRO records how the child took part (the IRO report counts it); audited with the code
    before and after. Returns False when it was already that code (nothing is written).

    :raises UnknownParticipationCode: for anything but PN0 to PN7.
    """
    if code not in PARTICIPATION_CODES:
        raise UnknownParticipationCode("Choose one of PN0 to PN7.")
    before = review.participation_code
    if before == code:
        return False
    review.participation_code = code
    record_audit(
        session,
        actor=actor,
        action="record_participation",
        now=now,
        object_type="review",
        object_id=review.id,
        child_id=review.child_id,
        detail={"from": before, "to": code},
    )
    session.flush()
    return True
