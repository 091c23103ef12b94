"""Invitation tokens: random, stored hashed, one use, expiring."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.domain.invitations import (
    TokenState,
    hash_token,
    invitation_url,
    issue_codes_for_reviews,
    look_up_token,
    new_token,
)
from service.models import Invitation, Role
from tests.factories import make_invitation, make_review

NOW = datetime(2026, 11, 2, 9, 30)


def test_tokens_carry_at_least_128_random_bits() -> None:
    tokens = {new_token() for _ in range(1000)}
    assert len(tokens) == 1000
    assert all(len(t) == 22 for t in tokens)  # 22 base64 characters = 132 bits, 128 random


def test_only_the_hash_of_a_token_is_stored(session: Session) -> None:
    issued = make_invitation(session, NOW)
    stored = session.scalars(select(Invitation.token_hash)).all()
    assert stored == [hash_token(issued.token)]
    assert issued.token not in stored[0]


def test_url_holds_the_token_and_nothing_personal(session: Session) -> None:
    issued = make_invitation(session, NOW, child_ref="SMITH-JOHN-2011")
    url = invitation_url("https://feedback.test/", issued.token)
    assert url == f"https://feedback.test/r/{issued.token}"
    assert "SMITH" not in url


def test_fresh_token_is_valid(session: Session) -> None:
    issued = make_invitation(session, NOW)
    assert look_up_token(session, issued.token, NOW).state is TokenState.VALID


def test_expired_unknown_empty_and_malformed_tokens_look_the_same(session: Session) -> None:
    issued = make_invitation(session, NOW, ttl=timedelta(days=1))
    later = NOW + timedelta(days=2)
    for token in (issued.token, new_token(), "", "abc", "../../etc/passwd", "x" * 5000):
        assert look_up_token(session, token, later).state is TokenState.INVALID


def test_used_token_is_reported_as_used(session: Session) -> None:
    issued = make_invitation(session, NOW)
    issued.invitation.used_at = NOW
    assert look_up_token(session, issued.token, NOW).state is TokenState.USED


def test_codes_are_issued_once_per_review_and_role(session: Session) -> None:
    make_review(session)
    roles = (Role.CHILD, Role.CARER, Role.PARENT)
    first = issue_codes_for_reviews(session, roles=roles, ttl=timedelta(days=30), now=NOW)
    second = issue_codes_for_reviews(session, roles=roles, ttl=timedelta(days=30), now=NOW)
    assert sorted(i.invitation.role.value for i in first) == ["carer", "child", "parent"]
    assert second == []


def test_reissue_replaces_the_token_of_unused_invitations(session: Session) -> None:
    make_review(session)
    (old,) = issue_codes_for_reviews(session, roles=(Role.CHILD,), ttl=timedelta(days=30), now=NOW)
    old_token = old.token
    (new,) = issue_codes_for_reviews(
        session, roles=(Role.CHILD,), ttl=timedelta(days=30), now=NOW, reissue=True
    )
    assert new.invitation.id == old.invitation.id
    assert look_up_token(session, old_token, NOW).state is TokenState.INVALID
    assert look_up_token(session, new.token, NOW).state is TokenState.VALID


def test_young_people_of_18_are_invited_as_care_leavers(session: Session) -> None:
    make_review(session, age=18)
    (issued,) = issue_codes_for_reviews(
        session, roles=(Role.CHILD,), ttl=timedelta(days=30), now=NOW
    )
    assert issued.invitation.role is Role.CARE_LEAVER
