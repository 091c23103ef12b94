"""Which reviews a member of staff may see: an IRO only their own children's, a manager all."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, false, func, select
from sqlalchemy.orm import Session, selectinload

from service.models import Response, ResponseStatus, Review, StaffRole


@dataclass(frozen=True)
class ReviewScope:
    """The reviews one person may see; `iro_code` None with `everything` False means none."""

    everything: bool
    iro_code: str | None = None

    @classmethod
    def of(cls, role: StaffRole, iro_code: str | None) -> ReviewScope:
        if role is StaffRole.IRO_MANAGER:
            return cls(everything=True)
        if role is StaffRole.IRO and iro_code:
            return cls(everything=False, iro_code=iro_code)
        return cls(everything=False)

    def limit(self, query: Select[Review]) -> Select[Review]:
        """Add this scope to a query over reviews; every review query must go through here."""
        if self.everything:
            return query
        if self.iro_code is None:
            return query.where(false())
        return query.where(Review.iro == self.iro_code)


@dataclass(frozen=True)
class ReviewLine:
    review: Review
    submitted: int


def list_reviews(
    session: Session, scope: ReviewScope, *, limit: int = 100, offset: int = 0
) -> list[ReviewLine]:
    """Reviews in scope, latest first, with how many responses were sent for each."""
    reviews = session.scalars(
        scope.limit(select(Review))
        .options(selectinload(Review.child))
        .order_by(Review.review_date.desc(), Review.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    counts: dict[int | None, int] = {
        review_id: count
        for review_id, count in session.execute(
            select(Response.review_id, func.count())
            .where(
                Response.review_id.in_([r.id for r in reviews]),
                Response.status == ResponseStatus.SUBMITTED,
            )
            .group_by(Response.review_id)
        )
    }
    return [ReviewLine(r, counts.get(r.id, 0)) for r in reviews]


def get_review(session: Session, scope: ReviewScope, review_id: int) -> Review | None:
    """The review if it exists AND is in scope; None either way otherwise (no hint it exists)."""
    return session.scalar(
        scope.limit(select(Review).where(Review.id == review_id)).options(
            selectinload(Review.child)
        )
    )


def review_responses(session: Session, review: Review) -> Sequence[Response]:
    """The responses sent about one review, with their answers, oldest first."""
    return session.scalars(
        select(Response)
        .where(Response.review_id == review.id, Response.status == ResponseStatus.SUBMITTED)
        .options(selectinload(Response.answers))
        .order_by(Response.submitted_at, Response.id)
    ).all()
