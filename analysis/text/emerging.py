"""Phrases that come up in comments no theme fits: candidates for the officer to name as a theme."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from analysis.text.normalise import ARABIC_LETTER_RX
from analysis.text.tagging import noun_phrases
from analysis.text.themes import find_themes, prepare_english

__all__ = ["emerging_phrases"]

PHRASE_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "my",
        "your",
        "his",
        "her",
        "their",
        "our",
        "its",
        "this",
        "that",
        "these",
        "those",
        "some",
        "any",
        "many",
        "more",
        "most",
        "much",
        "few",
        "lot",
        "lots",
        "bit",
        "loads",
        "thing",
        "things",
        "stuff",
        "nothing",
        "everything",
        "something",
        "anything",
        "one",
        "ones",
        "way",
        "time",
        "times",
        "day",
        "days",
        "today",
        "yesterday",
        "week",
        "year",
        "years",
        "people",
        "person",
        "everyone",
        "everybody",
        "anyone",
        "somebody",
        "someone",
        "nobody",
        "none",
        "no",
        "yes",
        "ok",
        "okay",
        "fine",
        "good",
        "bad",
        "all",
        "other",
        "same",
        "new",
        "old",
        "last",
        "next",
        "first",
        "i",
        "me",
        "it",
        "im",
        "i'm",
        "dont",
        "don't",
        "idk",
        "thanks",
        "thank",
        "you",
        "kind",
        "sort",
        "type",
        "part",
    ]
)


def emerging_phrases(
    texts: Iterable[str], min_count: int = 2, limit: int = 20
) -> list[tuple[str, int]]:
    """Noun phrases from comments that fit no theme, for the officer to name as a new theme.

    Only English-script comments for which ``find_themes`` returns nothing are read. Each
    phrase is lower-case, with leading stopwords ("many", "some", "new" ...) trimmed; phrases
    made only of stopwords are dropped. A phrase counts once per comment; those seen in at
    least ``min_count`` comments are returned, most frequent first (ties alphabetical), at
    most ``limit`` of them.
    """
    counts: Counter[str] = Counter()
    for text in texts:
        if not text or ARABIC_LETTER_RX.search(text) or find_themes(text):
            continue
        seen: set[str] = set()
        for phrase in noun_phrases(prepare_english(text)):
            ws = phrase.split()
            while ws and ws[0] in PHRASE_STOPWORDS:
                ws = ws[1:]
            if not ws or all(w in PHRASE_STOPWORDS for w in ws):
                continue
            seen.add(" ".join(ws))
        counts.update(seen)
    ranked = sorted(
        ((p, n) for p, n in counts.items() if n >= min_count), key=lambda pn: (-pn[1], pn[0])
    )
    return ranked[:limit]
