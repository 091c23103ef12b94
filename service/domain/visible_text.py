"""Characters that print nothing, move the cursor or turn text round: refused in staff names and
emails, and shown as escapes wherever stored text reaches a terminal."""

from __future__ import annotations

import unicodedata

# Controls (escapes, bells, CR/LF, NUL), format characters (direction overrides, zero-width),
# line and paragraph separators, and surrogates.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def _hidden(character: str) -> bool:
    return unicodedata.category(character) in _HIDDEN_CATEGORIES


def has_hidden_characters(text: str) -> bool:
    return any(_hidden(c) for c in text)


def visible(text: str) -> str:
    """`text` with each hidden character written as a Python escape (\\x1b, \\u202e)."""
    return "".join(repr(c)[1:-1] if _hidden(c) else c for c in text)
