"""Telling the IRO that a child's views for their next review have arrived.

The message names no one and quotes nothing: a pseudonymous review number and a link to the
review page, where the IRO signs in to read what the child said. It is queued in the outbox in
the same transaction as the child's answers, so it is sent once they are stored, and only then.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.domain.consultation import PRE_REVIEW_KEYS
from service.domain.outbox import enqueue
from service.models import OutboxMessage, Response, Review, StaffRole, User

KEY_PREFIX = "views"
SUBJECT = "A young person's views have arrived for a review you chair"
BODY = (
    "A young person has sent their views before a review you chair (review {review_id}).\n"
    "Read them, and what they want from the meeting, on the review page."
)


def review_path(review_id: int) -> str:
    """Where the IRO reads the views: a staff page, behind sign-in."""
    return f"/staff/reviews/{review_id}/wishes"


def review_of_notice(message: OutboxMessage) -> int | None:
    """The review a views notice links to, or None for any other message."""
    prefix, _sep, rest = message.idempotency_key.partition(":")
    if prefix != KEY_PREFIX:
        return None
    review_id, _sep, _response = rest.partition(":")
    return int(review_id) if review_id.isdigit() else None


def tell_iro_views_arrived(session: Session, response: Response) -> OutboxMessage | None:
    """Queue an email to the review's IRO when a pre-review response is sent (once per response).

    Nothing is queued for other questionnaires, or when the review's IRO has no active account.
    """
    if response.questionnaire_key not in PRE_REVIEW_KEYS or response.review_id is None:
        return None
    review = session.get(Review, response.review_id)
    if review is None or response.submitted_at is None:
        return None
    email = session.scalar(
        select(User.email).where(
            User.iro_code == review.iro,
            User.is_active.is_(True),
            User.role.in_([StaffRole.IRO, StaffRole.IRO_MANAGER]),
        )
    )
    if email is None:
        return None
    return enqueue(
        session,
        key=f"{KEY_PREFIX}:{review.id}:{response.id}",
        channel="email",
        recipient=email,
        subject=SUBJECT,
        body=BODY.format(review_id=review.id),
        now=response.submitted_at,
    )
