"""The council's timetable, run by cron or the worker: the consultation before each review goes
out a set number of days before it, and the review feedback a set number of days after.

Running it twice issues nothing twice: a person who already has an invitation to a questionnaire
about a review gets no other (whether the schedule, a letter run or a staff page issued it).
Codes are issued with seeds, so `qr letters` prints them unchanged whenever the council posts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.domain.invitations import issue_review_invitations, language_for
from service.domain.letters import LETTER_ROLES, REVIEW_FEEDBACK, PersonLetter
from service.domain.rollup_invalidation import invalidate_months
from service.models import MonthBasis, Review, Role
from service.questionnaires import ISSUABLE

PRE_REVIEW = "pre_review"


@dataclass(frozen=True)
class Timetable:
    """When each questionnaire goes out, in days; a negative number turns that part off."""

    pre_review_days_before: int = 21
    feedback_days_after: int = 1
    catch_up_days: int = 14  # a missed run still issues feedback this long after it was due
    feedback_ttl: timedelta = timedelta(days=120)


@dataclass(frozen=True)
class ScheduleRun:
    """The letters for what one run issued (the new codes only), by questionnaire."""

    pre_review: list[PersonLetter]
    feedback: list[PersonLetter]


def run_schedule(
    session: Session, timetable: Timetable, *, now: datetime, secret: str
) -> ScheduleRun:
    """Issue what is due today and has not been issued; the caller commits once."""
    today = now.date()
    pre: list[PersonLetter] = []
    if timetable.pre_review_days_before >= 0:
        # Reviews from tomorrow to N days ahead; the code works until the review day ends.
        for review in _reviews(
            session, today + timedelta(days=1), today + timedelta(timetable.pre_review_days_before)
        ):
            closes = datetime.combine(review.review_date + timedelta(days=1), time())
            pre += _issue(
                session,
                review,
                (Role.CHILD,),
                questionnaire=PRE_REVIEW,
                ttl=closes - now,
                now=now,
                secret=secret,
            )
    feedback: list[PersonLetter] = []
    if timetable.feedback_days_after >= 0:
        due = today - timedelta(days=timetable.feedback_days_after)
        for review in _reviews(session, due - timedelta(days=timetable.catch_up_days), due):
            feedback += _issue(
                session,
                review,
                LETTER_ROLES,
                questionnaire=REVIEW_FEEDBACK,
                ttl=timetable.feedback_ttl,
                now=now,
                secret=secret,
            )
    months = {x.review.review_date for x in (*pre, *feedback)}
    invalidate_months(session, MonthBasis.INVITED, months)
    session.flush()
    return ScheduleRun(pre, feedback)


def _reviews(session: Session, first: date, last: date) -> list[Review]:
    query = (
        select(Review)
        .where(Review.review_date >= first, Review.review_date <= last)
        .order_by(Review.review_date, Review.id)
    )
    return list(session.scalars(query))


def _issue(
    session: Session,
    review: Review,
    roles: tuple[Role, ...],
    *,
    questionnaire: str,
    ttl: timedelta,
    now: datetime,
    secret: str,
) -> list[PersonLetter]:
    if review.child.erased_at is not None:
        return []
    issued = issue_review_invitations(
        session,
        review,
        roles,
        ttl=ttl,
        now=now,
        questionnaires=ISSUABLE[questionnaire],
        secret=secret,
        invalidate=False,  # run_schedule invalidates the months once, at the end
    )
    return [
        PersonLetter(
            review,
            language_for(review, item.invitation.role),
            item,
            questionnaire,
            reprinted=False,
        )
        for item in issued
    ]
