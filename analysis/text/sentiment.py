"""Sentiment of children's and carers' free-text feedback.

English: textblob's PatternAnalyzer polarity (its bundled lexicon, no corpora needed) is the
base. Around it sit rules for how children, care leavers and carers actually write about
reviews and care:

* text-speak is expanded first ("gr8", "luv", "rly", "didnt", "v good");
* the text is split into clauses at contrast words ("but", "though", "except") and at
  punctuation, and each clause is scored on its own; a comment with a clearly positive and a
  clearly negative clause is ``mixed`` ("good but too long");
* a phrase lexicon of care-specific cues ("too many people", "nobody listens", "talked over",
  "put on the spot", "rubbish", "keeps changing", "never calls back", emoji ...) is matched
  first; each matched span is masked before textblob sees the clause, so nothing is counted
  twice. Positive cues are flipped by a negator in the three words before them ("didn't like",
  "nobody listens", "never helped"); intensifiers ("really", "so") scale a cue by 1.3 and
  "a bit"/"kind of" by 0.6;
* textblob's readings of quantity words ("more", "many", "own", "first" ...) are masked: in
  "I want to see my mum more" they are not sentiment;
* "fine", "ok", "alright" score +0.1, which is labelled ``neutral`` (neutral-positive).

Arabic (``ar``): a small lexicon of common words with negation (لا، ما، مش، ليس، غير، لم، لن).
Any other language: ``neutral`` with polarity 0.0, because there is no lexicon for it; the
caller should not read that as a finding.

English also has a learned model (``models/sentiment.json.gz``: word and character n-grams,
multinomial logistic regression, trained by ``python -m training.train_feedback``) because the
lexicon reads only sentiment words: "the social worker has not responded to my emails" and
"they advocated for me" carry none, and come out neutral. The two are combined (``combine``):
the lexicon's label adds a fixed bonus to the model's log-probability for that label, and on a
short comment where the lexicon is confident ("It was great", "rubbish") the lexicon decides, so
the model cannot overrule a plain verdict. The bonus, the length and the confidence are chosen by
cross-validation on the training data and stored in the model file.

Sentiment is not a safety screen: "he hits me" scores neutral here. See
``analysis.text.safety``. The lexicons and cue phrases live in ``analysis.text.sentiment_lexicon``;
SENTIMENT_VERSION fingerprints them, textblob's lexicon (by its version), the model file and this
code.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from textblob.en import sentiment as _pattern_sentiment

from analysis.text import alternation, linear_model
from analysis.text import normalise as normalisation
from analysis.text import sentiment_lexicon as lexicon
from analysis.text.alternation import compile_alternation
from analysis.text.fingerprint import fingerprint, library, module_data, source
from analysis.text.normalise import (
    ARABIC_LETTER_RX,
    base_language,
    fold_arabic,
    may_hold_words,
    models_read,
    normalise,
    replace_words,
    word_beginnings,
)

__all__ = [
    "MODEL",
    "SENTIMENT_VERSION",
    "Label",
    "SentimentResult",
    "combine",
    "lexicon_sentiment",
    "rules_version",
    "score_modelled",
    "score_sentiment",
]

Label = Literal["positive", "negative", "neutral", "mixed"]

# Overall label thresholds on the polarity, and the clause thresholds for "mixed".
POSITIVE_AT = 0.15
NEGATIVE_AT = -0.1
MIXED_POSITIVE_AT = 0.1
MIXED_NEGATIVE_AT = -0.1
MODEL = "sentiment"  # analysis/text/models/sentiment.json.gz
_AS_LABEL: dict[str, Label] = {
    "positive": "positive",
    "negative": "negative",
    "neutral": "neutral",
    "mixed": "mixed",
}


@dataclass(frozen=True)
class SentimentResult:
    polarity: float  # -1..1
    label: Label


# ---------------------------------------------------------------------------------------------
# English
# ---------------------------------------------------------------------------------------------

_MARK_CLASS = f"[{re.escape(lexicon.CLAUSE_MARKS)}]"
_CLAUSE_RX = re.compile(
    rf"\b(?:{'|'.join(map(re.escape, lexicon.CLAUSE_WORDS))})\b"
    rf"|{_MARK_CLASS}+|\s[{re.escape(lexicon.CLAUSE_DASHES)}]\s"
)
# The same breaks but the dashes, each alternative starting with a plain character: Python's
# engine tries a pattern that starts with a look ("\b", "\s") at every character of the text,
# and skips in C to where one of these could start. A word's boundary before it is looked for
# behind its first letter ("b(?<!\w.)ut\b"). In text without a dash it cuts where _CLAUSE_RX does.
_SKIPPING_BREAKS_RX = re.compile(
    "|".join(
        [f"{re.escape(w[0])}(?<!\\w.){re.escape(w[1:])}\\b" for w in lexicon.CLAUSE_WORDS]
        + [f"{re.escape(c)}{_MARK_CLASS}*" for c in lexicon.CLAUSE_MARKS]
    )
)


def _clauses(low: str) -> list[str]:
    """`low` split at clause breaks (lexicon.CLAUSE_WORDS, _MARKS and _DASHES)."""
    if any(dash in low for dash in lexicon.CLAUSE_DASHES):
        return _CLAUSE_RX.split(low)
    return _SKIPPING_BREAKS_RX.split(low)


_CUE_RX = compile_alternation([pat for pat, _, _ in lexicon.CUES], r"\b", r"\b")
_CUE_META: tuple[tuple[float, bool], ...] = tuple((w, neg) for _, w, neg in lexicon.CUES)
_NT_RX = re.compile(r"\b\w+n't\b")
_WORDS_RX = re.compile(r"[a-z]+")
# Words with a polarity in textblob's bundled lexicon (loads it once, at import).
_TB_WORDS = frozenset(
    w for w in _pattern_sentiment if any(v[0] for v in _pattern_sentiment[w].values())
)

_EMOJI = lexicon.EMOJI
_EMOJI_RX = re.compile("|".join(re.escape(e) for e in sorted(_EMOJI, key=len, reverse=True)))
# Every emoji and emoticon starts with one of these; most comments hold none of them.
_EMOJI_STARTS = frozenset(e[0] for e in _EMOJI)


# Text of only these characters (most masked clauses) textblob's tokenizer splits at spaces and
# splits off commas and apostrophes, "n't" first: its regexes for abbreviations, quotes, sentence
# ends and emoticons find nothing in it (emoticons need capitals or other signs).
_PLAIN_RX = re.compile(r"[a-z0-9 ,']*")
# A comma with a character other than a space or comma on each side ("a,b"): textblob keeps it
# inside the word. Masked clauses have none (their only commas are the masks, " , ").
_INNER_COMMA_RX = re.compile(r",(?<=[^\s,],),*[^\s,]")


def _textblob_words(rest: str) -> list[str] | str:
    """What textblob's sentiment reads of lower-case `rest`: the words its tokenizer makes, or
    `rest` itself (for textblob to tokenize) when it holds other characters."""
    if _PLAIN_RX.fullmatch(rest) is None:
        return rest
    spaced = rest.replace("n't", " n't").replace("'", " ' ")
    if _INNER_COMMA_RX.search(spaced) is None:
        return spaced.replace(",", " , ").split()  # every comma is a word of its own
    words: list[str] = []
    for chunk in spaced.split():
        if "," not in chunk:
            words.append(chunk)
            continue
        core = chunk.strip(",")
        lead = len(chunk) - len(chunk.lstrip(","))
        words += [","] * lead
        if core:
            words.append(core)
        words += [","] * (len(chunk) - lead - len(core))
    return words


@dataclass(frozen=True)
class _Assessed:
    """How textblob's sentiment reads a word it knows when given no part of speech: its
    polarity and intensity, and whether it modifies the next word (it is also an adverb)."""

    polarity: float
    intensity: float
    modifies: bool


_TB_NEGATIONS = frozenset(_pattern_sentiment.negations)
_TB_ASSESSED = {
    w: _Assessed(
        pos[None][0], pos[None][2], any(map(pos.__contains__, _pattern_sentiment.modifiers))
    )
    for w, pos in _pattern_sentiment.items()
    if None in pos
}


def _plain_polarity(words: list[str]) -> float:
    """textblob's sentiment polarity of `words` from _textblob_words, computed as its
    ``Sentiment.assessments`` and ``__call__`` do (same floats, same order) without their
    generic work. Such words hold no "!", "(!)" or emoticon, the only cases left out."""
    chunks: list[list[float]] = []  # [polarity, intensity, -1.0 if negated else 1.0]
    modifier: str | None = None  # a preceding adverb ("really good")
    negated = False  # a preceding negation ("not good", "not a good")
    for w in words:
        known = _TB_ASSESSED.get(w)
        if known is not None:
            if modifier is None:
                chunks.append([known.polarity, known.intensity, 1.0])
            else:
                last = chunks[-1]
                last[0] = max(-1.0, min(known.polarity * last[1], +1.0))
                last[1] = known.intensity
            if negated:
                chunks[-1][1] = 1.0 / chunks[-1][1]
                chunks[-1][2] = -1.0
            modifier = w if known.modifies else None
            negated = w in _TB_NEGATIONS
            continue
        if w in _TB_NEGATIONS:
            negated = True
        elif negated and len(w.strip("'")) > 1:
            negated = False
        if negated and modifier is not None and _pattern_sentiment.modifier(modifier):
            chunks[-1][2] = -1.0  # "really not good"
            negated = False
        elif modifier is not None and len(w) > 2:
            modifier = None
    total: float = 0  # summed as textblob does, from an int 0
    for polarity, _, sign in chunks:
        total += polarity * -0.5 if sign < 0 else polarity
    return total / float(len(chunks) or 1)


def _textblob_polarity(rest: str) -> float:
    """textblob's sentiment polarity of masked clause `rest`, or 0.0 where no word it scores is
    left (most masked clauses). Plain text (nearly all) is scored by _plain_polarity."""
    read = _NT_RX.sub("not", rest) if "n't" in rest else rest  # pattern negates after "not"
    words = _textblob_words(read)
    if not isinstance(words, str):
        # Without a word of _TB_WORDS textblob gives 0.0 or -0.0: skip its arithmetic.
        return 0.0 if _TB_WORDS.isdisjoint(words) else _plain_polarity(words)
    if _TB_WORDS.isdisjoint(_WORDS_RX.findall(rest)):
        return 0.0
    return float(_pattern_sentiment(words)[0])


# A clause's words begin as words of the whole comment do (breaks fall beside runs of letters
# and digits, never in one; emoji in a clause hold none), so a comment replace_words would not
# change has no clause it would change.
_SPEAK_BEGINNINGS = word_beginnings(lexicon.TEXT_SPEAK)


def _has_negator(words: list[str]) -> bool:
    """Whether one of `words` negates ("not", "never", "didn't" ...). A loop: any() over a
    generator costs a frame per call, here once per cue found."""
    for word in words:  # noqa: SIM110
        if word in lexicon.NEGATORS or word.endswith("n't"):
            return True
    return False


def _split_emoji(text: str) -> tuple[list[float], str]:
    """The scores of the emoji in ``text``, and ``text`` with each emoji made a space."""
    if _EMOJI_STARTS.isdisjoint(text):  # cheaper than the emoji regex finding nothing
        return [], text
    return [_EMOJI[e] for e in _EMOJI_RX.findall(text)], _EMOJI_RX.sub(" ", text)


def _score_clause(clause: str) -> float:
    values: list[float] = []
    pieces: list[str] = []
    pos = 0
    for m in _CUE_RX.regex.finditer(clause):
        weight, negatable = _CUE_META[_CUE_RX.index(m)]
        start, end = m.span()
        gap = clause[pos:start]
        pos = end
        if weight != 0.0:
            before = clause[max(0, start - 40) : start].split()[-3:]
            if negatable and _has_negator(before):
                weight = -weight if weight > 0 else -0.5 * weight
            elif before and before[-1] in lexicon.INTENSIFIERS:
                weight = max(-1.0, min(1.0, weight * 1.3))
                gap = gap.rstrip().removesuffix(before[-1])  # textblob must not score it too
            elif (before and before[-1] in lexicon.DIMINISHERS) or clause[:start].endswith(
                lexicon.DIMINISHING
            ):
                weight *= 0.6
            values.append(weight)
        pieces.append(gap)
        pieces.append(" , ")  # masked; the comma stops textblob carrying negation across it
    pieces.append(clause[pos:])
    tb = _textblob_polarity("".join(pieces))
    if tb != 0.0:
        values.append(tb)
    if not values:
        return 0.0
    return max(-1.0, min(1.0, sum(values) / len(values)))


def _label(clauses: list[float]) -> tuple[float, Label]:
    scored = [p for p in clauses if p != 0.0]
    if not scored:
        return 0.0, "neutral"
    polarity = round(max(-1.0, min(1.0, sum(scored) / len(scored))), 4)
    if max(scored) >= MIXED_POSITIVE_AT and min(scored) <= MIXED_NEGATIVE_AT:
        return polarity, "mixed"
    if polarity >= POSITIVE_AT:
        return polarity, "positive"
    if polarity <= NEGATIVE_AT:
        return polarity, "negative"
    return polarity, "neutral"


def _score_english(prepared: str) -> SentimentResult:
    """The English lexicon's reading of normalise()d text."""
    low = prepared.lower().replace("’", "'")
    # Emoji and emoticons score in the clause where they sit; strip them from the words. Most
    # comments hold none, and then no clause need be looked at for them.
    has_emoji = not _EMOJI_STARTS.isdisjoint(low)
    if has_emoji:
        low = _EMOJI_RX.sub(lambda m: f" {m.group(0)} ", low)
    speak = may_hold_words(low, _SPEAK_BEGINNINGS)
    clauses: list[float] = []
    for raw in _clauses(low):
        if not raw.strip():
            continue
        emoji, words = _split_emoji(raw) if has_emoji else ([], raw)
        clause = (replace_words(words, lexicon.TEXT_SPEAK) if speak else words).strip()
        score = _score_clause(clause) if clause else 0.0
        if not emoji:
            if score != 0.0:
                clauses.append(score)  # the mean of one part: the same float
            continue
        parts = [score] if score != 0.0 else []
        emoji_scored = [e for e in emoji if e != 0.0]
        if emoji_scored:
            parts.append(sum(emoji_scored) / len(emoji_scored))
        if parts:
            clauses.append(sum(parts) / len(parts))
    polarity, label = _label(clauses)
    return SentimentResult(polarity=polarity, label=label)


# ---------------------------------------------------------------------------------------------
# Arabic
# ---------------------------------------------------------------------------------------------

# Folded forms (see fold_arabic): ة->ه, ى->ي, أ/إ/آ->ا.
_AR_LEXICON = {fold_arabic(k): v for k, v in lexicon.AR_LEXICON.items()}
_AR_NEGATORS = frozenset(fold_arabic(w) for w in lexicon.AR_NEGATORS)
_AR_INTENSIFIERS = frozenset(fold_arabic(w) for w in lexicon.AR_INTENSIFIERS)
_AR_TOO_MANY = frozenset(fold_arabic(w) for w in lexicon.AR_TOO_MANY)
_AR_CLAUSE_RX = re.compile(lexicon.AR_CLAUSE_BREAKS)
_AR_TOKEN_RX = re.compile(r"[\u0621-\u064a]+")


def _ar_lookup(tok: str) -> float | None:
    if tok in _AR_LEXICON:
        return _AR_LEXICON[tok]
    for pre in lexicon.AR_PREFIXES:
        if tok.startswith(pre) and len(tok) - len(pre) >= 2 and tok[len(pre) :] in _AR_LEXICON:
            return _AR_LEXICON[tok[len(pre) :]]
    return None


def _score_arabic_clause(clause: str) -> float:
    toks = _AR_TOKEN_RX.findall(fold_arabic(clause))
    values: list[float] = []
    prev_scored = False
    for i, tok in enumerate(toks):
        if tok in _AR_INTENSIFIERS and prev_scored and values:
            values[-1] = max(-1.0, min(1.0, values[-1] * 1.3))
            prev_scored = False
            continue
        if tok in _AR_TOO_MANY and i > 0:
            values.append(-0.35)  # "ناس كثير" / "القواعد كثيرة": too many
            prev_scored = False
            continue
        w = _ar_lookup(tok)
        if w is None or w == 0.0:
            prev_scored = False
            continue
        window = toks[max(0, i - 2) : i]
        if any(t in _AR_NEGATORS for t in window):
            w = -w if w > 0 else -0.5 * w
        values.append(w)
        prev_scored = True
    if not values:
        return 0.0
    return sum(values) / len(values)


def _score_arabic(text: str) -> SentimentResult:
    text = normalise(text)
    clauses: list[float] = []
    for raw in _AR_CLAUSE_RX.split(f" {text} "):
        emoji = [_EMOJI[e] for e in _EMOJI_RX.findall(raw) if _EMOJI[e] != 0.0]
        parts = [p for p in [_score_arabic_clause(raw)] if p != 0.0]
        if emoji:
            parts.append(sum(emoji) / len(emoji))
        if parts:
            clauses.append(sum(parts) / len(parts))
    polarity, label = _label(clauses)
    return SentimentResult(polarity=polarity, label=label)


# ---------------------------------------------------------------------------------------------


def lexicon_sentiment(text: str, lang: str = "en") -> SentimentResult:
    """The lexicon analyser alone (English and Arabic rules, no model): polarity and label.

    Other languages return ``neutral`` with polarity 0.0: there is no lexicon for them.
    """
    return _lexicon_sentiment(text, lang, None)


def _lexicon_sentiment(text: str, lang: str, prepared: str | None) -> SentimentResult:
    """lexicon_sentiment, with normalise(text) if the caller has it."""
    base = base_language(lang)
    if base not in ("en", "ar"):
        return SentimentResult(polarity=0.0, label="neutral")
    if not text or not text.strip():
        return SentimentResult(polarity=0.0, label="neutral")
    if ARABIC_LETTER_RX.search(text):
        return _score_arabic(text)
    return _score_english(normalise(text) if prepared is None else prepared)


def combine(
    classes: tuple[str, ...],
    probabilities: tuple[float, ...],
    lexicon: SentimentResult,
    words: int,
    params: Mapping[str, float],
) -> SentimentResult:
    """The model's probabilities and the lexicon's reading made into one label.

    A short comment in which the lexicon read a cue keeps the lexicon's label ("It was great",
    "it was ok", "nice food, boring talk"), if positive or negative only when it is confident;
    otherwise the label with the highest log-probability plus ``lexicon_weight`` for the
    lexicon's label wins. The polarity is the lexicon's when the labels agree (it says how
    strongly), else the model's P(positive) - P(negative).
    """
    read = lexicon.polarity != 0.0 or lexicon.label == "mixed"
    plain = lexicon.label in ("neutral", "mixed")
    if (
        read
        and words <= params["short_words"]
        and (plain or abs(lexicon.polarity) >= params["lexicon_confident"])
    ):
        return lexicon
    weight = params["lexicon_weight"]
    scores = [
        math.log(p + 1e-12) + (weight if c == lexicon.label else 0.0)
        for c, p in zip(classes, probabilities, strict=True)
    ]
    best = classes[max(range(len(classes)), key=scores.__getitem__)]
    if best == lexicon.label:
        return lexicon
    by_class = dict(zip(classes, probabilities, strict=True))
    polarity = round(by_class["positive"] - by_class["negative"], 4)
    return SentimentResult(polarity=polarity, label=_AS_LABEL[best])


def score_sentiment(
    text: str,
    lang: str = "en",
    *,
    prepared: str | None = None,
) -> SentimentResult:
    """Polarity in -1..1 and a label: positive, negative, neutral or mixed.

    ``lang`` is the language the respondent chose ("en", "ar", "en-GB" ...). English and
    Arabic are scored; text in Arabic script is scored with the Arabic lexicon and text with
    no Arabic letters with the English lexicon and model, whichever of the two was chosen. Any
    other language returns ``neutral`` with polarity 0.0: there is no lexicon for it, so
    "neutral" there means "not scored", not "the child was neutral".

    A caller that has it passes ``prepared``, normalise(text): the same result. One that has
    the model's scores too (analyse_text scores sentiment and themes in one pass) calls
    score_modelled.
    """
    if not models_read(text, lang):
        return _lexicon_sentiment(text, lang, prepared)  # no English lexicon or model reads it
    if prepared is None:
        prepared = normalise(text)  # as in training
    return score_modelled(prepared, linear_model.load(MODEL).decision(prepared))


def score_modelled(prepared: str, decision: tuple[float, ...]) -> SentimentResult:
    """score_sentiment of a text the models read (normalise.models_read), given its normal form
    and the model's scores: for a caller that has checked that already (analyse_text)."""
    lexicon = _score_english(prepared)  # what _lexicon_sentiment does with text models read
    model = linear_model.load(MODEL)
    return combine(
        model.classes,
        model.probabilities_of(decision),
        lexicon,
        len(prepared.split()),
        model.meta["combine"],
    )


def _model_version() -> str:
    """The model file's version; "untrained" only before the first `training.train_feedback`."""
    path = linear_model.model_path(MODEL)
    return linear_model.file_version(path) if path.exists() else "untrained"


def rules_version() -> str:
    """The version the lexicons and model as loaded and this code give: "sent-" and their
    fingerprint."""
    code = (
        source(sys.modules[__name__]),
        source(normalisation),
        source(alternation),
        source(linear_model),
    )
    model = _model_version()
    return f"sent-{fingerprint(module_data(lexicon), library('textblob'), model, *code)}"


SENTIMENT_VERSION = rules_version()
