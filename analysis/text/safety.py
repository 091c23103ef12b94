"""Free-text safety screen: does a child's message need a person to follow it up?

Phrase rules and a learned model side by side. The rules (analysis.text.safety_rules, full for
English and Arabic; urgent words only for the other form languages, safety_urgent_words) say
exactly which words matched. The model (a linear model over word and character n-grams trained
by `python -m training.train_safety`, shipped as models/safety.json.gz) finds concerns worded in
ways no rule lists. A message alerts when a rule matches or the model's score reaches its
threshold (chosen by cross-validation on the training data for recall). The model never
overrules a rule: tried, it took "i feel suicidal" for no concern. Worries said to be over
("I used to ... but I'm fine now") are learned as no concern by the model; the rules' own
negations cover some. A safeguarding lead always sees why: the matched phrases, or for a
model-only alert "model: " and its strongest words.
Policy: recall over precision - a missed concern hurts a child, a false alarm costs a minute.
Pure and fast (no I/O after import). SAFETY_VERSION fingerprints rules, code and model files.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal, NamedTuple

from analysis.text import alternation, linear_model
from analysis.text import normalise as normalisation
from analysis.text import safety_rules as rules
from analysis.text import safety_urgent_words as urgent
from analysis.text.alternation import Alternation, compile_alternation
from analysis.text.fingerprint import fingerprint, module_data, source
from analysis.text.normalise import base_language, fold_disguises

__all__ = [
    "CATEGORIES",
    "SAFETY_VERSION",
    "THRESHOLD",
    "RuleVerdict",
    "SafetyFinding",
    "Urgency",
    "covers",
    "mark_negation",
    "model_score",
    "model_text",
    "normalise",
    "rule_verdict",
    "rules_finding",
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
    told_as_over: bool = False
    """No alert because the worry is told as over; `matched` says what would have alerted, and
    the reading queue marks the message "told as over: check" so a person reads it first."""

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form for storage and alerts ("told_as_over" only when it is so)."""
        found: dict[str, object] = {
            "flag": self.flag,
            "category": self.category,
            "urgency": self.urgency,
            "matched": list(self.matched),
        }
        if self.told_as_over:
            found["told_as_over"] = True
        return found


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
# Farsi, Dari, Pashto and Sorani letters typed in more than one way (or only in some of them)
_LETTERS.update({ord(c): "ه" for c in "ەھہۀ"})
_LETTERS.update({ord(c): "ي" for c in "ېۍێےۓ"})
_LETTERS.update({ord("ګ"): "گ", ord("ۆ"): "و", ord("ۇ"): "و"})
# Ethiopic rows that sound alike in Amharic and are written either way: ሐ and ኀ as ሀ, ሠ as ሰ,
# ዐ as አ, ፀ as ጸ (every vowel order of the row)
for _row, _as in ((0x1210, 0x1200), (0x1280, 0x1200), (0x1220, 0x1230), (0x12D0, 0x12A0)):
    _LETTERS.update({_row + i: chr(_as + i) for i in range(8)})
_LETTERS.update({0x1340 + i: chr(0x1338 + i) for i in range(7)})
_LETTERS.update({0x0660 + d: str(d) for d in range(10)})  # Arabic-Indic digits
_LETTERS.update({0x06F0 + d: str(d) for d in range(10)})
# Text only: apostrophes vanish ("don't" -> "dont"); clause breaks become "." so a phrase
# never spans two sentences ("no. im scared" is not "no im scared").
_TEXT = dict(_LETTERS)
_TEXT.update({ord(c): None for c in "'’‘ʼ`´ʹ′"})
_TEXT.update({ord(c): "." for c in ".!?;:,\n\r\u2029\u2028،؛؟።፧፨"})
_TEXT[ord("_")] = " "

# Runs of other characters become one space: only those that are not one already (a single
# space stays as it is), and beginning with a class, so the engine skips to them in C.
_NON_WORD = re.compile(r"[^\w.](?:[^\w.]+|(?<! ))")
_DOUBLED = re.compile(r"([^\W\d_])\1")
_LETTER_RUN = re.compile(r"([^\W\d_])\1+")
_PATTERN_RUNS = re.compile(r"(?<!\\)([^\W\d_])\1+")


def _ascii_stage_table() -> tuple[bytes, bytes]:
    """What _stage() does to each ASCII character, as a bytes.translate table and the bytes it
    deletes: lower() then _TEXT, and a space for every character _NON_WORD replaces by one."""
    table = bytearray(range(256))
    deleted = bytearray()
    for code in range(128):
        out = chr(code).lower().translate(_TEXT)
        if not out:
            deleted.append(code)
        else:
            table[code] = ord(out if re.fullmatch(r"[\w.]", out) else " ")
    return bytes(table), bytes(deleted)


_ASCII_TABLE, _ASCII_DELETED = _ascii_stage_table()


def _stage(text: str) -> str:
    """Readable normal form: NFKC, disguises undone (lookalike letters, tag characters, leetspeak
    inside words), lower case, no hidden characters, single spaces."""
    text = fold_disguises(unicodedata.normalize("NFKC", text))
    return _ascii_stage(text) if text.isascii() else _unicode_stage(text)


def _unicode_stage(text: str) -> str:
    """_stage() after the disguises are undone: lower case, _TEXT, runs of other characters as
    one space."""
    return _NON_WORD.sub(" ", text.lower().translate(_TEXT)).strip()


def _ascii_stage(text: str) -> str:
    """_unicode_stage() of ASCII text (most messages), in one C pass per step instead of a dict
    look-up per character (str.translate's fast path stops at the first apostrophe)."""
    folded = text.encode("ascii").translate(_ASCII_TABLE, _ASCII_DELETED).decode("ascii")
    return " ".join(folded.split())


def _collapse_word(text: str) -> str:
    """Each run of one letter as that letter ("sooo scaaared" -> "so scared"; "feel" -> "fel"),
    without a Python call per run (as a regex template costs): each doubled letter, replaced by
    one until none is left."""
    for letter in dict.fromkeys(_DOUBLED.findall(text)):
        double = letter + letter
        while double in text:
            text = text.replace(double, letter)
    return text


class _CollapsedWords(dict[str, str]):
    """word -> _collapse_word(word), filled as words are met: most words of a message were in
    earlier ones, and a look-up costs less than the regex search for doubled letters."""

    def __missing__(self, word: str) -> str:
        if len(self) >= _COLLAPSED_WORDS:
            self.clear()
        self[word] = collapsed = _collapse_word(word)
        return collapsed


_COLLAPSED_WORDS = 1 << 16
_COLLAPSED = _CollapsedWords()


def _collapse(text: str) -> str:
    """_collapse_word() of each word (a run of one letter never spans a space)."""
    return " ".join(map(_COLLAPSED.__getitem__, text.split(" ")))


def normalise(text: str) -> str:
    """The form rules match against: _stage() with repeated letters collapsed."""
    return _collapse(_stage(text))


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
    """The rules as one prefix tree (at a word start only the rules that begin with its letters
    are tried), searched in _padded() text: a rule starts at a word start, and in normalised
    text (word characters, spaces and dots) that is just after a space or dot. Written as a
    class the pattern begins with, not as a look-behind, the engine skips in C from one space
    or dot to the next instead of trying the look-behind at every letter."""
    lead = f"(?:{_ARABIC_CLITICS})?" if lang == "ar" else ""
    bodies = [_from_start(_body(p)) for p in patterns]
    return compile_alternation(bodies, rf"[ .]{lead}", r"(?!\w)")


def _from_start(body: str) -> str:
    """A rule's leading "^" (the message starts with it) as _padded() text has it: after the
    padding space at the start."""
    if "^" in body[1:].replace("[^", ""):
        raise ValueError(f"a rule has a '^' that does not lead: {body!r}")
    return "(?<=^ )" + body[1:] if body.startswith("^") else body


def _padded(norm: str) -> str:
    """normalise()d text as _bounded() rules are searched in: a match there starts where the
    rule's match starts in `norm` and ends one character later (the space or dot before it)."""
    return " " + norm


def _compile_concerns(
    lang: str, by_category: dict[str, tuple[str, ...]]
) -> tuple[Alternation, tuple[str, ...]]:
    """All of a language's concern rules in one alternation, and each rule's category.

    Rules are in CATEGORIES order, so where rules of two categories match at the same place
    the more urgent category is the one reported."""
    ordered = [(cat, p) for cat in CATEGORIES for p in by_category.get(cat, ())]
    return _bounded([p for _, p in ordered], lang), tuple(cat for cat, _ in ordered)


def _alternation(terms: tuple[str, ...]) -> str:
    return "|".join(_normalise_term(t) for t in sorted(terms, key=len, reverse=True))


_CONCERNS = {lang: _compile_concerns(lang, rules.CONCERNS[lang]) for lang in rules.CONCERNS}
_CONCERNS.update(
    {lang: _compile_concerns(lang, words) for lang, words in urgent.URGENT_WORDS.items()}
)
_HARMLESS = {lang: _bounded(list(pats), lang) for lang, pats in rules.HARMLESS.items()}
# A negator, then only filler words, right before the concern ("dont really feel scared").
_NEGATED_BEFORE = re.compile(
    rf"(?<!\w)(?:{_alternation(rules.NEGATORS)})"
    rf"(?: (?:{_alternation(rules.NEGATION_FILLERS)})){{0,3}} $"
)
_UNDONE_AFTER = re.compile(rf"(?<!\w)(?:{_alternation(rules.POST_NEGATIONS)})(?!\w)")
# Saying a worry ended says when it was too (RESOLVED_ENDED): one prefix tree, one pass.
_RESOLVED_PAST = _bounded(list(rules.RESOLVED_PAST + rules.RESOLVED_ENDED), "en").regex


@cache
def _resolved_now() -> re.Pattern[str]:
    """RESOLVED_NOW and RESOLVED_ENDED, searched only in messages with a RESOLVED_PAST phrase: a
    prefix tree (a plain alternation tries every phrase at every word, 5 times slower here), compiled
    when first needed, as it takes 0.07 s and start-up counts for every worker."""
    return _bounded(list(rules.RESOLVED_NOW + rules.RESOLVED_ENDED), "en").regex


@cache
def _still_happening() -> re.Pattern[str]:
    """STILL_HAPPENING as _resolved_now(), for the same reasons (0.14 s to compile)."""
    return _bounded(list(rules.STILL_HAPPENING), "en").regex


_SCRIPT_RX = {
    "latin": re.compile(r"[a-z\u00c0-\u024f\u1e00-\u1eff]"),
    "arabic": re.compile(r"[\u0620-\u06ff]"),
    "ethiopic": re.compile(r"[\u1200-\u137f]"),
}
# Each language's rules run when its script is in the text (children mix languages).
_SCRIPTS = {
    "en": _SCRIPT_RX["latin"],
    "ar": re.compile(r"[\u0620-\u064a]"),
    **{lang: _SCRIPT_RX[script] for lang, script in urgent.SCRIPT_OF.items()},
}


# Each script's urgent-word lists in one prefix tree: most messages match none, and one search
# costs about what one language's does; where it matches, each language's own tree finds its hits.
_ANY_URGENT_WORD = {
    _SCRIPT_RX[script]: _bounded(
        [
            pattern
            for code in urgent.URGENT_WORDS
            if urgent.SCRIPT_OF[code] == script
            for patterns in urgent.URGENT_WORDS[code].values()
            for pattern in patterns
        ],
        "",
    ).regex
    for script in dict.fromkeys(urgent.SCRIPT_OF.values())
}
_SCRIPT_PATTERNS = tuple(dict.fromkeys(_SCRIPTS.values()))  # languages share them: each once
# Most messages are ASCII: then only the scripts with an ASCII letter need a search.
_ASCII_SCRIPTS = tuple(p for p in _SCRIPT_PATTERNS if any(p.match(chr(c)) for c in range(128)))


# --- screening -----------------------------------------------------------------------------
def _negated(text: str, start: int, end: int, category: str) -> bool:
    if _NEGATED_BEFORE.search(text, max(0, start - 80), start):
        return True
    if category in rules.POST_NEGATABLE:
        stop = text.find(".", end)
        stop = min(end + 40, len(text) if stop < 0 else stop)
        return _UNDONE_AFTER.search(text, end, stop) is not None
    return False


_MODEL_NEGATORS = frozenset(
    [
        "not",
        "no",
        "never",
        "nobody",
        "none",
        "nothing",
        "without",
        "dont",
        "didnt",
        "doesnt",
        "isnt",
        "wasnt",
        "arent",
        "werent",
        "cant",
        "wont",
        "wouldnt",
        "havent",
        "hasnt",
        "aint",
    ]
)
_NEGATED_SPAN = 3


def model_text(text: str) -> str:
    """The form the model reads (and was trained on): normalise()d, disguises undone, and the
    three words after a negator marked ("nobody not_hits not_me"), so the model can tell "he
    hits me" from "nobody hits me" (chosen by cross-validation over no marking)."""
    return mark_negation(normalise(text))


def mark_negation(norm: str) -> str:
    """model_text() of text already normalise()d (as RuleVerdict.after_over is)."""
    words = norm.split(" ")
    left = 0
    for i, word in enumerate(words):
        if "." in word:  # a clause break ends the negation
            left = 0
        elif left:
            words[i] = "not_" + word
            left -= 1
        if word in _MODEL_NEGATORS:
            left = _NEGATED_SPAN
    return " ".join(words)


# The account of a worry told as over ends at the clause break or joining word after "it is
# over": "im safe now and my new carer hits me" is a new worry, "i stopped cutting" is not.
_ACCOUNT_ENDS = re.compile(
    r"\.|(?<!\w)(?:and|but|so|then|because|cos|coz|cuz|bc|though|tho|although|except|plus"
    r"|also|however|now|til|until|till|when|wen|if|even)(?!\w)"
)


def _told_as_over(norm: str, padded: str, first_concern: int | None) -> int | None:
    """Where the account of a worry told as over ends, or None when the message does not tell
    one: it says when it was (safety_rules.RESOLVED_PAST, or that it ended: RESOLVED_ENDED),
    then - after the first concern the rules found, if any - that it is over (RESOLVED_NOW,
    which holds the endings too), and nothing says it goes on or the child is unsafe now
    (STILL_HAPPENING). The account runs to the clause break or joining word after the last
    "it is over"; what follows is screened on its own, so a new worry there alerts."""
    # the prefix trees first: most messages say nothing of when
    past = _RESOLVED_PAST.search(padded)
    if past is None:
        return None
    over_end = None
    for found in _resolved_now().finditer(padded, first_concern or 0):
        over_end = found.end() - 1
    # STILL_HAPPENING last, as its tree costs the most and most of these say nothing is over
    if over_end is None or over_end <= past.start() or _still_happening().search(padded):
        return None
    stop = _ACCOUNT_ENDS.search(norm, over_end)
    return len(norm) if stop is None else stop.start()


class RuleVerdict(NamedTuple):
    """What the rules found, and what the model is to read.

    `holds_model_back`: in a short message (at most SHORT_MESSAGE_WORDS words) whose concern
    phrases the rules all saw denied or harmless ("I am not unsafe", "he beat me at fifa") the
    phrase is the message, so the model is not asked. Chosen by cross-validation: it removed
    false alerts there and missed no concern.
    `after_over`: in a message that tells a worry as over (_told_as_over), the normalised text
    after that account - the model reads only this, and alerts only on a worry there - else None.
    """

    finding: SafetyFinding
    holds_model_back: bool
    after_over: str | None = None


SHORT_MESSAGE_WORDS = 12


@cache
def _languages(present: tuple[re.Pattern[str], ...]) -> tuple[str, ...]:
    """The languages whose script is among `present`, in _SCRIPTS order: a message has one of a
    few sets of scripts, so a cache look-up stands in for a pass over every language each time."""
    return tuple(code for code, script in _SCRIPTS.items() if script in present)


def _rule_hits(stage: str, norm: str) -> RuleVerdict:
    scripts = _ASCII_SCRIPTS if norm.isascii() else _SCRIPT_PATTERNS
    present = tuple([script for script in scripts if script.search(norm) is not None])
    hits: list[tuple[int, int, str]] = []
    matched_any = False
    padded = _padded(norm)
    urgent_here = [
        s for s in present if s in _ANY_URGENT_WORD and _ANY_URGENT_WORD[s].search(padded)
    ]
    langs = _languages(present)
    for code in langs:
        if code in urgent.URGENT_WORDS and _SCRIPTS[code] not in urgent_here:
            continue  # none of the script's urgent words is in the message
        concerns, categories = _CONCERNS[code]
        for m in concerns.regex.finditer(padded):
            matched_any = True
            category = categories[concerns.index(m)]
            start, end = m.start(), m.end() - 1
            if not _negated(norm, start, end, category):
                hits.append((start, end, category))
    if hits:
        harmless = [
            (m.start(), m.end() - 1)
            for code in langs
            if code in _HARMLESS
            for m in _HARMLESS[code].regex.finditer(padded)
        ]
        hits = [h for h in hits if not any(a < h[1] and h[0] < b for a, b in harmless)]
    account_end = _told_as_over(norm, padded, min(h[0] for h in hits) if hits else None)
    if account_end is not None:
        after = [h for h in hits if h[0] >= account_end]
        if after:  # a new worry after the one told as over
            return RuleVerdict(_finding(stage, after), holds_model_back=False)
        told = _finding(stage, hits, told_as_over=True) if hits else _NOT_FLAGGED
        return RuleVerdict(told, holds_model_back=False, after_over=norm[account_end:])
    if not hits:
        short = norm.count(" ") < SHORT_MESSAGE_WORDS
        return RuleVerdict(_NOT_FLAGGED, holds_model_back=matched_any and short)
    return RuleVerdict(_finding(stage, hits), holds_model_back=False)


def _told_as_over_finding(matched: tuple[str, ...]) -> SafetyFinding:
    """No alert, for a worry told as over: what would have alerted (`matched`) is kept for the
    person who reads it in the queue."""
    return SafetyFinding(False, None, "none", matched, told_as_over=True)


def _finding(
    stage: str, hits: list[tuple[int, int, str]], *, told_as_over: bool = False
) -> SafetyFinding:
    """The rules' finding from their hits: the most urgent category, the phrases as written."""
    category = min((h[2] for h in hits), key=_RANK.__getitem__)
    # Map spans in the collapsed text back to the readable form for the person who follows up.
    starts = _unit_starts(stage)
    matched = tuple(dict.fromkeys(stage[starts[a] : starts[b]] for a, b, _ in sorted(hits)))
    if told_as_over:
        return _told_as_over_finding(matched)
    return SafetyFinding(flag=True, category=category, urgency=_URGENCY[category], matched=matched)


def _unit_starts(stage: str) -> list[int]:
    """Where each character of _collapse(stage) starts in `stage`, then len(stage): every index
    but those inside a run of one letter (the run is one character once collapsed). Found from
    the runs, which are few, instead of a regex match per character (a tenth of the cost)."""
    starts: list[int] = []
    after = 0
    for run in _LETTER_RUN.finditer(stage):
        starts += range(after, run.start() + 1)
        after = run.end()
    starts += range(after, len(stage) + 1)
    return starts


def rule_verdict(text: str) -> RuleVerdict:
    """The phrase rules and urgent words alone (no model), for benchmarks and training. Every
    language's rules run when its script is present (children mix languages)."""
    stage = _stage(text)
    if not stage:
        return RuleVerdict(_NOT_FLAGGED, holds_model_back=False)
    return _rule_hits(stage, _collapse(stage))


def rules_finding(text: str, lang: str = "en") -> SafetyFinding:
    """What the rules alone find; `lang` as screen_text's (every script's rules run anyway)."""
    return rule_verdict(text).finding


# --- the model -----------------------------------------------------------------------------
_MODEL = linear_model.load("safety")
_CATEGORY_MODEL = linear_model.load("safety_category")
THRESHOLD = float(_MODEL.meta["threshold"])
"""Model decision score at or above which a message alerts (chosen by CV for recall)."""
_EXPLAIN_WORDS = 3
# The model was trained on English. It reads a message on an English form, or Latin-letter text
# on a form in a language written in another script (most likely English); never Albanian or
# Vietnamese, whose words it would misread.
_NON_LATIN_FORMS = frozenset({"ar", "ps", "prs", "fa", "ckb", "ti", "am"})
_LATIN_LETTER = re.compile(r"[a-z]")
_LETTER = re.compile(r"[^\W\d_]")
_TOKEN = re.compile(r"\w\w+")


def _reads_english(norm: str, lang: str) -> bool:
    base = base_language(lang)
    if base == "en":
        return True
    if base not in _NON_LATIN_FORMS:
        return False
    return len(_LATIN_LETTER.findall(norm)) * 2 > len(_LETTER.findall(norm))


def model_score(text: str) -> float:
    """The model's decision score for a message (benchmarks compare it with THRESHOLD)."""
    return _MODEL.decision(model_text(text))[0]


def _model_finding(stage: str, prepared: str, *, told_as_over: bool = False) -> SafetyFinding:
    """A model-only alert: the category model's category, and the words that weighed most
    (told as over: no alert, the same words shown to the reader)."""
    readable = {_collapse(word): word for word in _TOKEN.findall(stage)}
    strongest = _MODEL.explain(prepared, top=3 * _EXPLAIN_WORDS)
    # "he" and "me" weigh a lot in "he hits me", but a reader learns nothing from them
    words = [readable.get(c.word, c.word) for c in strongest if len(c.word) > 2]
    words = words[:_EXPLAIN_WORDS] or [readable.get(c.word, c.word) for c in strongest[:1]]
    matched = (f"model: {', '.join(words)}",)
    if told_as_over:
        return _told_as_over_finding(matched)
    category = _CATEGORY_MODEL.labels(prepared)[0]
    return SafetyFinding(flag=True, category=category, urgency=_URGENCY[category], matched=matched)


def screen_text(text: str, lang: str = "en") -> SafetyFinding:
    """Screen one message: the rules' finding when a rule matches, else the model's when it
    reaches THRESHOLD. A worry told as over alerts neither way; the model then reads only what
    follows its account, for a new worry. Either way the reading queue has every message with
    words read by a person; this decides who is alerted at once."""
    stage = _stage(text)
    if not stage:
        return _NOT_FLAGGED
    norm = _collapse(stage)
    by_rules, holds_model_back, after_over = _rule_hits(stage, norm)
    if by_rules.flag or holds_model_back or not _reads_english(norm, lang):
        return by_rules
    if after_over is not None:
        after = mark_negation(after_over)
        if _LETTER.search(after_over) and _MODEL.decision(after)[0] >= THRESHOLD:
            return _model_finding(stage, after)
        if by_rules.told_as_over:
            return by_rules
    prepared = mark_negation(norm)
    if _MODEL.decision(prepared)[0] >= THRESHOLD:
        return _model_finding(stage, prepared, told_as_over=after_over is not None)
    return _NOT_FLAGGED


def covers(language: str) -> bool:
    """Whether the screen has full rules for a language (its words can be screened at all); the
    urgent words of the other form languages do not count: those still need an interpreter."""
    return language in rules.CONCERNS


def rules_version() -> str:
    """The version the rules, urgent words, model files and this code give: "safety-" and
    their fingerprint."""
    code = (
        source(sys.modules[__name__]),
        source(alternation),
        source(normalisation),
        source(linear_model),
    )
    data = (module_data(rules), module_data(urgent), _MODEL.version, _CATEGORY_MODEL.version)
    return f"safety-{fingerprint(*data, *code)}"


SAFETY_VERSION = rules_version()
