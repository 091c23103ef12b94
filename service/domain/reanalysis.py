"""Re-running text analysis over stored answers after the analyser changes, one batch at a time."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from analysis.text.pipeline import ANALYSER_VERSION, analyse_text
from service.models import Answer, Response


@dataclass
class ReanalysisBatch:
    """What one batch changed; `last_id` is where the next batch starts."""

    last_id: int
    seen: int = 0
    updated: int = 0
    newly_flagged: list[int] = field(default_factory=list)  # response ids for a person to check


def reanalyse_batch(session: Session, *, after_id: int, size: int = 500) -> ReanalysisBatch:
    """Re-analyse up to `size` free-text answers stored by another analyser version; the caller commits.

    The safety screen may now flag text it missed before. Those responses are listed, not turned
    into alerts here, because the child said it long ago: a person decides how to follow up.
    """
    rows = session.execute(
        select(Answer, Response.language)
        .join(Response, Response.id == Answer.response_id)
        .where(
            Answer.id > after_id,
            Answer.text.is_not(None),
            or_(Answer.analyser_version.is_(None), Answer.analyser_version != ANALYSER_VERSION),
        )
        .order_by(Answer.id)
        .limit(size)
    ).all()
    batch = ReanalysisBatch(last_id=after_id)
    for answer, language in rows:
        batch.last_id = answer.id
        batch.seen += 1
        analysis = analyse_text(answer.text or "", language)
        was_flagged = bool((answer.safety or {}).get("flag"))
        answer.sentiment = analysis.sentiment
        answer.sentiment_label = analysis.label
        answer.themes = list(analysis.themes)
        answer.safety = dict(analysis.safety.to_dict())
        answer.analyser_version = ANALYSER_VERSION
        batch.updated += 1
        if analysis.safety.flag and not was_flagged:
            batch.newly_flagged.append(answer.response_id)
    session.flush()
    return batch
