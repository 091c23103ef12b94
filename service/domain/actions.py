""" "You said, we did": staff record what changed because of what children said, then publish it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.text.themes import THEMES
from service.domain.audit import record_audit
from service.domain.errors import DomainError, FieldError, InvalidAnswers
from service.domain.text_input import RefusedText, clean_text
from service.models import Action, ActionLink, Response, User

MAX_TEXT = 600
THEME_IDS = frozenset(t.id for t in THEMES)


class ActionNotFound(DomainError):
    """No action with that id."""


def record_action(
    session: Session,
    *,
    you_said: str,
    we_did: str,
    theme_ids: Sequence[str],
    response_ids: Sequence[int] = (),
    by: User | None,
    now: datetime,
) -> Action:
    """Check and store an unpublished action linked to themes and responses; the caller commits."""
    errors: list[FieldError] = []
    texts: dict[str, str] = {}
    for name, raw in (("you_said", you_said), ("we_did", we_did)):
        try:
            texts[name] = clean_text(raw, MAX_TEXT)
        except RefusedText as refused:
            errors.append(FieldError(name, str(refused)))
            continue
        if not texts[name]:
            errors.append(FieldError(name, "Please fill this in."))
    unknown = sorted(set(theme_ids) - THEME_IDS)
    if unknown:
        errors.append(FieldError("themes", f"Unknown theme: {', '.join(unknown)}"))
    if not theme_ids and not response_ids:
        errors.append(FieldError("themes", "Choose at least one theme."))
    wanted = sorted(set(response_ids))
    if wanted:
        found = session.scalar(
            select(func.count()).select_from(Response).where(Response.id.in_(wanted))
        )
        if found != len(wanted):
            errors.append(FieldError("responses", "Some of those responses do not exist."))
    if errors:
        raise InvalidAnswers(errors)
    action = Action(
        you_said=texts["you_said"],
        we_did=texts["we_did"],
        theme_ids=[t.id for t in THEMES if t.id in set(theme_ids)],
        created_by_id=by.id if by else None,
        created_at=now,
    )
    session.add(action)
    session.flush()
    session.add_all(ActionLink(action_id=action.id, response_id=rid) for rid in wanted)
    record_audit(
        session,
        actor=by,
        action="action_recorded",
        now=now,
        object_type="action",
        object_id=action.id,
    )
    return action


def publish_action(session: Session, action_id: int, *, by: User | None, now: datetime) -> Action:
    """Show an action to the Children in Care Council (idempotent: publishing twice keeps the first date)."""
    action = session.get(Action, action_id)
    if action is None:
        raise ActionNotFound(f"action {action_id}")
    if action.published_at is None:
        action.published_at = now
        record_audit(
            session,
            actor=by,
            action="action_published",
            now=now,
            object_type="action",
            object_id=action.id,
        )
    return action


def list_actions(
    session: Session,
    *,
    published_only: bool = False,
    published_from: datetime | None = None,
    published_before: datetime | None = None,
    limit: int = 200,
) -> list[Action]:
    """Actions, newest first; published ones only (optionally within dates) for the CiCC."""
    stmt = select(Action).order_by(Action.created_at.desc(), Action.id.desc()).limit(limit)
    if published_only or published_from or published_before:
        stmt = stmt.where(Action.published_at.is_not(None))
    if published_from is not None:
        stmt = stmt.where(Action.published_at >= published_from)
    if published_before is not None:
        stmt = stmt.where(Action.published_at < published_before)
    return list(session.scalars(stmt))


def linked_response_counts(session: Session, action_ids: Sequence[int]) -> dict[int, int]:
    """How many responses each action answers (a count, never who)."""
    if not action_ids:
        return {}
    rows = session.execute(
        select(ActionLink.action_id, func.count())
        .where(ActionLink.action_id.in_(action_ids))
        .group_by(ActionLink.action_id)
    )
    return {int(a): int(n) for a, n in rows}
