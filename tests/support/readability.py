"""Flesch-Kincaid grade of English text, for checking that children's wording is easy to read.

grade = 0.39 * words per sentence + 11.8 * syllables per word - 15.59. Syllables are counted by
the usual rule of thumb (groups of vowels, less a silent final e), which is what readability
checkers such as the one the issue was measured with do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?]+")


def syllables(word: str) -> int:
    """Syllables in one English word (a hyphenated word counts each part)."""
    total = 0
    for part in re.split(r"[-]", word.lower().replace("’", "'")):
        part = (
            part.split("'")[0]
            if part.endswith(("'s", "'d", "'t", "'m", "'re", "'ll", "'ve"))
            else part
        )
        groups = re.findall(r"[aeiouy]+", part)
        count = len(groups)
        if part.endswith("e") and not part.endswith(("le", "ee", "ye")) and count > 1:
            count -= 1
        total += max(count, 1)
    return total


def grade(texts: Iterable[str]) -> float:
    """The Flesch-Kincaid grade of `texts`, each a sentence or more (a label is a sentence)."""
    sentences = words = syllable_count = 0
    for text in texts:
        for sentence in _SENTENCE_END.split(text):
            found = _WORD.findall(sentence)
            if not found:
                continue
            sentences += 1
            words += len(found)
            syllable_count += sum(syllables(w) for w in found)
    if not words:
        raise ValueError("no words to read")
    return 0.39 * words / sentences + 11.8 * syllable_count / words - 15.59
