"""Multi-label themes for free-text feedback, with ids that stay stable across years.

The ids and their order come from the project's theme taxonomy (docs: DOMAIN.md). Each theme has
a staff title for reports and a plain title for the Children in Care Council.

English is tagged in two passes:

1. phrase rules: one regular expression of unambiguous words and phrases ("social worker",
   "pathway plan", "too many people", "talked over" ...). Alternatives are tried longest
   first, so "pathway plan" is leaving care and does not also count as "plan" (preparation),
   and "foster mum" is placement, not family contact. Respondent roles ("as his mum", "as
   foster carers") are removed first so a parent or carer saying who they are does not tag the
   comment;
2. noun phrases: words that are themes only when used as nouns ("work", "contact", "home",
   "plan", "report", "money", "break" ...) are looked up as noun-phrase heads from the
   PatternTagger + chunk grammar in ``analysis.text``. This pass runs only when the comment
   contains such a word or when the rules found nothing, which keeps the tagger off most
   comments (it costs about ten times the rules).

Arabic: a small keyword list per theme, matched on folded tokens with the article and one-letter
prefixes (و، ف، ب، ل) removed. Other languages get no themes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from analysis.alternation import compile_alternation
from analysis.text import ARABIC_LETTER_RX, fold_arabic, normalise, noun_phrases, replace_words

__all__ = ["THEMES", "THEMES_VERSION", "Theme", "emerging_phrases", "find_themes", "theme_by_id"]

THEMES_VERSION = "themes-1.0"


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    plain_title: str
    description: str


THEMES: tuple[Theme, ...] = (
    Theme(
        "being_heard",
        "Being heard",
        "Being listened to",
        "Listened to, views taken seriously, talked over, able to say what I want.",
    ),
    Theme(
        "meeting_experience",
        "Review meeting experience",
        "Your meetings",
        "Who attends, where it is held, size, breaks and time out, being put on the spot, "
        "meeting length and language.",
    ),
    Theme(
        "preparation",
        "Preparation and information",
        "Getting ready for your meeting",
        "Knowing the plan beforehand, pre-meetings, reports shared in time, minutes children "
        "can read.",
    ),
    Theme(
        "iro_relationship",
        "Relationship with the IRO",
        "Your IRO",
        "Knowing and trusting the IRO, consistency, independence, the IRO challenging decisions.",
    ),
    Theme(
        "social_worker",
        "Social worker",
        "Your social worker",
        "Changes of worker, not responding, communication style.",
    ),
    Theme(
        "family_contact",
        "Family and friends contact",
        "Seeing family and friends",
        "Seeing or contacting parents, siblings, wider family and friends.",
    ),
    Theme(
        "placement_home",
        "Placement and home",
        "Where you live",
        "Carers, the home, moves, living near home or school, pets, rules.",
    ),
    Theme(
        "education_work",
        "Education, training and work",
        "School, college and work",
        "School, college, training, apprenticeships, jobs.",
    ),
    Theme(
        "health_wellbeing",
        "Health and wellbeing",
        "Feeling well",
        "Feelings, mental health, physical health, sleep.",
    ),
    Theme(
        "leaving_care",
        "Leaving care and after-care",
        "Leaving care",
        "Pathway plan, after-care, housing, money and grants, independence skills.",
    ),
    Theme(
        "activities",
        "Activities and participation",
        "Things to do",
        "Hobbies, sport, events, clubs, the Children in Care Council.",
    ),
    Theme(
        "rights_support",
        "Rights, advocacy and support",
        "Your rights and who can help",
        "Advocacy, complaints, entitlements, knowing who to contact.",
    ),
)

_ORDER = {t.id: i for i, t in enumerate(THEMES)}
_BY_ID = {t.id: t for t in THEMES}


def theme_by_id(theme_id: str) -> Theme:
    """The Theme with this id (KeyError if unknown)."""
    return _BY_ID[theme_id]


BH, ME, PR, IRO, SW = (
    "being_heard",
    "meeting_experience",
    "preparation",
    "iro_relationship",
    "social_worker",
)
FC, PH, EW, HW = "family_contact", "placement_home", "education_work", "health_wellbeing"
LC, AC, RS = "leaving_care", "activities", "rights_support"

# ---------------------------------------------------------------------------------------------
# English phrase rules. Order matters only between alternatives that start at the same place:
# longer, more specific phrases first. An empty theme tuple consumes the words without a theme.
# ---------------------------------------------------------------------------------------------
_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # words to swallow so that shorter rules below do not fire on them
    (r"social (?:media|life)|work(?:s|ed)? out|doesn't work|does not work|didn't work", ()),
    (r"feel(?:s|ing)? like|felt like", ()),
    # multi-theme and disambiguating phrases
    (r"staying put", (LC, PH)),
    (
        r"(?:meeting|meetings|review|reviews|having it|have it|hold it|held|do it) (?:at|in) "
        r"(?:my |the |our )?(?:foster )?(?:house|home|school|college|office|centre)",
        (ME,),
    ),
    (
        r"(?:don't|didn't|do not|did not) want (?:my |the |him |her |them )?(?:\w+ )?"
        r"(?:at|in|to come to) (?:my|the) (?:review|meeting)s?",
        (ME,),
    ),
    (r"(?:swimming|dance|music|guitar|piano|drum|boxing|singing|riding) lessons?", (AC,)),
    (r"bursary", (EW, LC)),
    (r"pep meetings?", (EW, ME)),
    (r"setting up home(?: grant)?|leaving care (?:grant|team|service)|care leavers?", (LC,)),
    (r"residential trip|school trip|day trip", (AC,)),
    (r"independent reviewing officers?|reviewing officers?|iros?|i\.r\.o", (IRO,)),
    (r"social workers?|social services|social work team|new worker|my worker|sws", (SW,)),
    (
        r"personal advis[eo]rs?|pathway plans?|after ?care|leaving care|leave care|semi[- ]independent",
        (LC,),
    ),
    (
        r"foster (?:mum|mam|mom|dad|mother|father|parents?|family|families|home|placement|brother|sister)s?",
        (PH,),
    ),
    (
        r"foster carers?|carers?|key ?workers?|children's home|care home|residential|placements?",
        (PH,),
    ),
    (r"pep|personal education plan|virtual school", (EW,)),
    (
        r"children in care council|cicc|young voices|youth council|awards? (?:night|evening|event)",
        (AC,),
    ),
    (r"mind of my own|momo|childline", (RS,)),
    # being heard
    (
        r"listen(?:ed|s|ing)?|not heard|being heard|felt heard|feel heard|taken seriously|"
        r"take (?:me|us|my views) seriously|talk(?:ed|s|ing)? (?:over|down to)|"
        r"talk(?:ed|s|ing)? about me|ignored|ignore me|ignores me|"
        r"(?:say|said|tell|told) (?:them )?what i (?:want|wanted|think|thought|felt|feel|mean)|"
        r"(?:asks?|asked) (?:me )?what i (?:want|wanted|think|thought)|what i (?:think|thought)|"
        r"nobody asks|no one asks|never asks?|had (?:my|his|her|their|a) say|have (?:my|a) say|"
        r"my (?:views|view|opinion|voice|wishes)|(?:his|her|their|our) views|views (?:were|are|was)|"
        r"speak for myself|get a word in|(?:couldn't|can't|able to|didn't feel able to) "
        r"(?:say|speak)|don't count|already decided|decided before|"
        r"without (?:anyone|anybody|being|somebody|someone) (?:asking|asked)",
        (BH,),
    ),
    # preparation
    (
        r"pre[- ]?meetings?|(?:little|short) meeting before|meeting before|before (?:the|my) "
        r"(?:review|meeting)|beforehand|told (?:me )?about the (?:meeting|review)|"
        r"reports?|minutes|agenda|paperwork|consultation (?:form|booklet)|"
        r"(?:day|night|morning) before|last minute|short notice|knew what was going to happen|"
        r"what the plan (?:was|is)|(?:the|my|care) plan|plan (?:is|was) (?:on hold|discussed)|"
        r"letter after|prepared|get ready|got ready",
        (PR,),
    ),
    # meeting experience
    (
        r"too many people|people (?:i|we) don't know|professionals|who (?:comes|came|attends|is "
        r"there|was there|is invited|gets invited)|choose who|invited|"
        r"meetings?|reviews?|too long|(?:went|goes|go) on (?:forever|and on)|took (?:forever|ages)|"
        r"(?:have|had|take|took|need) (?:a )?breaks?|time out|leave the room|put on the spot|"
        r"everyone (?:was )?(?:looking|staring|sitting)|sitting round|interpreter|jargon|"
        r"words i (?:don't|didn't) understand|(?:council )?office|tiny room|venue|"
        r"(?:on|over) (?:teams|zoom)|chair(?:ed)? (?:part of )?my own|police officer|"
        r"sent my views|didn't go|don't go to|cancelled twice|rearranged",
        (ME,),
    ),
    # family contact
    (
        r"mum|mam|mom|mummy|dad|daddy|father|mother|parents|brothers?|sisters?|siblings?|"
        r"nan|nana|nanny|gran|granny|grandma|grandad|grandpa|grandparents?|aunt|auntie|aunty|"
        r"uncles?|cousins?|family|families|friends?|sleepovers?|(?:my|our) (?:son|daughter|"
        r"children|kids|baby)|family centre|video call",
        (FC,),
    ),
    # placement and home
    (
        r"where i live|live here|living here|living with|live closer|live with|move back|"
        r"moved|moving|moves|move me|moving me|respite|bedroom|house rules|rules|curfew|"
        r"pets?|dogs?|cats?|"
        r"(?:like|love|happy|settled|safe) (?:it )?here|want to stay|wanted to stay|dinners?",
        (PH,),
    ),
    # education and work
    (
        r"schools?|college|uni|university|sixth form|teachers?|lessons?|class(?:es)?|gcses?|"
        r"a levels?|exams?|homework|maths|english|science|tutor|excluded|exclusions?|isolation|"
        r"apprenticeships?|traineeship|training|courses?|jobs?|part time|career|cv|grades|"
        r"work experience|"
        r"reading|education|nursery|laptop|want to (?:be|become) an? \w+",
        (EW,),
    ),
    # health and wellbeing
    (
        r"feelings?|mental health|health|anxious|anxiety|depress(?:ed|ion)?|sad|lonely|"
        r"worr(?:y|ied|ies)|stress(?:ed)?|sleep|tired|headaches?|doctors?|dentist|gp|hospital|"
        r"camhs|counsell?(?:ing|or)|therap(?:y|ist)|medication|poorly|ill|cried|crying|nervous|"
        r"panic|self[- ]esteem|self[- ]harm|hurt(?:ing)? myself|kill myself|suicid\w*|"
        r"want to die|i'm (?:fine|ok|okay|alright)|i feel (?:a lot )?(?:better|worse)|"
        r"feel(?:ing)? (?:a lot )?(?:better|worse|down|low)",
        (HW,),
    ),
    # leaving care
    (
        r"flat|housing|tenancy|rent|bills|council tax|universal credit|benefits|grants?|"
        r"budget(?:ing)?|cook|cooking|turning 18|turn 18|move out|moving out|somewhere to live|"
        r"independence|independent living|money",
        (LC,),
    ),
    # activities
    (
        r"clubs?|football|swimming|boxing|dance|dancing|sports?|gym|hobby|hobbies|trips?|"
        r"holidays?|activities|activity|events?|scouts|cadets|music|drama|guitar|"
        r"zoo|cinema|rugby|cricket|netball|gaming|xbox",
        (AC,),
    ),
    # rights and support
    (
        r"advocates?|advocacy|complain(?:t|ts|ed)?|rights|entitled|entitlements?|"
        r"who to (?:ring|call|contact|talk to|tell|ask)|how to complain|lawyer|solicitor|"
        r"independent visitor",
        (RS,),
    ),
)

_RULE_RX = compile_alternation([pat for pat, _ in _RULES], r"\b", r"\b")
_RULE_THEMES: tuple[tuple[str, ...], ...] = tuple(ids for _, ids in _RULES)

# A respondent saying who they are ("As his mum ...", "Foster carer here:") is not a theme.
_ROLE_RX = re.compile(
    r"\b(?:as (?:a|an|his|her|their|the|our|my) ?|i'm (?:his|her|their|the) |"
    r"i am (?:his|her|their|the) |we are (?:his|her|their|the) )"
    r"(?:foster )?(?:parents?|mum|mom|dad|mother|father|carers?|foster carers?)\b"
    r"|\bas (?:foster )?carers\b|\bas parents\b|^(?:foster )?carer here\b"
)
_SPEAK = {
    "sw": "social worker",
    "didnt": "didn't",
    "dont": "don't",
    "cant": "can't",
    "couldnt": "couldn't",
    "doesnt": "doesn't",
    "im": "i'm",
    "skool": "school",
    "coll": "college",
    "bro": "brother",
    "sis": "sister",
}

# Words that name a theme only as nouns ("my work", not "it doesn't work"). Looked up in the noun
# phrases found by the tagger and chunk grammar.
_NOUN_HEADS: dict[str, tuple[str, ...]] = {
    "work": (EW,),
    "contact": (FC,),
    "home": (PH,),
    "house": (PH,),
    "room": (PH,),
    "plan": (PR,),
    "break": (ME,),
    "chair": (ME,),
    "visit": (SW,),
    "visits": (SW,),
    "art": (EW,),
    "play": (AC,),
    "game": (AC,),
    "games": (AC,),
    "match": (AC,),
    "area": (PH,),
    "letter": (PR,),
}
_SENTENCE_END_RX = re.compile(r"[.!?;\n]+")
_NOUN_TRIGGER_RX = re.compile(r"\b(?:" + "|".join(sorted(_NOUN_HEADS)) + r")\b")


def _prepare_english(text: str) -> str:
    low = normalise(text).lower().replace("’", "'")
    low = replace_words(low, _SPEAK)
    return _ROLE_RX.sub(" ", low)


def _rule_themes(low: str) -> set[str]:
    found: set[str] = set()
    for m in _RULE_RX.regex.finditer(low):
        found.update(_RULE_THEMES[_RULE_RX.index(m)])
    return found


def _np_themes(low: str) -> set[str]:
    found: set[str] = set()
    masked = _RULE_RX.regex.sub(" , ", low)  # only what the rules did not already read
    # Tag only the sentences that hold a candidate noun: the tagger is the slow part.
    for sentence in _SENTENCE_END_RX.split(masked):
        if not _NOUN_TRIGGER_RX.search(sentence):
            continue
        for phrase in noun_phrases(sentence):
            for word in phrase.split():
                found.update(_NOUN_HEADS.get(word, ()))
    return found


# ---------------------------------------------------------------------------------------------
# Arabic keywords (folded with fold_arabic; article and one-letter prefixes removed)
# ---------------------------------------------------------------------------------------------
_AR_KEYWORDS_RAW: dict[str, tuple[str, ...]] = {
    BH: ("يستمع", "يسمعني", "تسمعني", "يسمع", "سمعني", "يستمعون", "رأيي", "صوتي", "يسمعوني"),
    ME: ("اجتماع", "اجتماعات", "مترجم", "مترجمة", "ناس كثير", "ناس كتير"),
    PR: ("خطة", "تقرير", "قبل اجتماع", "محضر"),
    IRO: ("مسؤول مستقل", "مسؤول مراجعة", "ضابط مستقل", "مسؤول مراجعة مستقل"),
    SW: (
        "أخصائي اجتماعي",
        "أخصائية اجتماعية",
        "اخصائي اجتماعي",
        "عامل اجتماعي",
        "عاملة اجتماعية",
        "سوشيال",
        "باحث اجتماعي",
        "باحثة اجتماعية",
    ),
    FC: (
        "أمي",
        "ماما",
        "أبي",
        "بابا",
        "أخي",
        "أختي",
        "إخوتي",
        "اخوتي",
        "أخواتي",
        "أهلي",
        "عائلتي",
        "عائلة",
        "جدتي",
        "جدي",
        "صديقي",
        "أصدقائي",
        "أصحابي",
        "خالتي",
        "عمتي",
        "عمي",
        "خالي",
    ),
    PH: (
        "بيت",
        "منزل",
        "عائلة حاضنة",
        "عائلتي حاضنة",
        "أسرة حاضنة",
        "حاضنة",
        "حاضن",
        "قواعد",
        "غرفتي",
        "سكن مشترك",
    ),
    EW: (
        "مدرسة",
        "كلية",
        "جامعة",
        "معلم",
        "معلمة",
        "مدرس",
        "مدرسة",
        "دراسة",
        "عمل",
        "شغل",
        "وظيفة",
        "إنجليزية",
        "انجليزي",
        "لغة",
        "دروس",
        "أتعلم",
        "امتحان",
    ),
    HW: ("أنام", "نوم", "طبيب", "دكتور", "صحتي", "صحة", "مريض", "مريضة", "تعبان", "مستشفى", "دواء"),
    LC: ("سكن", "مال", "فلوس", "شقة", "إيجار", "مغادرة رعاية", "راتب", "منحة"),
    AC: ("كرة قدم", "نادي", "رياضة", "سباحة", "رسم", "رحلة", "ملاكمة", "موسيقى"),
    RS: ("محامي", "محام", "شكوى", "حقوقي", "حقوق", "لجوء", "مدافع", "مناصر"),
}
_AR_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل")
_AR_TOKEN_RX = re.compile(r"[\u0621-\u064a]+")


def _ar_strip(tok: str) -> str:
    if tok.startswith("ال") and len(tok) > 3:
        return tok[2:]
    return tok


_AR_KEYWORDS: dict[str, tuple[str, ...]] = {
    theme: tuple(" ".join(_ar_strip(t) for t in fold_arabic(k).split()) for k in kws)
    for theme, kws in _AR_KEYWORDS_RAW.items()
}
_AR_VOCAB = frozenset(t for kws in _AR_KEYWORDS.values() for k in kws for t in k.split())
_AR_FOSTER_FAMILY = tuple(
    " ".join(_ar_strip(t) for t in fold_arabic(k).split())
    for k in ("عائلتي حاضنة", "عائلة حاضنة", "أسرة حاضنة")
)


def _ar_canon(tok: str) -> str:
    if tok in _AR_VOCAB:
        return tok
    for pre in _AR_PREFIXES:
        if tok.startswith(pre) and len(tok) - len(pre) >= 2:
            rest = tok[len(pre) :]
            if rest in _AR_VOCAB:
                return rest
            rest2 = _ar_strip(rest)
            if rest2 in _AR_VOCAB:
                return rest2
    return tok


def _arabic_themes(text: str) -> set[str]:
    toks = [_ar_canon(t) for t in _AR_TOKEN_RX.findall(fold_arabic(normalise(text)))]
    joined = f" {' '.join(toks)} "
    found: set[str] = set()
    for theme, kws in _AR_KEYWORDS.items():
        if any(f" {k} " in joined for k in kws):
            found.add(theme)
    # "the foster family" is the placement, not birth family.
    if PH in found and FC in found:
        rest = joined
        for phrase in _AR_FOSTER_FAMILY:
            rest = rest.replace(f" {phrase} ", " ")
        if not any(f" {k} " in rest for k in _AR_KEYWORDS[FC]):
            found.discard(FC)
    return found


# ---------------------------------------------------------------------------------------------


def _ordered(ids: Iterable[str]) -> list[str]:
    return sorted(set(ids), key=_ORDER.__getitem__)


def find_themes(text: str, lang: str = "en") -> list[str]:
    """Theme ids for one comment, in THEMES order, without duplicates.

    English and Arabic are tagged (text in Arabic script always uses the Arabic keywords);
    other languages return []. Safety concerns are not themes: see ``analysis.safety``.
    """
    if not text or not text.strip():
        return []
    base = (lang or "en").strip().lower().replace("_", "-").split("-")[0]
    if ARABIC_LETTER_RX.search(text):
        return _ordered(_arabic_themes(text)) if base in ("ar", "en") else []
    if base not in ("en", "ar"):
        return []
    low = _prepare_english(text)
    found = _rule_themes(low)
    if "😢" in text or "😭" in text:
        found.add(HW)
    if not found or _NOUN_TRIGGER_RX.search(low):
        found |= _np_themes(low)
    return _ordered(found)


_PHRASE_STOPWORDS = frozenset(
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
        for phrase in noun_phrases(_prepare_english(text)):
            ws = phrase.split()
            while ws and ws[0] in _PHRASE_STOPWORDS:
                ws = ws[1:]
            if not ws or all(w in _PHRASE_STOPWORDS for w in ws):
                continue
            seen.add(" ".join(ws))
        counts.update(seen)
    ranked = sorted(
        ((p, n) for p, n in counts.items() if n >= min_count), key=lambda pn: (-pn[1], pn[0])
    )
    return ranked[:limit]
