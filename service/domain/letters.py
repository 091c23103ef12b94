"""Printed letters: one page per person (child, carer, parent), each with only that person's code
and instructions in that person's language.

A page is printed for every invitation still unanswered. A code printed before is printed again
unchanged (its token is made again from its seed), so a reprint never kills a letter already
posted; only `reissue` (by role) or a code that cannot be made again (expired, or issued before
codes had seeds) gets a new one. Nothing on a page names the child unless the council chooses
merge fields.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from qr.letters import LetterCode, LetterSheet
from service import messages
from service.domain.invitations import (
    IssuedInvitation,
    give_new_code,
    invitation_url,
    issue_review_invitations,
    language_for,
    reprintable_token,
    role_for_child,
)
from service.domain.rollup_invalidation import invalidate_months
from service.i18n import direction, translate
from service.models import MonthBasis, Review, Role
from service.questionnaires import ISSUABLE, get_questionnaire, questionnaire_for
from service.questionnaires.bands import age_band
from service.questionnaires.schema import N_

LETTER_ROLES = (Role.CHILD, Role.CARER, Role.PARENT)
REVIEW_FEEDBACK = "review_child"

FOR_YOU = N_("For you")
INSTRUCTIONS = {
    Role.CHILD: N_("Scan this code with a phone camera to tell us how your review went."),
    Role.CARE_LEAVER: N_("Scan this code with a phone camera to tell us how your review went."),
    Role.CARER: N_("Carers: scan this code to tell us how the review went."),
    Role.PARENT: N_("Parents and family: scan this code to tell us how the review went."),
}
SCAN_TO_ANSWER = N_("Scan this code with a phone camera to answer.")
HEADING = N_("Your review: have your say")
FOOTER = N_("Each code works once. We don't put your name on your answers.")
# What a council may choose to print on a page; nothing else about the child ever is.
MERGE_FIELDS = {
    "review_date": N_("Review date"),
    "child_code": N_("Reference"),
    "iro": N_("IRO"),
}


ROLE_WORDS = {
    Role.CHILD: "child",
    Role.CARE_LEAVER: "child",
    Role.CARER: "carer",
    Role.PARENT: "parent",
}


class RolesRefused(ValueError):
    """Roles named that the questionnaire is not for; the message says who it is for."""


def asked_roles(questionnaire: str, named: Sequence[Role] = ()) -> list[Role]:
    """The letter roles asked `questionnaire`: those named (each one it is for), or all it is for.

    :raises RolesRefused: a named role the questionnaire is not for, or an unknown questionnaire.
    """
    wanted_set = ISSUABLE.get(questionnaire)
    if wanted_set is None:
        raise RolesRefused(f"there is no questionnaire called {questionnaire!r} to issue")
    for_whom = {ROLE_WORDS[role] for role in wanted_set}
    if not named:
        return [role for role in LETTER_ROLES if ROLE_WORDS[role] in for_whom]
    refused = sorted({ROLE_WORDS[role] for role in named} - for_whom)
    if refused:
        raise RolesRefused(
            f"{questionnaire} is not for {', '.join(refused)}; it is for "
            f"{', '.join(sorted(for_whom))}"
        )
    return list(dict.fromkeys(named))


def footer(language: str) -> str:
    """The letter's last lines: the code's privacy, and Childline's number as every page gives it."""
    number = messages.left_to_right(messages.CHILDLINE.shown)
    childline = f"{translate(messages.NEED_TO_TALK, language)} {number}."
    return f"{translate(FOOTER, language)} {childline}"


@dataclass(frozen=True)
class PersonLetter:
    """One person's page: their review, their code and the language it is printed in."""

    review: Review
    language: str
    code: IssuedInvitation
    questionnaire: str  # the set it was issued from (ISSUABLE's key), which words it carries
    reprinted: bool  # the same code as before


def issue_letters(
    session: Session,
    *,
    date_from: date,
    date_to: date,
    ttl: timedelta,
    now: datetime,
    secret: str,
    questionnaire: str = REVIEW_FEEDBACK,
    roles: Iterable[Role] = LETTER_ROLES,
    reissue: Collection[Role] = (),
) -> list[PersonLetter]:
    """A letter for each person in `roles` still to answer `questionnaire` about every review
    dated in [date_from, date_to]: by review date, then child, carer, parent.

    :raises ValueError: for an unknown questionnaire or an end date before the start date.
    """
    if date_to < date_from:
        raise ValueError("the end date is before the start date")
    wanted_set = ISSUABLE.get(questionnaire)
    if wanted_set is None:
        raise ValueError(f"unknown questionnaire {questionnaire!r}")
    roles = tuple(roles)
    query = (
        select(Review)
        .where(Review.review_date >= date_from, Review.review_date <= date_to)
        .order_by(Review.review_date, Review.id)
    )
    letters: list[PersonLetter] = []
    changed: set[date] = set()
    for review in session.scalars(query):
        for wanted in sorted(roles, key=_role_order):
            letter = _letter(
                session,
                review,
                wanted,
                wanted_set=wanted_set,
                questionnaire=questionnaire,
                ttl=ttl,
                now=now,
                secret=secret,
                # Reissuing "the child's" letter covers a child who is now a care leaver.
                reissue=wanted in reissue or (wanted is Role.CARE_LEAVER and Role.CHILD in reissue),
            )
            if letter is not None:
                letters.append(letter)
                if not letter.reprinted:
                    changed.add(review.review_date)
    invalidate_months(session, MonthBasis.INVITED, changed)
    session.flush()
    return letters


def _letter(
    session: Session,
    review: Review,
    wanted: Role,
    *,
    wanted_set: dict[Role, str],
    questionnaire: str,
    ttl: timedelta,
    now: datetime,
    secret: str,
    reissue: bool,
) -> PersonLetter | None:
    role = role_for_child(review) if wanted in (Role.CHILD, Role.CARE_LEAVER) else wanted
    usual = wanted_set.get(role)
    if usual is None:
        return None
    key = questionnaire_for(usual, age_band(review.age_at_review))
    current = next(
        (i for i in review.invitations if i.role is role and i.questionnaire_key == key), None
    )
    language = language_for(review, role)
    if current is None:
        (issued,) = issue_review_invitations(
            session,
            review,
            (role,),
            ttl=ttl,
            now=now,
            questionnaires={role: usual},
            secret=secret,
            invalidate=False,  # issue_letters invalidates the months once, at the end
        )
        return PersonLetter(review, language, issued, questionnaire, reprinted=False)
    if current.used_at is not None:
        return None
    token = None if reissue else reprintable_token(current, secret, now)
    if token is not None:
        return PersonLetter(
            review, language, IssuedInvitation(current, token), questionnaire, reprinted=True
        )
    token = give_new_code(current, secret=secret, expires_at=now + ttl, now=now)
    return PersonLetter(
        review, language, IssuedInvitation(current, token), questionnaire, reprinted=False
    )


def letter_sheet(
    letter: PersonLetter, *, public_base_url: str, merge: Sequence[str] = ()
) -> LetterSheet:
    """The printed page for one person, every word in their language, with their code alone."""
    lang = letter.language
    unknown = [name for name in merge if name not in MERGE_FIELDS]
    if unknown:
        raise ValueError(f"unknown merge fields: {', '.join(unknown)}")
    values = {
        "review_date": letter.review.review_date.isoformat(),
        "child_code": letter.review.child.code,
        "iro": letter.review.iro,
    }
    role = letter.code.invitation.role
    if letter.questionnaire == REVIEW_FEEDBACK:
        heading = translate(HEADING, lang)
        instruction = translate(INSTRUCTIONS[role], lang)
    else:
        asked = get_questionnaire(letter.code.invitation.questionnaire_key)
        heading = translate(asked.title, lang)
        instruction = f"{translate(SCAN_TO_ANSWER, lang)} {translate(asked.intro, lang)}"
    text_direction: Literal["ltr", "rtl"] = "rtl" if direction(lang) == "rtl" else "ltr"
    return LetterSheet(
        heading=heading,
        codes=[
            LetterCode(
                role_label=translate(FOR_YOU, lang),
                url=invitation_url(public_base_url, letter.code.token),
                instruction=instruction,
            )
        ],
        footer=footer(lang),
        direction=text_direction,
        merge_fields={translate(MERGE_FIELDS[name], lang): values[name] for name in merge},
    )


def _role_order(role: Role) -> int:
    return {Role.CHILD: 0, Role.CARE_LEAVER: 0, Role.CARER: 1, Role.PARENT: 2}[role]
