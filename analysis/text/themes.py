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
   PatternTagger + chunk grammar in ``analysis.text.tagging``. This pass runs only when the comment
   contains such a word or when the rules found nothing, which keeps the tagger off most
   comments (it costs about ten times the rules).

3. a learned model (``models/themes.json.gz``: word and character n-grams, one logistic
   regression per theme, trained by ``python -m training.train_feedback``), because children
   name the same things in words no list holds. A theme is found when the model gives it at
   least ``model_at``, or the rules found it and the model gives it at least the theme's
   ``with_rule_at``: a rule is evidence, and where a theme's rules are imprecise (they fire on
   "school" or "home" said in passing) the model can veto them. The thresholds are chosen by
   cross-validation on the training data and stored in the model file.

Arabic: a small keyword list per theme, matched on folded tokens with the article and one-letter
prefixes (و، ف، ب، ل) removed. Other languages get no themes.

The rules and keywords live in ``analysis.text.theme_rules``; THEMES_VERSION fingerprints them, the
taxonomy, the tagger's model data (by library version), the model file and this code.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from analysis.text import alternation, linear_model, tagging
from analysis.text import normalise as normalisation
from analysis.text import theme_rules as rules
from analysis.text.alternation import compile_alternation
from analysis.text.fingerprint import fingerprint, library, module_data, source
from analysis.text.normalise import (
    ARABIC_LETTER_RX,
    ascii_word_runs,
    base_language,
    fold_arabic,
    may_hold_words,
    models_read,
    normalise,
    replace_words,
    word_beginnings,
)
from analysis.text.tagging import noun_phrases

__all__ = [
    "MODEL",
    "THEMES",
    "THEMES_VERSION",
    "Theme",
    "combine",
    "find_modelled_themes",
    "find_themes",
    "prepare_english",
    "rule_themes",
    "rules_version",
    "theme_by_id",
]

MODEL = "themes"  # analysis/text/models/themes.json.gz


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


_RULES = compile_alternation([pat for pat, _ in rules.RULES], "", r"\b")
# The rules as if led by \b, searched in " " + text behind a non-word character: every rule
# starts with a letter and ends with a word character, so a rule starts at a word start just
# after one, and a pattern led by a class lets the engine skip to those in C, where \b made it
# try the tree at every character. Group 1 is that character; the tree's groups follow it.
_RULE_RX = re.compile(r"(\W)" + _RULES.regex.pattern)
_RULE_THEMES: tuple[tuple[str, ...], ...] = tuple(ids for _, ids in rules.RULES)
# As a prefix tree whose alternatives start with plain letters: the engine skips to them in C.
_ROLE_RX = compile_alternation(alternation.alternatives(rules.RESPONDENT_ROLES), "", "").regex
_SPEAK_BEGINNINGS = word_beginnings(rules.SPEAK)
_SENTENCE_END_RX = re.compile(r"[.!?;\n]+")
_NOUN_TRIGGER_RX = re.compile(r"\b(?:" + "|".join(sorted(rules.NOUN_HEADS)) + r")\b")
_NOUN_HEADS = frozenset(rules.NOUN_HEADS)
if not all(head.isalnum() and len(head) > 1 for head in rules.NOUN_HEADS):
    raise ValueError("_noun_triggers reads the noun heads as whole runs of word characters")


def prepare_english(text: str, prepared: str | None = None) -> str:
    """English text as the rules read it: lower case, text-speak spelt out, respondent roles
    ("as his mum") removed. `prepared`: normalise(text), if the caller has it."""
    low = (normalise(text) if prepared is None else prepared).lower().replace("’", "'")
    if may_hold_words(low, _SPEAK_BEGINNINGS):
        low = replace_words(low, rules.SPEAK)
    return _ROLE_RX.sub(" ", low)


def _rule_themes(low: str) -> set[str]:
    found: set[str] = set()
    for m in _RULE_RX.finditer(" " + low):
        assert m.lastindex is not None  # every rule ends with its group
        found.update(_RULE_THEMES[_RULES.owners[m.lastindex - 2]])
    return found


def _noun_triggers(low: str) -> list[str]:
    """_NOUN_TRIGGER_RX.findall(low). A head is a whole run of two or more word characters, so
    in ASCII text the runs split in C are looked up instead of the regex trying every letter."""
    if low.isascii():
        return list(filter(_NOUN_HEADS.__contains__, ascii_word_runs(low)))
    return _NOUN_TRIGGER_RX.findall(low)


def _np_themes(low: str) -> set[str]:
    found: set[str] = set()
    masked = _RULE_RX.sub(r"\1 , ", " " + low)[1:]  # only what the rules did not already read
    # Tag only the sentences that hold a candidate noun: the tagger is the slow part.
    for sentence in _SENTENCE_END_RX.split(masked):
        if not _noun_triggers(sentence):
            continue
        for phrase in noun_phrases(sentence):
            for word in phrase.split():
                found.update(rules.NOUN_HEADS.get(word, ()))
    return found


_AR_TOKEN_RX = re.compile(r"[\u0621-\u064a]+")


def _ar_strip(tok: str) -> str:
    if tok.startswith("ال") and len(tok) > 3:
        return tok[2:]
    return tok


_AR_KEYWORDS: dict[str, tuple[str, ...]] = {
    theme: tuple(" ".join(_ar_strip(t) for t in fold_arabic(k).split()) for k in kws)
    for theme, kws in rules.AR_KEYWORDS.items()
}
_AR_VOCAB = frozenset(t for kws in _AR_KEYWORDS.values() for k in kws for t in k.split())
_AR_FOSTER_FAMILY = tuple(
    " ".join(_ar_strip(t) for t in fold_arabic(k).split()) for k in rules.AR_FOSTER_FAMILY
)


def _ar_canon(tok: str) -> str:
    if tok in _AR_VOCAB:
        return tok
    for pre in rules.AR_PREFIXES:
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
    if rules.PH in found and rules.FC in found:
        rest = joined
        for phrase in _AR_FOSTER_FAMILY:
            rest = rest.replace(f" {phrase} ", " ")
        if not any(f" {k} " in rest for k in _AR_KEYWORDS[rules.FC]):
            found.discard(rules.FC)
    return found


# ---------------------------------------------------------------------------------------------


def _ordered(ids: Iterable[str]) -> list[str]:
    return sorted(set(ids), key=_ORDER.__getitem__)


def rule_themes(text: str, lang: str = "en") -> list[str]:
    """Theme ids the rules alone find (English phrases and noun phrases, Arabic keywords)."""
    if not text or not text.strip():
        return []
    base = base_language(lang)
    if ARABIC_LETTER_RX.search(text):
        return _ordered(_arabic_themes(text)) if base in ("ar", "en") else []
    if base not in ("en", "ar"):
        return []
    return _ordered(_english_rule_themes(text))


def _english_rule_themes(
    text: str, wanted: frozenset[str] | None = None, prepared: str | None = None
) -> set[str]:
    """The English rules' themes. With `wanted`, the noun-phrase pass (the tagger: most of the
    rules' time) runs only if it could add one of those themes; the others would not change
    what the caller does with the result."""
    low = prepare_english(text, prepared)
    found = _rule_themes(low)
    if "😢" in text or "😭" in text:
        found.add(rules.HW)
    triggers = _noun_triggers(low)
    if not found or triggers:
        could_add = {t for w in triggers for t in rules.NOUN_HEADS[w]}
        if wanted is None or (could_add - found) & wanted:
            found |= _np_themes(low)
    return found


def combine(
    classes: tuple[str, ...],
    probabilities: tuple[float, ...],
    by_rules: Iterable[str],
    params: Mapping[str, Any],
) -> list[str]:
    """Themes the model is sure of (``model_at``), and themes the rules found that the model
    does not rule out (each theme's ``with_rule_at``: 0 where the rules are precise)."""
    ruled = set(by_rules)
    model_at: float = params["model_at"]
    with_rule_at: Mapping[str, float] = params["with_rule_at"]
    return _ordered(
        c
        for c, p in zip(classes, probabilities, strict=True)
        if p >= model_at or (c in ruled and p >= with_rule_at[c])
    )


@lru_cache(maxsize=4)
def _thresholds(model: linear_model.LinearModel) -> tuple[float, tuple[float, ...], bool]:
    """The model's ``model_at``, each class's ``with_rule_at`` in class order, and whether its
    classes are in THEMES order: read once, not looked up by name for every comment."""
    params = model.meta["combine"]
    with_rule_at = tuple(float(params["with_rule_at"][c]) for c in model.classes)
    return float(params["model_at"]), with_rule_at, list(model.classes) == _ordered(model.classes)


def _rules_could_add(
    classes: tuple[str, ...], probabilities: tuple[float, ...], model: linear_model.LinearModel
) -> frozenset[str]:
    """The themes a rule's finding would change in `combine`: where the model is unsure, at
    least the theme's ``with_rule_at`` and below ``model_at``."""
    model_at, with_rule_at, _ = _thresholds(model)
    return frozenset(
        c
        for c, p, at in zip(classes, probabilities, with_rule_at, strict=True)
        if at <= p < model_at
    )


def _model_alone(
    classes: tuple[str, ...], probabilities: tuple[float, ...], model: linear_model.LinearModel
) -> list[str]:
    """`combine` with no theme found by the rules (most comments): the themes at ``model_at`` or
    above, already in THEMES order when the classes are, without the set and the sort."""
    model_at, _, in_order = _thresholds(model)
    sure = [c for c, p in zip(classes, probabilities, strict=True) if p >= model_at]
    return sure if in_order else _ordered(sure)


def find_themes(
    text: str,
    lang: str = "en",
    *,
    prepared: str | None = None,
) -> list[str]:
    """Theme ids for one comment, in THEMES order, without duplicates.

    English and Arabic are tagged (text in Arabic script always uses the Arabic keywords, by
    rules only); English also by the model. Other languages return []. Safety concerns are not
    themes: see ``analysis.text.safety``. A caller that has it passes ``prepared``,
    normalise(text): the same result. One that has the model's scores too calls
    find_modelled_themes.
    """
    if not text or not models_read(text, lang):
        return rule_themes(text, lang)  # Arabic letters: keywords only, the model is English
    if prepared is None:
        prepared = normalise(text)
    return find_modelled_themes(text, prepared, linear_model.load(MODEL).decision(prepared))


def find_modelled_themes(text: str, prepared: str, decision: tuple[float, ...]) -> list[str]:
    """find_themes of a text the models read (normalise.models_read), given its normal form and
    the model's scores: for a caller that has checked that already (analyse_text)."""
    model = linear_model.load(MODEL)
    probabilities = model.probabilities_of(decision)
    params = model.meta["combine"]
    # Elsewhere the tagger need not run, and where the model is unsure of no theme (most
    # comments) the rules need not run at all.
    unsure = _rules_could_add(model.classes, probabilities, model)
    if not unsure:
        return _model_alone(model.classes, probabilities, model)
    by_rules = _ordered(_english_rule_themes(text, unsure, prepared))
    return combine(model.classes, probabilities, by_rules, params)


def _model_version() -> str:
    """The model file's version; "untrained" only before the first `training.train_feedback`."""
    path = linear_model.model_path(MODEL)
    return linear_model.file_version(path) if path.exists() else "untrained"


def rules_version() -> str:
    """The version the rules as loaded and this code give: "themes-" and their fingerprint."""
    code = (
        source(sys.modules[__name__]),
        source(normalisation),
        source(tagging),
        source(alternation),
    )
    models = (
        library("textblob"),  # the tagger's lexicon
        library("nltk"),  # the chunker
        _model_version(),
        source(linear_model),
    )
    return f"themes-{fingerprint(module_data(rules), *models, *code)}"


THEMES_VERSION = rules_version()
