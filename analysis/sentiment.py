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

Sentiment is not a safety screen: "he hits me" scores neutral here. See ``analysis.safety``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from textblob.en import sentiment as _pattern_sentiment

from analysis.alternation import compile_alternation
from analysis.text import ARABIC_LETTER_RX, fold_arabic, normalise, replace_words

__all__ = ["SENTIMENT_VERSION", "Label", "SentimentResult", "score_sentiment"]

SENTIMENT_VERSION = "sent-1.0"

Label = Literal["positive", "negative", "neutral", "mixed"]

# Overall label thresholds on the polarity, and the clause thresholds for "mixed".
POSITIVE_AT = 0.15
NEGATIVE_AT = -0.1
MIXED_POSITIVE_AT = 0.1
MIXED_NEGATIVE_AT = -0.1


@dataclass(frozen=True)
class SentimentResult:
    polarity: float  # -1..1
    label: Label


# ---------------------------------------------------------------------------------------------
# English
# ---------------------------------------------------------------------------------------------

_TEXT_SPEAK: dict[str, str] = {
    "gr8": "great",
    "gr8t": "great",
    "grt": "great",
    "luv": "love",
    "luvd": "loved",
    "luvs": "loves",
    "lv": "love",
    "rly": "really",
    "rlly": "really",
    "realy": "really",
    "sooo": "so",
    "soooo": "so",
    "soo": "so",
    "v": "very",
    "vry": "very",
    "gd": "good",
    "gud": "good",
    "gooood": "good",
    "goood": "good",
    "awsome": "awesome",
    "awsum": "awesome",
    "brill": "brilliant",
    "fab": "fabulous",
    "kk": "ok",
    "k": "ok",
    "okey": "ok",
    "okk": "ok",
    "oky": "ok",
    "alrite": "alright",
    "aight": "alright",
    "thx": "thanks",
    "thnx": "thanks",
    "thanx": "thanks",
    "ty": "thanks",
    "tnx": "thanks",
    "sux": "sucks",
    "h8": "hate",
    "nvr": "never",
    "dnt": "don't",
    "dont": "don't",
    "didnt": "didn't",
    "doesnt": "doesn't",
    "cant": "can't",
    "couldnt": "couldn't",
    "wasnt": "wasn't",
    "werent": "weren't",
    "isnt": "isn't",
    "arent": "aren't",
    "wouldnt": "wouldn't",
    "shouldnt": "shouldn't",
    "havent": "haven't",
    "hasnt": "hasn't",
    "wont": "won't",
    "aint": "ain't",
    "im": "i'm",
    "ive": "i've",
    "u": "you",
    "ur": "your",
    "b4": "before",
    "bc": "because",
    "cos": "because",
    "coz": "because",
    "tbh": "",
    "lol": "",
    "lmao": "",
    "idk": "i don't know",
    "dunno": "don't know",
    "sw": "social worker",
    "nobody's": "nobody",
}

# Clause boundaries: contrast words and punctuation. "and" is not a boundary.
_CLAUSE_RX = re.compile(
    r"\b(?:but|though|although|however|except|apart from|only thing|other than that|then again)\b"
    r"|[,;:.!?\n()]+|\s[-–—]\s"
)

_NEGATORS = frozenset(
    {"not", "no", "never", "nobody", "noone", "nothing", "without", "hardly", "cannot", "nor"}
)
_INTENSIFIERS = frozenset(
    {
        "really",
        "very",
        "so",
        "well",
        "proper",
        "super",
        "totally",
        "absolutely",
        "extremely",
        "dead",
        "such",
        "incredibly",
        "massively",
        "genuinely",
    }
)
_DIMINISHERS = frozenset({"bit", "slightly", "kinda", "somewhat", "fairly", "abit"})
_DIMINISHING = ("kind of ", "sort of ", "a little ", "a tiny bit ")

# (pattern, weight, negatable). Alternatives are tried left to right at each position, so
# the longer/more specific phrases come first. Patterns are written against lower-cased text
# after text-speak expansion. Weight 0.0 entries only mask words from textblob.
_CUES: tuple[tuple[str, float, bool], ...] = (
    # --- phrases that already carry their negation ---------------------------------------
    (r"not too bad|not that bad|not bad|not awful|not terrible", 0.3, False),
    (r"could (?:be|have been) better|not (?:ok|okay|fine|alright|great)", -0.45, False),
    (r"no point|pointless|waste of (?:time|space)|what's the point", -0.55, False),
    (
        r"(?:didn't|did not|don't|do not|doesn't|does not|never|not) "
        r"(?:turn|turned|come|came|show|showed) up",
        -0.5,
        False,
    ),
    (
        r"(?:didn't|did not|don't|do not|never) (?:come|came|attend|attended|visit|visited)",
        -0.4,
        False,
    ),
    (
        r"(?:couldn't|could not|can't|cannot|wasn't able to|not able to|didn't get to|"
        r"don't get to|never get to|didn't feel able to|didn't feel i could) "
        r"(?:say|speak|talk|get a word|have my say|say what)",
        -0.55,
        False,
    ),
    (
        r"(?:didn't|did not|don't|do not|couldn't|could not|can't) "
        r"(?:understand|get what|follow)",
        -0.5,
        False,
    ),
    (
        r"(?:didn't|did not|don't|do not|never|nobody|no one) "
        r"(?:know|knew|tell|told|tells|explain|explained|ask|asked)\b"
        r"(?: me)? ?(?:who|what|how|when|where|why|about|until|if|anything|half|that)",
        -0.4,
        False,
    ),
    (r"still (?:haven't|hasn't|not|don't|no|waiting)|haven't got|heard nothing", -0.45, False),
    (r"(?:no|never any) (?:answer|reply|response|one answers|call back)", -0.5, False),
    (r"(?:can't|cannot|can not|not allowed to|never|don't get to) see", -0.4, False),
    (r"not allowed|won't let me|don't let me|doesn't let me", -0.4, False),
    (r"(?:can't|cannot|couldn't|don't|do not) (?:get to )?sleep", -0.5, False),
    (
        r"without (?:anyone|anybody|somebody|someone|being) (?:asking|asked|telling|told)",
        -0.5,
        False,
    ),
    (r"against my (?:wishes|will)", -0.55, False),
    (r"(?:didn't|did not|don't|do not) (?:want|wanna) to (?:be there|go|come)", -0.35, False),
    (
        r"(?:don't|doesn't|didn't|do not|does not|did not|never) (?:count|matter|mattered)",
        -0.5,
        False,
    ),
    (r"(?:already|had) decided|decided (?:before|without)", -0.45, False),
    (
        r"(?:couldn't|could not|didn't|did not|wasn't able to|no time to) "
        r"(?:read|see) (?:it|the|them)",
        -0.4,
        False,
    ),
    (r"(?:didn't|did not|don't|do not|never) know (?:that )?(?:i|we|there)", -0.4, False),
    (
        r"(?:the )?(?:day|night|morning) before|last minute|short notice|far (?:from|away)",
        -0.4,
        False,
    ),
    (
        r"(?:feel|feels|felt|look|looks|looked|seem|seems|seemed|sounds|would|i'd|we'd|just) like",
        0.0,
        False,
    ),
    (r"nothing really|really(?=\s*$)|not the worst", 0.0, False),
    # --- care-specific negative cues -----------------------------------------------------
    (
        r"kill myself|want to die|wanna die|hurt(?:ing)? myself|cut(?:ting)? myself|self[- ]harm|"
        r"(?:hits|hit|hurts|hurt|beats|kicks|touches|touched) me|abus(?:e|ed|ing|ive)",
        -0.7,
        True,
    ),
    (
        r"talk(?:ed|s|ing)? (?:over|down to) (?:me|us|him|her|them)|talk(?:ed|s|ing)? over",
        -0.6,
        True,
    ),
    (r"talk(?:ed|s|ing)? about me(?: and)? not to me", -0.55, True),
    (r"put on the spot|on the spot", -0.6, True),
    (
        r"like (?:i'm|i am|im|i was|we're|we are) (?:a )?(?:baby|babies|child|kid|stupid|thick)",
        -0.55,
        False,
    ),
    (
        r"like (?:a )?(?:baby|child|kid|little kid)|like i wasn't there|like i'm not there",
        -0.55,
        False,
    ),
    (
        r"too (?:many|much|long|short|big|small|hot|cold|strict|early|late|far|busy|loud|noisy|"
        r"expensive|hard|difficult|scary|formal|serious|personal|awkward|crowded|quick|slow|"
        r"boring|stressful|full)",
        -0.55,
        False,
    ),
    (r"(?:a )?(?:bit|quite|very|really|so|way) (?:long|lengthy)", -0.35, False),
    (
        r"(?:went|goes|go|dragged|drags) on (?:forever|and on|for ages)|took (?:forever|ages)",
        -0.5,
        True,
    ),
    (
        r"(?:keeps?|kept) (?:changing|leaving|cancelling|moving)|changed again|changes again",
        -0.5,
        True,
    ),
    (
        r"(?:\d+|loads of|so many|lots of|too many) (?:different )?"
        r"(?:social workers|workers|iros|placements|carers|schools|moves|homes)",
        -0.4,
        False,
    ),
    (r"(?:moved|changed) (?:\d+|three|four|five|six|lots of|loads of) times", -0.4, False),
    (r"(?:been )?waiting (?:for )?(?:months|ages|weeks|years|so long)", -0.45, True),
    (r"on hold|delayed|cancel+ed|rearranged|drifted|rushed", -0.4, True),
    (r"fed up|sick of|had enough", -0.6, True),
    (
        r"rubbish|crap|pants|naff|sucks|trash|shit|useless|a joke|nightmare|horrible|awful",
        -0.7,
        True,
    ),
    (r"boring|bored|booring|dull", -0.6, True),
    (r"hate|hated|hates|can't stand|cannot stand", -0.8, True),
    (r"scared|scary|frightened|afraid|terrified|unsafe|petrified", -0.6, True),
    (r"anxious|anxiety|nervous|worr(?:y|ied|ies|ying)|stress(?:ed|ful)?|panic", -0.45, True),
    (r"upset|cried|crying|sad|unhappy|miserable|depressed|lonely|alone", -0.6, True),
    (
        r"embarrass(?:ing|ed)|intimidat(?:ing|ed)|awkward|uncomfortable|patronis(?:ing|ed)",
        -0.6,
        True,
    ),
    (r"ignored|ignore me|ignores me|jargon|confusing|confused", -0.5, True),
    (r"excluded|isolation|bullied|bullying|picked on|laugh(?:ed|ing)? at me", -0.5, True),
    (r"damp|mould|mouldy|noisy|strict|annoying|late", -0.4, True),
    (r"miss(?:ing)? (?:my|him|her|them|you|home|it)|missed (?:my|him|her|them)", -0.4, True),
    (r"only (?:see|saw|get|got|have|had|once|twice)", -0.3, True),
    (r"nobody|no one|noone|no-one", -0.4, False),
    (r"never", -0.3, False),
    # --- care-specific positive cues (negatable) -----------------------------------------
    (r"taken seriously|take me seriously|took me seriously", 0.55, True),
    (r"(?:had|have|has|got to have) (?:my|his|her|their|our|a) say", 0.55, True),
    (r"at ease|felt welcome|feel welcome|made me feel", 0.5, True),
    (r"listen(?:ed|s|ing)?(?: to)?", 0.5, True),
    (
        r"(?:able to|got to|get to|could|can|allowed to) (?:say|speak|talk|take time|"
        r"take a break|have a break|leave|chair|choose|stay)",
        0.4,
        True,
    ),
    (r"well organised|organised|prepared|thorough|child centred|child-centred", 0.5, True),
    (r"help(?:ed|s|ing|ful)|supportive|support(?:ed|s) me", 0.5, True),
    (r"thank(?:s| you)|cheers|grateful|appreciate(?:d)?", 0.45, True),
    (
        r"sorted|settled|relaxed|calm|comfortable|safe|secure|"
        r"feel at home|felt at home|feels like home",
        0.4,
        True,
    ),
    (r"explained|made sure|knows me|remembers|fought for me|stood up for me|on my side", 0.4, True),
    (r"(?:going|went|doing|did|gone) (?:really )?well|better", 0.5, True),
    (
        r"(?:rings|rang|calls|called|texts|texted|gets) (?:me )?back|repl(?:y|ies|ied)|answers?",
        0.3,
        True,
    ),
    (r"enjoy(?:ed|s|ing)?|fun|cool|proud|excited|exciting|treat me like family", 0.5, True),
    (r"love|loved|loves|lovely|amazing|brilliant|awesome|fabulous|the best", 0.7, True),
    (
        r"liked|likes|(?:i|we|he|she|they|really|do|does|also|still) like|"
        r"like it|like that|like my|like the|like having|like going",
        0.5,
        True,
    ),
    (
        r"got (?:a|my|an|the|into|onto) (?:\w+ ){0,2}(?:job|place|apprenticeship|flat|offer|"
        r"interview|grades|results|award|certificate|course)",
        0.5,
        True,
    ),
    (
        r"help (?:me|us|him|her|them)|i knew what|knew what (?:was|is) (?:going to|gonna) happen",
        0.45,
        True,
    ),
    (r"fine|ok|okay|alright|all right|decent|meh|so-so", 0.1, True),
    # --- words textblob reads as sentiment but that are not, here -------------------------
    (
        r"more|many|much|own|first|sure|real|old|new|full|free|little|special|social|other|"
        r"half|least|young|early|right|kind of|sort of|like|last|big|small|short|long|close|"
        r"closer|only|high|low|open|public|just|whole",
        0.0,
        False,
    ),
)

_CUE_RX = compile_alternation([pat for pat, _, _ in _CUES], r"\b", r"\b")
_CUE_META: tuple[tuple[float, bool], ...] = tuple((w, neg) for _, w, neg in _CUES)
_NT_RX = re.compile(r"\b\w+n't\b")
_WORDS_RX = re.compile(r"[a-z]+")
# Words with a polarity in textblob's bundled lexicon (loads it once, at import).
_TB_WORDS = frozenset(
    w for w in _pattern_sentiment if any(v[0] for v in _pattern_sentiment[w].values())
)

_EMOJI: dict[str, float] = {
    "🙂": 0.5,
    "😀": 0.7,
    "😃": 0.7,
    "😄": 0.7,
    "😁": 0.7,
    "😊": 0.6,
    "☺": 0.5,
    "😍": 0.8,
    "🥰": 0.8,
    "👍": 0.5,
    "👏": 0.5,
    "💕": 0.6,
    "❤": 0.6,
    "💖": 0.6,
    "😎": 0.4,
    "🎉": 0.6,
    "😐": 0.0,
    "🤷": 0.0,
    "🙁": -0.5,
    "☹": -0.5,
    "😞": -0.5,
    "😔": -0.5,
    "😟": -0.5,
    "😕": -0.3,
    "😢": -0.6,
    "😭": -0.7,
    "😡": -0.7,
    "😠": -0.7,
    "🤬": -0.8,
    "👎": -0.6,
    "💔": -0.6,
    "😩": -0.5,
    "😫": -0.5,
    "🥱": -0.4,
    "😴": -0.3,
    ":)": 0.5,
    ":-)": 0.5,
    ":d": 0.6,
    ":(": -0.5,
    ":-(": -0.5,
    ":'(": -0.6,
}
_EMOJI_RX = re.compile("|".join(re.escape(e) for e in sorted(_EMOJI, key=len, reverse=True)))
# Every emoji and emoticon starts with one of these; most comments hold none of them.
_EMOJI_STARTS = frozenset(e[0] for e in _EMOJI)


def _is_negator(tok: str) -> bool:
    return tok in _NEGATORS or tok.endswith("n't")


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
            if negatable and any(_is_negator(t) for t in before):
                weight = -weight if weight > 0 else -0.5 * weight
            elif before and before[-1] in _INTENSIFIERS:
                weight = max(-1.0, min(1.0, weight * 1.3))
                gap = gap.rstrip().removesuffix(before[-1])  # textblob must not score it too
            elif (before and before[-1] in _DIMINISHERS) or clause[:start].endswith(_DIMINISHING):
                weight *= 0.6
            values.append(weight)
        pieces.append(gap)
        pieces.append(" , ")  # masked; the comma stops textblob carrying negation across it
    pieces.append(clause[pos:])
    rest = "".join(pieces)
    # Only call textblob when a word it scores is left: most masked clauses have none.
    if not _TB_WORDS.isdisjoint(_WORDS_RX.findall(rest)):
        rest = _NT_RX.sub("not", rest)  # pattern only negates after "not"/"never"
        tb = float(_pattern_sentiment(rest)[0])
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
    has_pos = any(p >= MIXED_POSITIVE_AT for p in scored)
    has_neg = any(p <= MIXED_NEGATIVE_AT for p in scored)
    if has_pos and has_neg:
        return polarity, "mixed"
    if polarity >= POSITIVE_AT:
        return polarity, "positive"
    if polarity <= NEGATIVE_AT:
        return polarity, "negative"
    return polarity, "neutral"


def _score_english(text: str) -> SentimentResult:
    low = normalise(text).lower().replace("’", "'")
    # Emoji and emoticons score in the clause where they sit; strip them from the words.
    if not _EMOJI_STARTS.isdisjoint(low):
        low = _EMOJI_RX.sub(lambda m: f" {m.group(0)} ", low)
    clauses: list[float] = []
    for raw in _CLAUSE_RX.split(low):
        if not raw or not raw.strip():
            continue
        emoji, words = _split_emoji(raw)
        clause = replace_words(words, _TEXT_SPEAK).strip()
        parts = [p for p in ([_score_clause(clause)] if clause else []) if p != 0.0]
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

# Folded forms (see analysis.text.fold_arabic): ة->ه, ى->ي, أ/إ/آ->ا.
_AR_LEXICON_RAW: dict[str, float] = {
    # positive
    "جيد": 0.6,
    "جيدة": 0.6,
    "ممتاز": 0.8,
    "ممتازة": 0.8,
    "سعيد": 0.7,
    "سعيدة": 0.7,
    "مبسوط": 0.6,
    "مبسوطة": 0.6,
    "فرحان": 0.6,
    "فرحانة": 0.6,
    "مرتاح": 0.5,
    "مرتاحة": 0.5,
    "حلو": 0.5,
    "حلوة": 0.5,
    "جميل": 0.6,
    "جميلة": 0.6,
    "رائع": 0.8,
    "رائعة": 0.8,
    "لطيف": 0.6,
    "لطيفة": 0.6,
    "طيب": 0.5,
    "طيبة": 0.5,
    "كويس": 0.5,
    "كويسة": 0.5,
    "منيح": 0.5,
    "منيحة": 0.5,
    "زين": 0.5,
    "أحب": 0.6,
    "احب": 0.6,
    "بحب": 0.6,
    "نحب": 0.6,
    "يعجبني": 0.5,
    "شكرا": 0.5,
    "ممتع": 0.6,
    "ممتعة": 0.6,
    "مفيد": 0.5,
    "مفيدة": 0.5,
    "ساعدني": 0.5,
    "ساعدتني": 0.5,
    "يساعدني": 0.5,
    "تساعدني": 0.5,
    "يسمعني": 0.5,
    "تسمعني": 0.5,
    "سمعني": 0.5,
    "يستمع": 0.5,
    "تستمع": 0.5,
    "استمع": 0.4,
    "يستمعون": 0.5,
    "أمان": 0.4,
    "آمن": 0.4,
    "أفضل": 0.5,
    "احسن": 0.5,
    "أحسن": 0.5,
    "تمام": 0.1,
    "عادي": 0.0,
    "يرد": 0.3,
    "ترد": 0.3,
    "موجود": 0.2,
    "موجودة": 0.2,
    "أفهم": 0.3,
    "فهمت": 0.3,
    "أعرف": 0.2,
    "اعرف": 0.2,
    # negative
    "سيء": -0.7,
    "سيئ": -0.7,
    "سيئة": -0.7,
    "وحش": -0.6,
    "زعلان": -0.6,
    "زعلانة": -0.6,
    "حزين": -0.7,
    "حزينة": -0.7,
    "تعبان": -0.5,
    "تعبانة": -0.5,
    "ممل": -0.6,
    "مملة": -0.6,
    "طويل": -0.3,
    "خائف": -0.6,
    "خائفة": -0.6,
    "خايف": -0.6,
    "خايفة": -0.6,
    "خوف": -0.5,
    "قلق": -0.5,
    "قلقة": -0.5,
    "وحيد": -0.6,
    "وحيدة": -0.6,
    "صعب": -0.4,
    "صعبة": -0.4,
    "مشكلة": -0.2,
    "مشاكل": -0.3,
    "أكره": -0.8,
    "اكره": -0.8,
    "بكره": -0.8,
    "مزعج": -0.5,
    "مزعجة": -0.5,
    "غاضب": -0.6,
    "غاضبة": -0.6,
    "يضحكون": -0.4,
    "أشتاق": -0.4,
    "اشتاق": -0.4,
    "مشتاق": -0.4,
    "يؤذيني": -0.7,
    "متضايق": -0.5,
    "ضايقني": -0.5,
    "تعيس": -0.7,
}
_AR_LEXICON = {fold_arabic(k): v for k, v in _AR_LEXICON_RAW.items()}
_AR_NEGATORS = frozenset(
    fold_arabic(w) for w in ("لا", "ما", "مش", "مو", "ليس", "ليست", "غير", "لم", "لن", "مب")
)
_AR_INTENSIFIERS = frozenset(fold_arabic(w) for w in ("جدا", "كثير", "كثيرا", "كتير", "مره", "جداً"))
_AR_TOO_MANY = frozenset(fold_arabic(w) for w in ("كثير", "كثيرة", "كثيرون", "كتير"))
_AR_CLAUSE_RX = re.compile(r"\s(?:لكن|ولكن|بس|لكنه|لكنها)\s|[،,.!?؟؛\n]+")
_AR_TOKEN_RX = re.compile(r"[\u0621-\u064a]+")
_AR_PREFIXES = ("وال", "بال", "فال", "لل", "ال", "و", "ف", "ب")


def _ar_lookup(tok: str) -> float | None:
    if tok in _AR_LEXICON:
        return _AR_LEXICON[tok]
    for pre in _AR_PREFIXES:
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


def _base_lang(lang: str) -> str:
    return (lang or "en").strip().lower().replace("_", "-").split("-")[0]


def score_sentiment(text: str, lang: str = "en") -> SentimentResult:
    """Polarity in -1..1 and a label: positive, negative, neutral or mixed.

    ``lang`` is the language the respondent chose ("en", "ar", "en-GB" ...). English and
    Arabic are scored; text in Arabic script is scored with the Arabic lexicon and text with
    no Arabic letters with the English rules, whichever of the two was chosen. Any other
    language returns ``neutral`` with polarity 0.0: there is no lexicon for it, so "neutral"
    there means "not scored", not "the child was neutral".
    """
    base = _base_lang(lang)
    if base not in ("en", "ar"):
        return SentimentResult(polarity=0.0, label="neutral")
    if not text or not text.strip():
        return SentimentResult(polarity=0.0, label="neutral")
    if ARABIC_LETTER_RX.search(text):
        return _score_arabic(text)
    return _score_english(text)
