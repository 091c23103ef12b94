""" "You said, we did": staff record what changed because of what children said, then publish it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.text.themes import THEMES
from service.domain.audit import record_audit
from service.domain.errors import DomainError, FieldError, InvalidAnswers
from service.domain.text_input import RefusedText, clean_text
from service.i18n import DEFAULT_LANGUAGE, SUPPORTED
from service.models import Action, ActionLink, ActionRevision, ActionTranslation, Response, User

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
    texts = _checked_texts(you_said, we_did, errors)
    _check_themes(theme_ids, errors, responses_given=bool(response_ids))
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
    _revise(session, action, "recorded", by, now)
    return action


def publish_action(session: Session, action_id: int, *, by: User | None, now: datetime) -> Action:
    """Show an action to the Children in Care Council (idempotent: publishing twice keeps the first date)."""
    action = session.get(Action, action_id)
    if action is None:
        raise ActionNotFound(f"action {action_id}")
    if action.withdrawn_at is not None:
        raise InvalidAnswers([FieldError("action", "This action was withdrawn.")])
    if action.published_at is None:
        action.published_at = now
        _revise(session, action, "published", by, now)
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
        stmt = stmt.where(Action.published_at.is_not(None), Action.withdrawn_at.is_(None))
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


def edit_action(
    session: Session,
    action_id: int,
    *,
    you_said: str,
    we_did: str,
    theme_ids: Sequence[str],
    by: User | None,
    now: datetime,
) -> Action:
    """Change an action's words or themes, keeping what it said before in its history."""
    action = _get(session, action_id)
    errors: list[FieldError] = []
    texts = _checked_texts(you_said, we_did, errors)
    _check_themes(theme_ids, errors, responses_given=False)
    if errors:
        raise InvalidAnswers(errors)
    action.you_said, action.we_did = texts["you_said"], texts["we_did"]
    action.theme_ids = [t.id for t in THEMES if t.id in set(theme_ids)]
    _revise(session, action, "edited", by, now)
    return action


def withdraw_action(session: Session, action_id: int, *, by: User | None, now: datetime) -> Action:
    """Take an action off the public page, the CiCC summary and broadcasts (idempotent)."""
    action = _get(session, action_id)
    if action.withdrawn_at is None:
        action.withdrawn_at = now
        _revise(session, action, "withdrawn", by, now)
    return action


def translate_action(
    session: Session,
    action_id: int,
    language: str,
    *,
    you_said: str,
    we_did: str,
    by: User | None,
    now: datetime,
) -> ActionTranslation:
    """Store (or replace) an action's words in one of the languages young people are offered."""
    action = _get(session, action_id)
    errors: list[FieldError] = []
    if language not in SUPPORTED or language == DEFAULT_LANGUAGE:
        errors.append(FieldError("language", "Choose one of the offered languages."))
    texts = _checked_texts(you_said, we_did, errors)
    if errors:
        raise InvalidAnswers(errors)
    translation = session.get(ActionTranslation, (action.id, language))
    if translation is None:
        translation = ActionTranslation(
            action_id=action.id, language=language, you_said="", we_did=""
        )
        session.add(translation)
    translation.you_said, translation.we_did = texts["you_said"], texts["we_did"]
    _revise(session, action, "translated", by, now, translation=translation)
    return translation


def action_history(session: Session, action_id: int) -> list[ActionRevision]:
    """Every change to an action, oldest first."""
    return list(
        session.scalars(
            select(ActionRevision)
            .where(ActionRevision.action_id == action_id)
            .order_by(ActionRevision.at, ActionRevision.id)
        )
    )


@dataclass(frozen=True)
class ShownAction:
    """A published action as a young person reads it, in their language where staff wrote one."""

    you_said: str
    we_did: str
    language: str  # the language these words are in
    theme_ids: tuple[str, ...]
    published_at: datetime


def published_in(session: Session, language: str, *, limit: int = 200) -> list[ShownAction]:
    """Published, not withdrawn actions, newest first, each in `language` if translated, else
    in English."""
    actions = list_actions(session, published_only=True, limit=limit)
    translated = translations_of(session, [a.id for a in actions], language)
    shown = []
    for action in actions:
        words = translated.get(action.id)
        shown.append(
            ShownAction(
                words[0] if words else action.you_said,
                words[1] if words else action.we_did,
                language if words else DEFAULT_LANGUAGE,
                tuple(action.theme_ids),
                action.published_at or action.created_at,
            )
        )
    return shown


def translations_of(
    session: Session, action_ids: Sequence[int], language: str | None = None
) -> dict[int, tuple[str, str]]:
    """(you said, we did) by action id in one language; or, without one, by (id, language)."""
    if not action_ids:
        return {}
    stmt = select(ActionTranslation).where(ActionTranslation.action_id.in_(action_ids))
    if language is not None:
        stmt = stmt.where(ActionTranslation.language == language)
    return {t.action_id: (t.you_said, t.we_did) for t in session.scalars(stmt)}


def all_translations(session: Session, action_id: int) -> dict[str, tuple[str, str]]:
    """(you said, we did) of one action by language."""
    rows = session.scalars(
        select(ActionTranslation).where(ActionTranslation.action_id == action_id)
    )
    return {t.language: (t.you_said, t.we_did) for t in rows}


def _get(session: Session, action_id: int) -> Action:
    action = session.get(Action, action_id)
    if action is None:
        raise ActionNotFound(f"action {action_id}")
    return action


def _revise(
    session: Session,
    action: Action,
    change: str,
    by: User | None,
    now: datetime,
    *,
    translation: ActionTranslation | None = None,
) -> None:
    """Keep what the action says after a change in its history, and audit the change."""
    words = translation or action
    session.add(
        ActionRevision(
            action_id=action.id,
            change=change,
            language=translation.language if translation else DEFAULT_LANGUAGE,
            you_said=words.you_said,
            we_did=words.we_did,
            theme_ids=list(action.theme_ids),
            by_id=by.id if by else None,
            at=now,
        )
    )
    record_audit(
        session,
        actor=by,
        action=f"action_{change}",
        now=now,
        object_type="action",
        object_id=action.id,
        detail={"language": translation.language} if translation else None,
    )


def _checked_texts(you_said: str, we_did: str, errors: list[FieldError]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for name, raw in (("you_said", you_said), ("we_did", we_did)):
        try:
            texts[name] = clean_text(raw, MAX_TEXT)
        except RefusedText as refused:
            errors.append(FieldError(name, str(refused)))
            continue
        if not texts[name]:
            errors.append(FieldError(name, "Please fill this in."))
    return texts


def _check_themes(
    theme_ids: Sequence[str], errors: list[FieldError], *, responses_given: bool
) -> None:
    unknown = sorted(set(theme_ids) - THEME_IDS)
    if unknown:
        errors.append(FieldError("themes", f"Unknown theme: {', '.join(unknown)}"))
    if not theme_ids and not responses_given:
        errors.append(FieldError("themes", "Choose at least one theme."))
