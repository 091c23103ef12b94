"""Realistic demo data: the council's published participation figures, recent reviews and answers.

The historical reviews reproduce the PN0-PN7 table of the IRO annual reports (DOMAIN.md), so the
demo's IRO report shows the same figures the council published.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.domain.actions import publish_action, record_action
from service.domain.invitations import issue_review_invitations
from service.domain.responses import AnswerInput, parse_answers, record_response
from service.domain.reviews import ReviewRow, import_reviews
from service.domain.rollup_invalidation import invalidate_between
from service.domain.users import create_user, hash_password
from service.models import Channel, Review, Role, StaffRole, User
from service.questionnaires import get_questionnaire

# Reviews by participation code and reporting year (1 April to 31 March), as published.
# None = no participation recorded. 2017/18's rows add up to 748, not the published 750.
HISTORICAL_PARTICIPATION: dict[int, dict[str | None, int]] = {
    2017: {
        "PN0": 85,
        "PN1": 332,
        "PN2": 5,
        "PN3": 0,
        "PN4": 4,
        "PN5": 12,
        "PN6": 122,
        "PN7": 83,
        None: 105,
    },
    2018: {"PN0": 100, "PN1": 372, "PN2": 3, "PN3": 2, "PN4": 5, "PN5": 3, "PN6": 159, "PN7": 103},
    2019: {
        "PN0": 142,
        "PN1": 439,
        "PN2": 10,
        "PN3": 0,
        "PN4": 14,
        "PN5": 59,
        "PN6": 163,
        "PN7": 40,
    },
    2020: {"PN0": 151, "PN1": 459, "PN2": 0, "PN3": 0, "PN4": 10, "PN5": 20, "PN6": 209, "PN7": 15},
    2021: {"PN0": 131, "PN1": 471, "PN2": 3, "PN3": 2, "PN4": 6, "PN5": 12, "PN6": 242, "PN7": 15},
    2022: {"PN0": 92, "PN1": 443, "PN2": 0, "PN3": 1, "PN4": 6, "PN5": 8, "PN6": 244, "PN7": 6},
}
# 2022/23: 790 of 800 reviews held within timescale (98.7%).
OUT_OF_TIMESCALE = {2022: 10}

IROS = ("IRO-A", "IRO-B", "IRO-C", "IRO-D", "IRO-E")
TEAMS = ("North", "South", "Through Care", "Disabled Children")

COMMENTS = (
    "My IRO listened to me and didn't talk over me",
    "I liked having a break when I needed one",
    "Too many people at my meeting, I didn't know half of them",
    "I got put on the spot to talk about my feelings in front of everyone",
    "My social worker keeps changing so my plan got delayed",
    "I want to see my brother more",
    "It was fine",
    "I didn't know about the grant for college until my IRO told me",
    "Could we have a short meeting before the review just me and my IRO",
    "I want to choose who comes to my meeting",
    "I love my foster carers they are kind",
    "I would like to live closer to my old school",
    "Nobody listens to me",
    "It was boring and too long",
    "My IRO helped me plan for college",
    "Meeting at school was embarrassing, can it be at home",
    "Nothing really",
    "I'd like the minutes in words I can understand",
    "كان الاجتماع جيد والمسؤول استمع لي",
    "I feel scared at home sometimes",
)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: StaffRole


def historical_review_rows(seed: int = 2023) -> Iterator[ReviewRow]:
    """One row per published review, spread over each reporting year."""
    rng = random.Random(seed)  # nosec B311 - demo data, not security
    child_number = 0
    for year, counts in HISTORICAL_PARTICIPATION.items():
        start = date(year, 4, 1)
        total = sum(counts.values())
        late = OUT_OF_TIMESCALE.get(year, 0)
        index = 0
        for code, count in counts.items():
            for _ in range(count):
                review_date = start + timedelta(days=(index * 365) // total)
                child_number += 1
                age = rng.randint(0, 3) if code == "PN0" else rng.randint(4, 17)
                yield ReviewRow(
                    child_ref=f"HIST{year}-{child_number:05d}",
                    review_date=review_date,
                    iro=IROS[index % len(IROS)],
                    team=TEAMS[index % len(TEAMS)],
                    participation_code=code,
                    held_in_timescale=index >= late,
                    report_completed=review_date + timedelta(days=10 + (index % 7)),
                    age_at_review=age,
                    language="en",
                )
                index += 1


def load_demo_data(session: Session, *, now: datetime, seed: int = 7) -> bool:
    """Fill an empty database with demo reviews and answers; do nothing if reviews exist."""
    if session.scalar(select(func.count()).select_from(Review)):
        return False
    import_reviews(session, historical_review_rows())
    import_reviews(session, _recent_review_rows(now.date(), random.Random(seed)))  # nosec B311 - demo data, not security
    _answer_recent_reviews(session, now=now, rng=random.Random(seed))  # nosec B311 - demo data, not security
    _record_demo_actions(session, now=now)
    # Responses are sent with past times: no month a dashboard looked at before stays rolled up.
    first = session.scalar(select(func.min(Review.review_date)))
    if first is not None:
        invalidate_between(session, first, now.date())
    return True


def reset_demo_logins(session: Session, *, now: datetime) -> list[DemoLogin]:
    """Demo staff accounts with fresh random passwords, printed by `carevoice demo`."""
    wanted = [
        (
            "officer@demo.carevoice",
            "Pat (participation officer)",
            StaffRole.PARTICIPATION_OFFICER,
            None,
        ),
        ("manager@demo.carevoice", "Sam (IRO manager)", StaffRole.IRO_MANAGER, None),
        (
            "safeguarding@demo.carevoice",
            "Lee (safeguarding lead)",
            StaffRole.SAFEGUARDING_LEAD,
            None,
        ),
        ("admin@demo.carevoice", "Alex (admin)", StaffRole.ADMIN, None),
        *[
            (f"{code.lower()}@demo.carevoice", f"{code} (IRO)", StaffRole.IRO, code)
            for code in IROS
        ],
    ]
    logins = []
    for email, name, role, iro_code in wanted:
        password = secrets.token_urlsafe(12)
        user = session.scalar(select(User).where(User.email == email))
        if user is None:
            create_user(
                session,
                email=email,
                display_name=name,
                role=role,
                password=password,
                now=now,
                iro_code=iro_code,
            )
        else:
            user.password_hash = hash_password(password)
            user.failed_logins = 0
            user.locked_until = None
        logins.append(DemoLogin(email, password, role))
    return logins


def _recent_review_rows(today: date, rng: random.Random) -> Iterator[ReviewRow]:
    """About 300 reviews in the last six months and 40 in the next four weeks."""
    for number in range(340):
        days = rng.randint(-182, -1) if number < 300 else rng.randint(1, 28)
        age = rng.choice([5, 7, 9, 11, 12, 13, 14, 15, 16, 17, 18])
        code = (
            None
            if days > 0
            else rng.choices(["PN1", "PN6", "PN5", "PN4", "PN7"], [60, 30, 3, 3, 4])[0]
        )
        yield ReviewRow(
            child_ref=f"DEMO-{number:04d}",
            review_date=today + timedelta(days=days),
            iro=IROS[number % len(IROS)],
            team=TEAMS[number % len(TEAMS)],
            participation_code=code,
            held_in_timescale=None if days > 0 else rng.random() > 0.02,
            report_completed=None
            if days > -20
            else today + timedelta(days=days + rng.randint(5, 22)),
            age_at_review=age,
            language="ar" if number % 7 == 0 else "en",
        )


def _answer_recent_reviews(session: Session, *, now: datetime, rng: random.Random) -> None:
    """Invite everyone to recent reviews; about half the children and a third of adults answer."""
    reviews = session.scalars(
        select(Review).where(Review.review_date >= (now - timedelta(days=182)).date())
    ).all()
    for review in reviews:
        issued = issue_review_invitations(
            session,
            review,
            (Role.CHILD, Role.CARER, Role.PARENT),
            ttl=timedelta(days=120),
            now=now - timedelta(days=1),
        )
        if review.review_date >= now.date():
            continue
        for item in issued:
            chance = 0.5 if item.invitation.role in (Role.CHILD, Role.CARE_LEAVER) else 0.3
            if rng.random() > chance:
                continue
            answered_at = datetime.combine(review.review_date, datetime.min.time()) + timedelta(
                hours=rng.randint(9, 60)
            )
            record_response(
                session,
                _sample_answers(item.invitation.questionnaire_key, rng),
                channel=Channel.TELEGRAM if rng.random() < 0.2 else Channel.WEB,
                language=item.invitation.language,
                now=min(answered_at, now),
                invitation=item.invitation,
            )


DEMO_ACTIONS = (
    (
        "Too many people come to your meetings, and you don't know some of them.",
        "Your IRO now asks you before the meeting who you want there.",
        ("meeting_experience",),
    ),
    (
        "You want to talk to your IRO on your own before your review.",
        "Every IRO now offers a short chat with you before each review.",
        ("preparation", "iro_relationship"),
    ),
    (
        "You didn't know about money you can get for college.",
        "We made a one-page guide to grants and your IRO goes through it with you.",
        ("leaving_care", "education_work"),
    ),
)


def _record_demo_actions(session: Session, *, now: datetime) -> None:
    """Published "you said, we did" actions, so the CiCC summary has something to show."""
    for weeks, (you_said, we_did, themes) in enumerate(DEMO_ACTIONS, start=1):
        at = now - timedelta(weeks=4 * weeks)
        action = record_action(
            session, you_said=you_said, we_did=we_did, theme_ids=themes, by=None, now=at
        )
        publish_action(session, action.id, by=None, now=at + timedelta(days=2))


def _sample_answers(questionnaire_key: str, rng: random.Random) -> dict[str, AnswerInput]:
    questionnaire = get_questionnaire(questionnaire_key)
    raw: dict[str, list[str]] = {}
    for question in questionnaire.questions:
        if question.type.value == "text":
            if rng.random() < 0.6:
                raw[question.id] = [rng.choice(COMMENTS)]
            continue
        keys = [c.key for c in question.choices]
        weights = [8 if i == 0 else 4 if i == 1 else 1 for i in range(len(keys))]
        if question.type.value == "safety":
            weights = [96] + [2] * (len(keys) - 1)
        raw[question.id] = [rng.choices(keys, weights)[0]]
    return parse_answers(questionnaire, raw)
