"""Which language to show: the child's own choice, else their invitation's, else English."""

from __future__ import annotations

from flask import request, session
from flask_babel import gettext

from service.i18n import LANGUAGE_NAMES, SUPPORTED, direction

__all__ = [
    "LANGUAGE_NAMES",
    "SUPPORTED",
    "current_language",
    "direction",
    "offered_languages",
    "say",
]


def current_language() -> str:
    """The language for this request; a `?lang=` choice is remembered for the visit."""
    chosen = request.args.get("lang") if request else None
    if chosen in SUPPORTED:
        session["lang"] = chosen
        return chosen
    stored = session.get("lang")
    if stored in SUPPORTED:
        return str(stored)
    return "en"


def offered_languages() -> list[tuple[str, str]]:
    """(code, own name) for the language picker."""
    return [(code, LANGUAGE_NAMES[code]) for code in SUPPORTED]


def say(msgid: str, **params: int | str) -> str:
    """A domain message in this request's language, its `{name}` placeholders filled."""
    text: str = gettext(msgid)
    return text.format(**params) if params else text
