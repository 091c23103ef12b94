"""One-use invitation links: random tokens, kept only as hashes, that open one questionnaire."""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.domain.openness import Status, invitation_status
from service.domain.rollup_invalidation import invalidate_months
from service.models import Invitation, MonthBasis, Review, Role
from service.questionnaires import REVIEW_QUESTIONNAIRES, questionnaire_for
from service.questionnaires.bands import age_band

TOKEN_BYTES = 16  # 128 bits: unguessable, and short enough for a small QR code
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{22}$")
CARE_LEAVER_AGE = 18


def new_token() -> str:
    """A fresh random token, URL-safe, 22 characters."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def sealed_token(secret: str, seed: str) -> str:
    """The token a seed stands for: 22 characters like a random token, but printable again by
    whoever holds the service's secret (the database alone reveals no working link)."""
    key = hashlib.sha256(b"carevoice-token-seed:" + secret.encode()).digest()
    digest = hmac.new(key, seed.encode(), hashlib.sha256).digest()[:TOKEN_BYTES]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def fresh_token(secret: str | None) -> tuple[str, str | None]:
    """A new token and, when a secret is given, the seed it can be made again from."""
    if not secret:
        return new_token(), None
    seed = secrets.token_urlsafe(TOKEN_BYTES)
    return sealed_token(secret, seed), seed


def reprintable_token(invitation: Invitation, secret: str | None, now: datetime) -> str | None:
    """The code already given to an unused, unexpired invitation, if it can be made again (it was
    issued with a seed under the same secret); None if it needs a new code."""
    if not secret or invitation.token_seed is None or invitation.used_at is not None:
        return None
    if invitation.expires_at <= now:
        return None
    token = sealed_token(secret, invitation.token_seed)
    return token if hmac.compare_digest(hash_token(token), invitation.token_hash) else None


def give_new_code(
    invitation: Invitation, *, secret: str | None, expires_at: datetime, now: datetime
) -> str:
    """A new token for an unused invitation; the code printed before stops working."""
    token, seed = fresh_token(secret)
    invitation.token_hash = hash_token(token)
    invitation.token_seed = seed
    invitation.expires_at = expires_at
    invitation.code_issued_at = now
    return token


def hash_token(token: str) -> str:
    """The stored form of a token; a database leak does not reveal working links."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def invitation_url(public_base_url: str, token: str) -> str:
    """The link printed in a QR code: no name, no case number, only the token."""
    return f"{public_base_url.rstrip('/')}/r/{token}"


class TokenState(enum.StrEnum):
    VALID = "valid"
    USED = "used"
    INVALID = "invalid"  # unknown, expired, empty or malformed: indistinguishable on purpose


@dataclass(frozen=True)
class TokenLookup:
    state: TokenState
    invitation: Invitation | None = None


def well_formed_token(token: str) -> bool:
    """Whether `token` has the shape of one this service issues."""
    return bool(_TOKEN_SHAPE.match(token))


def look_up_token(session: Session, token: str, now: datetime) -> TokenLookup:
    """Find the invitation for a token; malformed tokens cost the same query as real ones."""
    invitation = session.scalar(
        select(Invitation).where(Invitation.token_hash == hash_token(token))
    )
    if invitation is None or not well_formed_token(token):
        return TokenLookup(TokenState.INVALID)
    status = invitation_status(invitation, now)
    if status is Status.ANSWERED:
        return TokenLookup(TokenState.USED, invitation)
    if status is Status.CLOSED:
        return TokenLookup(TokenState.INVALID)
    return TokenLookup(TokenState.VALID, invitation)


@dataclass(frozen=True)
class IssuedInvitation:
    """An invitation and its token; the token exists only here, at issue time."""

    invitation: Invitation
    token: str


def language_for(review: Review, role: Role) -> str:
    """The language a person's letter and form use: the child's for the child, an adult's own
    from the review's record, else English (never the child's language by default)."""
    if role is Role.CARER:
        return review.carer_language or "en"
    if role is Role.PARENT:
        return review.parent_language or "en"
    return review.language or review.child.language or "en"


def role_for_child(review: Review) -> Role:
    """Young people aged 18 or over at the review are answered as care leavers."""
    age = review.age_at_review
    return Role.CARE_LEAVER if age is not None and age >= CARE_LEAVER_AGE else Role.CHILD


def issue_invitation(
    session: Session,
    *,
    role: Role,
    questionnaire_key: str,
    language: str,
    expires_at: datetime,
    now: datetime,
    review: Review | None = None,
    secret: str | None = None,
) -> IssuedInvitation:
    """Create one invitation with a new token (reprintable when `secret` is given)."""
    issued = _new_invitation(
        session,
        role=role,
        questionnaire_key=questionnaire_key,
        language=language,
        expires_at=expires_at,
        now=now,
        review=review,
        secret=secret,
    )
    _invalidate_invited_month(session, review, now)
    return issued


def _new_invitation(
    session: Session,
    *,
    role: Role,
    questionnaire_key: str,
    language: str,
    expires_at: datetime,
    now: datetime,
    review: Review | None,
    secret: str | None = None,
) -> IssuedInvitation:
    token, seed = fresh_token(secret)
    invitation = Invitation(
        token_hash=hash_token(token),
        token_seed=seed,
        review=review,
        role=role,
        questionnaire_key=questionnaire_key,
        language=language,
        created_at=now,
        expires_at=expires_at,
        code_issued_at=now,
    )
    session.add(invitation)
    return IssuedInvitation(invitation, token)


def _invalidate_invited_month(session: Session, review: Review | None, now: datetime) -> None:
    """A review long past can still be invited to, or its codes re-issued with a later expiry:
    its month's response rate changes, or can change again."""
    month = review.review_date if review is not None else now.date()
    invalidate_months(session, MonthBasis.INVITED, [month])


def issue_review_invitations(
    session: Session,
    review: Review,
    roles: Iterable[Role],
    *,
    ttl: timedelta,
    now: datetime,
    reissue: bool = False,
    questionnaires: Mapping[Role, str] = REVIEW_QUESTIONNAIRES,
    secret: str | None = None,
    invalidate: bool = True,
) -> list[IssuedInvitation]:
    """Invite each role to answer about a review, skipping roles that already have a code.

    `questionnaires` says which questionnaire each role gets (feedback after the review by
    default; PRE_REVIEW_QUESTIONNAIRES for the consultation before it); a role missing from it
    is skipped. With `reissue`, unused invitations get a new token and their old printed codes
    stop working. A batch passes `invalidate=False` and invalidates its review months once.
    """
    issued = _issue_without_invalidating(
        session,
        review,
        roles,
        ttl=ttl,
        now=now,
        reissue=reissue,
        questionnaires=questionnaires,
        secret=secret,
    )
    if issued and invalidate:
        _invalidate_invited_month(session, review, now)
    return issued


def _issue_without_invalidating(
    session: Session,
    review: Review,
    roles: Iterable[Role],
    *,
    ttl: timedelta,
    now: datetime,
    reissue: bool,
    questionnaires: Mapping[Role, str],
    secret: str | None = None,
) -> list[IssuedInvitation]:
    """issue_review_invitations less the rollup invalidation, which a batch does once."""
    existing = {(inv.role, inv.questionnaire_key): inv for inv in review.invitations}
    issued: list[IssuedInvitation] = []
    for wanted in roles:
        role = role_for_child(review) if wanted in (Role.CHILD, Role.CARE_LEAVER) else wanted
        usual = questionnaires.get(role)
        if usual is None:
            continue
        questionnaire_key = questionnaire_for(usual, age_band(review.age_at_review))
        current = existing.get((role, questionnaire_key))
        if current is not None:
            if not reissue or current.used_at is not None:
                continue
            token = give_new_code(current, secret=secret, expires_at=now + ttl, now=now)
            issued.append(IssuedInvitation(current, token))
            continue
        issued.append(
            _new_invitation(
                session,
                role=role,
                questionnaire_key=questionnaire_key,
                language=language_for(review, role),
                expires_at=now + ttl,
                now=now,
                review=review,
                secret=secret,
            )
        )
    session.flush()
    return issued


def issue_codes_for_reviews(
    session: Session,
    *,
    roles: Iterable[Role],
    ttl: timedelta,
    now: datetime,
    date_from: date | None = None,
    date_to: date | None = None,
    reissue: bool = False,
    questionnaires: Mapping[Role, str] = REVIEW_QUESTIONNAIRES,
    secret: str | None = None,
) -> list[IssuedInvitation]:
    """Invitations (with tokens) for every review in the date range, oldest review first.

    The review months that gained or changed invitations are invalidated once, at the end: one
    upsert of their generations instead of one per review.
    """
    query = select(Review).order_by(Review.review_date, Review.id)
    if date_from is not None:
        query = query.where(Review.review_date >= date_from)
    if date_to is not None:
        query = query.where(Review.review_date <= date_to)
    roles = tuple(roles)
    issued: list[IssuedInvitation] = []
    changed_months: set[date] = set()
    for review in session.scalars(query):
        for_review = _issue_without_invalidating(
            session,
            review,
            roles,
            ttl=ttl,
            now=now,
            reissue=reissue,
            questionnaires=questionnaires,
            secret=secret,
        )
        if for_review:
            changed_months.add(review.review_date)
            issued.extend(for_review)
    invalidate_months(session, MonthBasis.INVITED, changed_months)
    session.flush()
    return issued
