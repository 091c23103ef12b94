"""Which language to show: the child's own choice, else their invitation's, else English."""

from __future__ import annotations

from flask import request, session

SUPPORTED = ("en", "ar")
RTL = frozenset({"ar", "ps", "prs", "fa", "ckb", "ur"})


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


def direction(language: str) -> str:
    """Text direction for the <html dir> attribute."""
    return "rtl" if language in RTL else "ltr"
