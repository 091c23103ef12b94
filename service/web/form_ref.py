"""A signed note, carried in each form page, of what the page answers.

The visit's cookie says what a browser is answering, but it times out (to keep answers private
on a shared phone) and a CSRF token goes stale. A child who says they are not safe on such a page
must still be heard: this note, signed with the app's secret so it cannot be made up, lets the
service tie their worry to the right invitation. It names no person and opens nothing: it only
ever attaches a worry, never answers a form.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from flask import current_app, request
from itsdangerous import BadData

from service.domain.answering import Subject
from service.questionnaires import UnknownQuestionnaire, get_questionnaire
from service.web.signing import OnceSerializer

SALT = "carevoice-form-ref"
FIELD = "ref"


def _serializer() -> OnceSerializer:
    return _serializer_for(current_app.secret_key or "")


@lru_cache(maxsize=4)
def _serializer_for(secret_key: str | bytes) -> OnceSerializer:
    """Made once per key, not on every page."""
    return OnceSerializer(secret_key, salt=SALT)


def sign(subject: Subject) -> str:
    """The note for a page answering `subject`."""
    note: dict[str, Any] = {"q": subject.questionnaire_key}
    if subject.invitation_id is not None:
        note["i"] = subject.invitation_id
    if subject.campaign_id is not None:
        note["c"] = subject.campaign_id
        note["k"] = subject.submission_key
    return str(_serializer().dumps(note))


def read(now: datetime) -> Subject | None:
    """What the posted page answered, if its note is genuine."""
    try:
        note = _serializer().loads(request.form.get(FIELD, ""))
        get_questionnaire(str(note["q"]))
        return Subject(
            now,
            str(note["q"]),
            invitation_id=int(note["i"]) if "i" in note else None,
            campaign_id=int(note["c"]) if "c" in note else None,
            submission_key=str(note["k"]) if "k" in note else None,
        )
    except (BadData, KeyError, TypeError, ValueError, UnknownQuestionnaire):
        return None
