"""Which comments may be quoted in anything published: short, generic and unable to identify a child.

The rule errs towards leaving a comment out. A comment is refused if it could carry a name or a
place (any capitalised word other than the first word, "I" or a known service word), a number
(ages, dates, house numbers), an age phrase, contact details, a script whose names cannot be
spotted by capital letters, anything the safety screen flagged, or a worry it found told as over
(a child's past harm is theirs, not a quote).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

MAX_WORDS = 18
_ALLOWED_CAPITALS = frozenset(
    {"I", "I'm", "I've", "I'd", "I'll", "IRO", "IROs", "OK", "CiCC", "PEP", "LAC", "CLA"}
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_REFUSE = re.compile(
    r"\d|@|https?:|www\.|\b(?:years? old|yrs? old|yo|aged?|birthday|born|street|road|"
    r"lives? (?:at|on|in)|my name|called)\b",
    re.IGNORECASE,
)
_LATIN_ONLY = re.compile(r"^[\x20-\x7e‘’“”–—…]+$")


def is_publishable_quote(text: str, safety: Mapping[str, Any] | None = None) -> bool:
    """True if the comment is short, generic and could not point to one child."""
    text = text.strip()
    if not text or (safety or {}).get("flag") or (safety or {}).get("told_as_over"):
        return False
    if not _LATIN_ONLY.match(text) or _REFUSE.search(text):
        return False
    words = _WORD.findall(text)
    if not 3 <= len(words) <= MAX_WORDS:
        return False
    return all(
        index == 0 or not word[0].isupper() or word in _ALLOWED_CAPITALS
        for index, word in enumerate(words)
    )


def pick_quotes(
    candidates: Iterable[tuple[str, Mapping[str, Any] | None]], limit: int = 5
) -> list[str]:
    """Up to `limit` distinct publishable comments, in the order given."""
    chosen: list[str] = []
    seen: set[str] = set()
    for text, safety in candidates:
        key = " ".join(text.lower().split())
        if key in seen or not is_publishable_quote(text, safety):
            continue
        seen.add(key)
        chosen.append(text.strip())
        if len(chosen) >= limit:
            break
    return chosen
