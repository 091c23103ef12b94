"""Printed review letters: fresh codes for every review in a date range, laid out one A4 sheet each.

Tokens exist only when issued, so printing a letter always gives its unused invitations new
tokens (an older printed code for the same invitation stops working). Answered invitations get
no code. Nothing on a sheet names the child unless the council chooses merge fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from qr.letters import LetterCode, LetterSheet
from service import messages
from service.domain.invitations import IssuedInvitation, invitation_url, issue_review_invitations
from service.i18n import direction, translate
from service.models import Review, Role
from service.questionnaires.schema import N_

LETTER_ROLES = (Role.CHILD, Role.CARER, Role.PARENT)

ROLE_LABELS = {
    Role.CHILD: N_("For you"),
    Role.CARE_LEAVER: N_("For you"),
    Role.CARER: N_("For your carer"),
    Role.PARENT: N_("For your mum, dad or family"),
}
INSTRUCTIONS = {
    Role.CHILD: N_("Scan this code with a phone camera to tell us how your review went."),
    Role.CARE_LEAVER: N_("Scan this code with a phone camera to tell us how your review went."),
    Role.CARER: N_("Carers: scan this code to tell us how the review went."),
    Role.PARENT: N_("Parents and family: scan this code to tell us how the review went."),
}
HEADING = N_("Your review: have your say")
FOOTER = N_("Each code works once. We don't put your name on your answers.")
# What a council may choose to print on a sheet; nothing else about the child ever is.
MERGE_FIELDS = {
    "review_date": N_("Review date"),
    "child_code": N_("Reference"),
    "iro": N_("IRO"),
}


def footer(language: str) -> str:
    """The letter's last lines: the code's privacy, and Childline's number as every page gives it."""
    number = messages.left_to_right(messages.CHILDLINE.shown)
    childline = f"{translate(messages.NEED_TO_TALK, language)} {number}."
    return f"{translate(FOOTER, language)} {childline}"


@dataclass(frozen=True)
class ReviewLetter:
    """One review's letter: its language and a fresh code for each role still to answer."""

    review: Review
    language: str
    codes: Sequence[IssuedInvitation]


def issue_letter_codes(
    session: Session,
    *,
    date_from: date,
    date_to: date,
    ttl: timedelta,
    now: datetime,
    roles: Iterable[Role] = LETTER_ROLES,
) -> list[ReviewLetter]:
    """Issue or reissue the codes for every review dated in [date_from, date_to], oldest first."""
    if date_to < date_from:
        raise ValueError("the end date is before the start date")
    roles = tuple(roles)
    query = (
        select(Review)
        .where(Review.review_date >= date_from, Review.review_date <= date_to)
        .order_by(Review.review_date, Review.id)
    )
    letters: list[ReviewLetter] = []
    for review in session.scalars(query):
        issued = issue_review_invitations(session, review, roles, ttl=ttl, now=now, reissue=True)
        if issued:
            language = review.language or review.child.language or "en"
            ordered = sorted(issued, key=lambda item: _role_order(item.invitation.role))
            letters.append(ReviewLetter(review, language, ordered))
    return letters


def letter_sheet(
    letter: ReviewLetter, *, public_base_url: str, merge: Sequence[str] = ()
) -> LetterSheet:
    """The printed sheet for one letter, every word in the child's language."""
    lang = letter.language
    unknown = [name for name in merge if name not in MERGE_FIELDS]
    if unknown:
        raise ValueError(f"unknown merge fields: {', '.join(unknown)}")
    values = {
        "review_date": letter.review.review_date.isoformat(),
        "child_code": letter.review.child.code,
        "iro": letter.review.iro,
    }
    text_direction: Literal["ltr", "rtl"] = "rtl" if direction(lang) == "rtl" else "ltr"
    return LetterSheet(
        heading=translate(HEADING, lang),
        codes=[
            LetterCode(
                role_label=translate(ROLE_LABELS[item.invitation.role], lang),
                url=invitation_url(public_base_url, item.token),
                instruction=translate(INSTRUCTIONS[item.invitation.role], lang),
            )
            for item in letter.codes
        ],
        footer=footer(lang),
        direction=text_direction,
        merge_fields={translate(MERGE_FIELDS[name], lang): values[name] for name in merge},
    )


def _role_order(role: Role) -> int:
    return {Role.CHILD: 0, Role.CARE_LEAVER: 0, Role.CARER: 1, Role.PARENT: 2}[role]
