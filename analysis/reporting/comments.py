"""Free-text comments as staff see them: examples for each theme, unthemed ones, quotable ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from analysis.reporting.filters import Filters, filter_answers
from analysis.reporting.theme_figures import theme_elements
from service.models import Answer, Child, Response
from service.questionnaires import AGREED, SHARE_WORDS_QUESTION_ID, quotable_keys


@dataclass(frozen=True)
class Comment:
    """A free-text comment as staff see it: the child's pseudonymous code, never a name."""

    response_id: int
    submitted_at: datetime
    child_code: str | None
    role: str
    text: str
    label: str | None
    themes: tuple[str, ...]


EXAMPLE_SCAN = 5000


def theme_examples(
    session: Session, filters: Filters, theme_ids: Sequence[str], per_theme: int = 3
) -> dict[str, list[Comment]]:
    """The newest comments on each theme that did not trip the safety screen, in one pass.

    Themed comments are read newest first until every theme has its examples, or at most
    EXAMPLE_SCAN of them: a council's year is well within that; at a region's scale a very
    rare theme shows its count without examples instead of costing a walk through the whole
    period for each theme.
    """
    examples: dict[str, list[Comment]] = {theme_id: [] for theme_id in theme_ids}
    still_wanted = set(examples)
    if not still_wanted:
        return examples
    stmt = (
        select(
            Response.id,
            Answer.submitted_at,
            Child.code,
            Response.role,
            Answer.text,
            Answer.sentiment_label,
            Answer.themes,
            Answer.safety,
        )
        .select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
        .outerjoin(Child, Child.id == Response.child_id)
        .where(Answer.themes.is_not(None), Answer.text.is_not(None))
        .order_by(Answer.submitted_at.desc(), Answer.id.desc())
        .limit(EXAMPLE_SCAN)
    )
    rows = session.execute(
        filter_answers(stmt, filters, responses_joined=True).execution_options(yield_per=200)
    )
    for rid, at, code, role, text, label, themes, safety in rows:
        if (safety or {}).get("flag"):
            continue
        comment = Comment(int(rid), at, code, str(role), str(text), label, tuple(themes or ()))
        for theme_id in still_wanted.intersection(comment.themes):
            examples[theme_id].append(comment)
            if len(examples[theme_id]) >= per_theme:
                still_wanted.discard(theme_id)
        if not still_wanted:
            break
    rows.close()
    return examples


def unthemed_texts(session: Session, filters: Filters, limit: int = 2000) -> list[str]:
    """Recent comments that fit no theme, for naming emerging themes."""
    stmt = (
        select(Answer.text)
        .select_from(Answer)
        .where(Answer.text.is_not(None))
        .where(or_(Answer.themes.is_(None), func.json_array_length(Answer.themes) == 0))
        .order_by(Answer.submitted_at.desc())
        .limit(limit)
    )
    return [str(t) for t in session.scalars(filter_answers(stmt, filters)) if t]


def comment_candidates(
    session: Session, filters: Filters, theme_id: str | None = None, limit: int = 200
) -> list[tuple[str, dict[str, Any] | None]]:
    """Recent free-text comments (optionally on one theme) that may be quoted, with their safety
    result: only from forms that ask whether words may be shared, and only where the author
    said yes (so never from the consultation before a review)."""
    consent = aliased(Answer)
    stmt = (
        select(Answer.text, Answer.safety)
        .select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
        .join(
            consent,
            and_(
                consent.response_id == Answer.response_id,
                consent.question_id == SHARE_WORDS_QUESTION_ID,
                consent.value == AGREED,
            ),
        )
        .where(
            Answer.text.is_not(None),
            Answer.question_id != SHARE_WORDS_QUESTION_ID,
            Response.questionnaire_key.in_(quotable_keys()),
        )
        .order_by(Answer.submitted_at.desc(), Answer.id.desc())
        .limit(limit)
    )
    if theme_id is not None:
        elements = theme_elements(session)
        stmt = stmt.join(elements, true()).where(elements.c.value == theme_id)
    return [
        (str(t), s)
        for t, s in session.execute(filter_answers(stmt, filters, responses_joined=True))
    ]
