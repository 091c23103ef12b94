"""Free-text safety screen: does a child's message need a person to follow it up?

Rule-based on purpose: sentiment scores miss "he hits me", and a safeguarding lead must be able
to see why a message was flagged. Pure and fast (no I/O, regexes compiled at import).
Policy: recall over precision - a missed concern hurts a child, a false alarm costs a minute.
The phrase lists live in analysis.text.safety_rules; SAFETY_VERSION fingerprints them and this code.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from typing import Literal

from analysis.text import alternation
from analysis.text import normalise as normalisation
from analysis.text import safety_rules as rules
from analysis.text.alternation import Alternation, compile_alternation
from analysis.text.fingerprint import fingerprint, module_data, source
from analysis.text.normalise import fold_disguises

__all__ = [
    "CATEGORIES",
    "SAFETY_VERSION",
    "SafetyFinding",
    "Urgency",
    "covers",
    "normalise",
    "rules_version",
    "screen_text",
]

Urgency = Literal["urgent", "high", "none"]

# Most urgent first: when several categories match, the first one here is reported.
CATEGORIES: tuple[str, ...] = (
    "self_harm_suicide",
    "hurt_abuse",
    "exploitation_grooming",
    "missing_runaway",
    "unsafe_scared",
    "urgent_contact",
    "bullying",
    "worry",
)
_RANK = {c: i for i, c in enumerate(CATEGORIES)}
_URGENCY: dict[str, Urgency] = {
    c: ("urgent" if rules.URGENCY[c] == "urgent" else "high") for c in CATEGORIES
}


@dataclass(frozen=True)
class SafetyFinding:
    """The screen's verdict on one message; `matched` shows a person why."""

    flag: bool
    category: str | None
    urgency: Urgency
    matched: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form for storage and alerts."""
        return {
            "flag": self.flag,
            "category": self.category,
            "urgency": self.urgency,
            "matched": list(self.matched),
        }


_NOT_FLAGGED = SafetyFinding(flag=False, category=None, urgency="none", matched=())

# --- normalisation -------------------------------------------------------------------------
# Characters that hide inside words to dodge filters or arrive by copy-paste: zero-width,
# bidi controls (incl. the RTL override), soft hyphen; Arabic diacritics and tatweel; hamza.
_DELETE = (
    *(0x00AD, 0x034F, 0x061C, 0x0640, 0x0670, 0x0621, 0x180E, 0xFEFF),
    *range(0x200B, 0x2010),
    *range(0x202A, 0x202F),
    *range(0x2060, 0x2070),
    *range(0x064B, 0x0660),
    *range(0x06D6, 0x06EE),
)
_LETTERS: dict[int, str | None] = {cp: None for cp in _DELETE}
_LETTERS.update({ord(c): "ا" for c in "أإآٱ"})
_LETTERS.update({ord("ة"): "ه", ord("ى"): "ي", ord("ئ"): "ي", ord("ؤ"): "و"})
_LETTERS.update({ord("ی"): "ي", ord("ک"): "ك"})
_LETTERS.update({0x0660 + d: str(d) for d in range(10)})  # Arabic-Indic digits
_LETTERS.update({0x06F0 + d: str(d) for d in range(10)})
# Text only: apostrophes vanish ("don't" -> "dont"); clause breaks become "." so a phrase
# never spans two sentences ("no. im scared" is not "no im scared").
_TEXT = dict(_LETTERS)
_TEXT.update({ord(c): None for c in "'’‘ʼ`´ʹ′"})
_TEXT.update({ord(c): "." for c in ".!?;:,\n\r\u2029\u2028،؛؟"})
_TEXT[ord("_")] = " "

_NON_WORD = re.compile(r"[^\w.]+")
_RUNS = re.compile(r"([^\W\d_])\1+")  # "sooo scaaared" -> "so scared"; "feel" -> "fel"
_RUN_OR_CHAR = re.compile(r"([^\W\d_])\1*|.", re.DOTALL)
_PATTERN_RUNS = re.compile(r"(?<!\\)([^\W\d_])\1+")


def _stage(text: str) -> str:
    """Readable normal form: NFKC, disguises undone (lookalike letters, tag characters, leetspeak
    inside words), lower case, no hidden characters, single spaces."""
    text = fold_disguises(unicodedata.normalize("NFKC", text)).lower().translate(_TEXT)
    return _NON_WORD.sub(" ", text).strip()


def normalise(text: str) -> str:
    """The form rules match against: _stage() with repeated letters collapsed."""
    return _RUNS.sub(r"\1", _stage(text))


def _normalise_term(term: str) -> str:
    """Bring a rule through the same letter changes as the text, leaving regex syntax alone."""
    term = unicodedata.normalize("NFKC", term).lower().translate(_LETTERS)
    return _PATTERN_RUNS.sub(r"\1", term)


# --- compiling the rules -------------------------------------------------------------------
_GAP = r" (?:\w+ ){0,3}"
_ARABIC_CLITICS = "|".join(_normalise_term(c) for c in rules.ARABIC_CLITICS)


def _body(pattern: str) -> str:
    body = _normalise_term(pattern).replace(" ~ ", _GAP).replace("%", r"\w*")
    return re.sub(r"\((?!\?)", "(?:", body)  # groups only group; nothing is captured


def _bounded(patterns: list[str], lang: str) -> Alternation:
    # Word boundaries once around the whole alternation, not per phrase: the engine then
    # gives up inside words after one look-behind. The alternation itself is a prefix tree, so
    # at a word start only the rules that begin with its letters are tried.
    lead = f"(?:{_ARABIC_CLITICS})?" if lang == "ar" else ""
    return compile_alternation([_body(p) for p in patterns], rf"(?<!\w){lead}", r"(?!\w)")


def _compile_concerns(lang: str) -> tuple[Alternation, tuple[str, ...]]:
    """All of a language's concern rules in one alternation, and each rule's category.

    Rules are in CATEGORIES order, so where rules of two categories match at the same place
    the more urgent category is the one reported."""
    by_category = rules.CONCERNS[lang]
    ordered = [(cat, p) for cat in CATEGORIES for p in by_category.get(cat, ())]
    return _bounded([p for _, p in ordered], lang), tuple(cat for cat, _ in ordered)


def _alternation(terms: tuple[str, ...]) -> str:
    return "|".join(_normalise_term(t) for t in sorted(terms, key=len, reverse=True))


_CONCERNS = {lang: _compile_concerns(lang) for lang in rules.CONCERNS}
_HARMLESS = {lang: _bounded(list(pats), lang) for lang, pats in rules.HARMLESS.items()}
# A negator, then only filler words, right before the concern ("dont really feel scared").
_NEGATED_BEFORE = re.compile(
    rf"(?<!\w)(?:{_alternation(rules.NEGATORS)})"
    rf"(?: (?:{_alternation(rules.NEGATION_FILLERS)})){{0,3}} $"
)
_UNDONE_AFTER = re.compile(rf"(?<!\w)(?:{_alternation(rules.POST_NEGATIONS)})(?!\w)")
_SCRIPTS = {"en": re.compile(r"[a-z]"), "ar": re.compile(r"[\u0620-\u064a]")}


# --- screening -----------------------------------------------------------------------------
def _negated(text: str, start: int, end: int, category: str) -> bool:
    if _NEGATED_BEFORE.search(text, max(0, start - 80), start):
        return True
    if category in rules.POST_NEGATABLE:
        stop = text.find(".", end)
        stop = min(end + 40, len(text) if stop < 0 else stop)
        return _UNDONE_AFTER.search(text, end, stop) is not None
    return False


def screen_text(text: str, lang: str = "en") -> SafetyFinding:
    """Screen one message. Every shipped language's rules run when its script is present
    (children mix languages), so `lang` only matters once a language needs its own script."""
    stage = _stage(text)
    if not stage:
        return _NOT_FLAGGED
    norm = _RUNS.sub(r"\1", stage)
    langs = [code for code, script in _SCRIPTS.items() if script.search(norm)]
    hits: list[tuple[int, int, str]] = []
    for code in langs:
        concerns, categories = _CONCERNS[code]
        for m in concerns.regex.finditer(norm):
            category = categories[concerns.index(m)]
            if not _negated(norm, m.start(), m.end(), category):
                hits.append((m.start(), m.end(), category))
    if not hits:
        return _NOT_FLAGGED
    harmless = [m.span() for code in langs for m in _HARMLESS[code].regex.finditer(norm)]
    hits = [h for h in hits if not any(a < h[1] and h[0] < b for a, b in harmless)]
    if not hits:
        return _NOT_FLAGGED
    category = min((h[2] for h in hits), key=_RANK.__getitem__)
    # Map spans in the collapsed text back to the readable form for the person who follows up.
    starts = [m.start() for m in _RUN_OR_CHAR.finditer(stage)] + [len(stage)]
    matched = tuple(dict.fromkeys(stage[starts[a] : starts[b]] for a, b, _ in sorted(hits)))
    return SafetyFinding(flag=True, category=category, urgency=_URGENCY[category], matched=matched)


def covers(language: str) -> bool:
    """Whether the screen has terms for a language (its words can be screened at all)."""
    return language in rules.CONCERNS


def rules_version() -> str:
    """The version the rules as loaded and this code give: "safety-" and their fingerprint."""
    code = (source(sys.modules[__name__]), source(alternation), source(normalisation))
    return f"safety-{fingerprint(module_data(rules), *code)}"


SAFETY_VERSION = rules_version()
