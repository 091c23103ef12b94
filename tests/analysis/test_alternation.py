"""analysis.text.alternation must find exactly what the plain alternation finds."""

from __future__ import annotations

import itertools
import random
import re

import pytest

from analysis.text.alternation import compile_alternation

# Shapes the rule lists use, and ones that would break a careless prefix tree: optional, lazy
# and repeated leading groups, leading classes, classes holding "(", "|" or "]", escapes, look-arounds, empty
# alternatives, and alternatives that are prefixes of others.
PATTERNS = (
    "ab",
    "a(?:b|c)a",
    "(?:a|b)?c",
    "(?:ab)*c",
    "(?:b)??a",
    "(?:ba)+",
    "[ab]c",
    "a",
    "ab?c",
    r"b\w*",
    "(?:a|)b",
    "c(?=a)",
    "(?:a(?:b|c))?b",
    "[]a]b",
    r"a\|b|c",
    r"(?:x|[(|])a",
    "(?:a|b) (?:\\w+ ){0,2}c",
    "ca|cab|c",
    "(?!a)b",
    "a{2}b",
    "[c(]+a",  # leading classes: leaves starting outside one are moved ahead of it
    r"\s(?:a|c)",
    r"\S?c",
    "[^b]b",
    "(?:x|[ab])+c",
    r"\bab",  # leading anchors, written as look-backs
    r"\b(?:a|c)b",
    r"\b(?:x )?a",
    "^ab",
    "^(?:a )?c",
    r"\b a",
    r"\b(?:ab)*c",
)
ALPHABET = "abc x|("


def _plain(patterns: list[str], before: str, after: str) -> re.Pattern[str]:
    return re.compile(before + "(?:" + "|".join(f"({p})" for p in patterns) + ")" + after)


def _texts() -> list[str]:
    return ["".join(t) for n in range(1, 6) for t in itertools.product(ALPHABET, repeat=n)]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(("before", "after"), [(r"\b", r"\b"), (r"(?<!\w)", r"(?!\w)"), ("", "")])
def test_same_matches_as_the_plain_alternation(seed: int, before: str, after: str) -> None:
    patterns = list(PATTERNS)
    random.Random(seed).shuffle(patterns)  # order decides which pattern wins at a place
    plain = _plain(patterns, before, after)
    fast = compile_alternation(patterns, before, after)
    for text in _texts():
        expected = [(m.span(), m.lastindex) for m in plain.finditer(text)]
        got = [(m.span(), fast.index(m) + 1) for m in fast.regex.finditer(text)]
        assert got == expected, text
        assert fast.regex.sub("_", text) == plain.sub("_", text)


def test_capturing_groups_are_refused() -> None:
    with pytest.raises(ValueError, match="capturing group"):
        compile_alternation(["a(b)"], "", "")


def _assert_matches_as_written(patterns: list[str]) -> None:
    """The compiled alternation finds the spans and alternatives the plain one does."""
    plain = _plain(patterns, "", "")
    fast = compile_alternation(patterns, "", "")
    for text in _texts():
        expected = [(m.span(), m.lastindex) for m in plain.finditer(text)]
        assert [(m.span(), fast.index(m) + 1) for m in fast.regex.finditer(text)] == expected


@pytest.mark.parametrize(
    "patterns",
    [
        ["[c(]+a", "ca", "xa", "c(?:a|c)"],
        [r"\s(?:a|c)", " c", "ab", "x"],
        ["[^b]b", "ab", "bb", "cb"],
        [r"\S?c", "xc", "c"],
        ["ca", "[c(]+a", "ab", r"\sa", "cca", " a"],
    ],
)
def test_leaves_move_ahead_of_a_leading_class_only_when_it_cannot_match_there(
    patterns: list[str],
) -> None:
    _assert_matches_as_written(patterns)


@pytest.mark.parametrize(
    "patterns",
    [["^ab", "b"], ["^(?:a )?c", "x"], [r"\b(?:a|c)b", "b"], ["x", r"\b(?:a )?b", "^b"]],
)
def test_leading_anchors_written_as_look_backs_match_where_the_anchors_do(
    patterns: list[str],
) -> None:
    _assert_matches_as_written(patterns)
