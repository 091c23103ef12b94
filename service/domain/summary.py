"""Counts for `carevoice responses summary`: enough to see at a glance that links are being used."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.models import Invitation, Response, ResponseStatus


def responses_summary(session: Session) -> dict[str, Any]:
    """Invitations issued and used; submitted responses by role, channel and questionnaire."""
    submitted = Response.status == ResponseStatus.SUBMITTED

    def counts(column: Any) -> dict[str, int]:
        rows = session.execute(
            select(column, func.count()).where(submitted).group_by(column).order_by(column)
        )
        return {str(getattr(key, "value", key)): int(n) for key, n in rows}

    invitations = session.scalar(select(func.count()).select_from(Invitation)) or 0
    used = session.scalar(select(func.count()).where(Invitation.used_at.is_not(None))) or 0
    total = session.scalar(select(func.count()).select_from(Response).where(submitted)) or 0
    in_progress = (
        session.scalar(select(func.count()).where(Response.status == ResponseStatus.IN_PROGRESS))
        or 0
    )
    return {
        "invitations": {"issued": int(invitations), "used": int(used)},
        "responses": {
            "submitted": int(total),
            "in_progress": int(in_progress),
            "by_role": counts(Response.role),
            "by_channel": counts(Response.channel),
            "by_questionnaire": counts(Response.questionnaire_key),
        },
    }
