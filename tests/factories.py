"""Small builders for test data; each returns what it made, flushed, for the caller to use."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from service.domain.invitations import IssuedInvitation, issue_review_invitations
from service.domain.reviews import new_child_code
from service.models import Child, Review, Role


def make_review(
    session: Session,
    *,
    child_ref: str = "REF-1",
    review_date: date = date(2026, 11, 20),
    age: int | None = 14,
    language: str = "en",
    iro: str = "IRO-A",
    team: str = "North",
    participation_code: str | None = None,
) -> Review:
    child = session.query(Child).filter_by(child_ref=child_ref).one_or_none()
    if child is None:
        child = Child(child_ref=child_ref, code=new_child_code(), language=language)
        session.add(child)
    review = Review(
        child=child,
        review_date=review_date,
        iro=iro,
        team=team,
        age_at_review=age,
        language=language,
        participation_code=participation_code,
    )
    session.add(review)
    session.flush()
    return review


def make_invitation(
    session: Session,
    now: datetime,
    *,
    role: Role = Role.CHILD,
    ttl: timedelta = timedelta(days=30),
    **review_args: object,
) -> IssuedInvitation:
    review = make_review(session, **review_args)  # type: ignore[arg-type]
    (issued,) = issue_review_invitations(session, review, (role,), ttl=ttl, now=now)
    return issued
