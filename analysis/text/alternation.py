"""Long ordered alternations of phrase patterns, compiled as a prefix tree so they stay fast.

Python's regex engine tries the alternatives of ``a|b|c|...`` one after another at every place
it looks, and skips one cheaply only when the alternative starts with a plain character. The
sentiment cues, theme rules and safety rules are hundreds of alternatives, most starting with a
group ("(want|wants|wanted) to die"), so each word of a comment cost hundreds of steps and these
regexes were most of the analysis time.

``compile_alternation`` opens leading groups ("want to die|wants to die|wanted to die") and
merges alternatives that start with the same characters ("want(?: to die|s to die|ed to die)"),
so the engine follows one branch per letter. It keeps the order of every two alternatives that
could match at the same place, so it finds exactly the matches of the plain alternation: same
start, same end, same pattern. Alternatives that start with different characters cannot match
at the same place, so their order does not matter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

__all__ = ["Alternation", "alternatives", "compile_alternation"]

# Outside a character class these never stand for themselves (no VERBOSE flag is used).
_SPECIAL = frozenset("\\()[]{}|?*+.^$")
_QUANTIFIERS = frozenset("?*+{")
_CLASS_ESCAPES = (r"\d", r"\D", r"\w", r"\W", r"\s", r"\S")


@dataclass(frozen=True)
class Alternation:
    """A compiled alternation and, for each of its groups, the pattern that group closes."""

    regex: re.Pattern[str]
    owners: tuple[int, ...]

    def index(self, match: re.Match[str]) -> int:
        """Position in the patterns given to compile_alternation of the one that matched."""
        assert match.lastindex is not None  # every alternative ends with its group
        return self.owners[match.lastindex - 1]


def compile_alternation(patterns: Sequence[str], before: str, after: str) -> Alternation:
    """Compile ``before(?:p0|p1|...)after``; ``index(match)`` says which pattern matched.

    Patterns must not capture (use ``(?:...)``): each alternative gets an empty group at its
    end instead, whose number names the pattern.
    """
    leaves = [
        (*_literal_prefix(opened), k)
        for k, pattern in enumerate(patterns)
        for alternative in alternatives(pattern)
        for opened in _open_leading_groups(alternative)
    ]
    owners: list[int] = []
    body = _merge(leaves, owners)
    regex = re.compile(f"{before}(?:{body}){after}")
    if regex.groups != len(owners):
        raise ValueError("a pattern has a capturing group; write (?:...) instead")
    return Alternation(regex, tuple(owners))


# --- reading pattern text ----------------------------------------------------------------------
def _class_end(pattern: str, i: int) -> int:
    """Index just past the character class that opens at ``pattern[i] == "["``."""
    j = i + 1
    if pattern[j : j + 1] == "^":
        j += 1
    if pattern[j : j + 1] == "]":  # a leading "]" is a member, not the end
        j += 1
    while pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j + 1


def _atoms(pattern: str) -> list[tuple[int, int]]:
    """(start, depth after it) for each character, escape or class, skipping their insides."""
    out: list[tuple[int, int]] = []
    depth = 0
    i = 0
    while i < len(pattern):
        c = pattern[i]
        depth += c == "("
        depth -= c == ")"
        out.append((i, depth))
        i = _class_end(pattern, i) if c == "[" else i + (2 if c == "\\" else 1)
    return out


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of ``pattern``."""
    cuts = [i for i, depth in _atoms(pattern) if depth == 0 and pattern[i] == "|"]
    return [pattern[a + 1 : b] for a, b in pairwise([-1, *cuts, len(pattern)])]


def _group_end(pattern: str) -> int:
    """Index just past the group that opens at ``pattern[0]``."""
    return next(i for i, depth in _atoms(pattern) if depth == 0) + 1


# --- opening groups and sharing prefixes -------------------------------------------------------
def _open_leading_groups(alternative: str) -> list[str]:
    """``(?:a|b)rest`` -> ``[arest, brest]`` and ``(?:a)?rest`` -> ``[arest, rest]``, repeated
    while an alternative starts with such a group, after a leading anchor ("\\b", "^") if any.
    Same matches, tried in the same order."""
    anchor = _anchor(alternative)
    body = alternative[len(anchor) :]
    if not body.startswith("(?:"):
        return [alternative]
    end = _group_end(body)
    inner, rest = body[3 : end - 1], body[end:]
    if rest[:1] == "?" and rest[1:2] not in ("?", "+"):  # greedy optional: with it, then without
        rest = rest[1:]
        options = [*alternatives(inner), ""]
    elif rest[:1] in _QUANTIFIERS:
        return [alternative]  # repeated, lazy or possessive: left as it is
    else:
        options = alternatives(inner)
    return [anchor + opened for option in options for opened in _open_leading_groups(option + rest)]


def _anchor(alternative: str) -> str:
    """The word boundary ("\\b") or start ("^") the alternative begins with, or ""."""
    return next((a for a in (r"\b", "^") if alternative.startswith(a)), "")


def _literal_prefix(alternative: str) -> tuple[str, str]:
    """Split off the leading characters that match only themselves, whatever follows.

    A leading "\\b" before a word character, or "^", is written as a look back after them
    ("\\bas " -> "as " and "(?<!\\w(?s:.){3})as the rest"), so that such alternatives share
    prefixes too and the engine can skip in C to where one starts."""
    anchor = _anchor(alternative)
    i = len(anchor)
    while (
        i < len(alternative)
        and alternative[i] not in _SPECIAL
        and alternative[i + 1 : i + 2] not in _QUANTIFIERS
    ):
        i += 1
    prefix, rest = alternative[len(anchor) : i], alternative[i:]
    if not anchor:
        return prefix, rest
    if not prefix or (anchor == r"\b" and not (prefix[0].isalnum() or prefix[0] == "_")):
        return "", alternative
    if anchor == "^":
        return prefix, f"(?<!(?s:.){{{len(prefix) + 1}}}){rest}"
    return prefix, f"(?<!\\w(?s:.){{{len(prefix)}}}){rest}"


def _merge(leaves: list[tuple[str, str, int]], owners: list[int]) -> str:
    """One alternation of (literal prefix, rest, owner) leaves, merged on their first letters.

    A leaf with no literal prefix could match anything, so no leaf is moved across it, unless it
    starts with a class of characters ("\\d+ workers", "[ab]c"): then the leaves after it that
    start with a character outside the class are moved ahead of it, into their letters' groups.
    ``owners`` gets each leaf's owner in the order of the groups written.
    """
    parts: list[str] = []
    i = 0
    while i < len(leaves):
        by_letter: dict[str, list[tuple[str, str, int]]] = {}
        held: list[tuple[str, str, int]] = []  # class-led leaves, written after the groups
        j = i
        while j < len(leaves):
            prefix, rest, owner = leaves[j]
            if prefix:
                if any(re.fullmatch(_leading_class(r), prefix[0]) for _, r, _ in held):
                    break  # both could match at one place: keep the order
                by_letter.setdefault(prefix[0], []).append((prefix[1:], rest, owner))
            elif _leading_class(rest):
                held.append(leaves[j])
            elif j == i:
                parts.append(f"{rest}()")
                owners.append(owner)
                j += 1
                break
            else:
                break
            j += 1
        for letter, followers in by_letter.items():
            parts.append(f"{letter}(?:{_merge(followers, owners)})")
        for _, rest, owner in held:
            parts.append(f"{rest}()")
            owners.append(owner)
        i = j
    return "|".join(parts)


def _leading_class(rest: str) -> str:
    """The class of characters ("[ab]", "\\d") that every match of `rest` starts with, or ""."""
    if not rest.startswith(("[", *_CLASS_ESCAPES)):
        return ""
    end = _class_end(rest, 0) if rest[0] == "[" else 2
    return "" if rest[end : end + 1] in ("?", "*", "{") else rest[:end]
