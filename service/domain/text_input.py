"""Cleaning free text at the edge: what a child types is kept, but nothing that can hide or trick."""

from __future__ import annotations

import re
import unicodedata

from analysis.text.normalise import MEANINGLESS
from service.questionnaires.schema import N_

# Invisible characters with no meaning in what a child writes; dropped silently (the letters'
# joiners and direction marks are kept: see analysis.text.normalise).
_INVISIBLE = re.compile(f"[{MEANINGLESS}]")
# Bidirectional overrides can make stored text display differently from what it says
# ("Trojan Source"); C0/C1 controls can break exports and logs. Both are refused.
_REFUSED = re.compile("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class RefusedText(ValueError):
    """The text cannot be stored; `msgid` (with `params`) says why in plain words."""

    def __init__(self, msgid: str, **params: int | str) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params


def clean_text(raw: str, max_length: int) -> str:
    """Normalise, trim and check a piece of free text; raise RefusedText if it cannot be stored."""
    text = unicodedata.normalize("NFKC", raw)
    text = _INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n").strip()
    if _REFUSED.search(text):
        raise RefusedText(N_("Your answer has hidden control characters. Please type it again."))
    if len(text) > max_length:
        raise RefusedText(N_("Please keep your answer under {limit} characters."), limit=max_length)
    return text
