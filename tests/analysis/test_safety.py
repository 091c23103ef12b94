"""Tests for the free-text safety screen (analysis.text.safety)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.text.safety import CATEGORIES, SafetyFinding, screen_text

DATA = Path(__file__).parent / "data"


def _load(name: str) -> list[dict[str, object]]:
    with (DATA / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _scores(rows: list[dict[str, object]]) -> tuple[float, float]:
    tp = fp = fn = 0
    for row in rows:
        flagged = screen_text(str(row["text"]), str(row["lang"])).flag
        tp += flagged and bool(row["flag"])
        fp += flagged and not row["flag"]
        fn += (not flagged) and bool(row["flag"])
    return tp / (tp + fn), tp / (tp + fp)


# --- the labelled set ----------------------------------------------------------------------
def test_labelled_set_is_big_varied_and_well_formed() -> None:
    rows = _load("safety_labelled.jsonl")
    assert len(rows) >= 300
    assert sum(r["lang"] == "ar" for r in rows) >= 40
    assert 0.35 <= sum(bool(r["flag"]) for r in rows) / len(rows) <= 0.5
    assert all((r["category"] in CATEGORIES) == r["flag"] for r in rows)


@pytest.mark.parametrize(
    "name",
    [
        "safety_heldout.jsonl",
        "safety_heldout2.jsonl",
        "safety_heldout3.jsonl",
        "safety_heldout4.jsonl",
    ],
)
def test_heldout_set_is_well_formed(name: str) -> None:
    rows = _load(name)
    assert len(rows) >= 60
    assert all((r["category"] in CATEGORIES) == r["flag"] for r in rows)


def test_recall_on_labelled_set_is_at_least_95_percent() -> None:
    recall, _ = _scores(_load("safety_labelled.jsonl"))
    assert recall >= 0.95


def test_precision_on_labelled_set_is_at_least_80_percent() -> None:
    _, precision = _scores(_load("safety_labelled.jsonl"))
    assert precision >= 0.80


# --- negation ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "I'm not scared",
        "I don't feel scared anymore",
        "i'm not frightened of anyone here",
        "nobody hits me",
        "I would never hurt myself",
        "i used to be scared but not anymore",
        "I am not unsafe",
    ],
)
def test_negated_concern_is_not_flagged(text: str) -> None:
    assert not screen_text(text).flag


@pytest.mark.parametrize("text", ["I don't feel safe", "I never feel safe", "not safe"])
def test_negated_safety_is_flagged(text: str) -> None:
    assert screen_text(text).category == "unsafe_scared"


def test_a_no_in_an_earlier_sentence_does_not_negate() -> None:
    assert screen_text("No. I'm scared").flag


# --- spelling and text-speak ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("im scard", "unsafe_scared"),
        ("im scaredd", "unsafe_scared"),
        ("sooo scaaared", "unsafe_scared"),
        ("u dont no how scared i am", "unsafe_scared"),
        ("i feel unsafe", "unsafe_scared"),
        ("wanna die", "self_harm_suicide"),
        ("kms", "self_harm_suicide"),
        ("mums boyfriend hurtin me", "hurt_abuse"),
        ("he hit me", "hurt_abuse"),
        ("he hits me", "hurt_abuse"),
    ],
)
def test_misspelling_and_text_speak_are_flagged(text: str, category: str) -> None:
    assert screen_text(text).category == category


def test_matched_phrase_is_reported_as_written() -> None:
    assert screen_text("sooo scaaared").matched == ("scaaared",)


def test_fullwidth_letters_are_normalised() -> None:
    assert screen_text("ｉ’ｍ ｓｃａｒｅｄ").flag


# --- harmless look-alikes ------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "we watched a scary film",
        "I killed it at football",
        "my brother is a pain lol",
        "dying to see my mum",
        "this game is killing me haha",
        "safe as",
        "I feel safe",
        "my iro is safe",
        "he beat me at fifa",
        "I'm afraid I can't come on Tuesday",
        "im scared of spiders",
        "i need help with my CV",
        "my IRO listened to me",
        "too many people at my meeting",
    ],
)
def test_harmless_look_alike_is_not_flagged(text: str) -> None:
    assert not screen_text(text).flag


def test_harmless_phrase_does_not_hide_a_real_concern() -> None:
    assert screen_text("I'm afraid I can't come, he hits me").category == "hurt_abuse"


# --- Arabic --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("أنا خائف", "unsafe_scared"),
        ("انا خايف", "unsafe_scared"),
        ("البيت غير آمن", "unsafe_scared"),
        ("انا مش آمن هنا", "unsafe_scared"),
        ("هو يضربني", "hurt_abuse"),
        ("أريد أن أموت", "self_harm_suicide"),
        ("أؤذي نفسي", "self_harm_suicide"),
    ],
)
def test_arabic_concern_is_flagged(text: str, category: str) -> None:
    assert screen_text(text, "ar").category == category


@pytest.mark.parametrize(
    "text",
    [
        "أُرِيدُ أَنْ أَمُوتَ",  # diacritics
        "اريد ان اموت",  # bare alef
        "إريد أن أموت",  # alef with hamza below
        "خـــائف",  # tatweel
        "انا خائفه",  # ta marbuta written as ha
        "خاااايف",  # stretched letters
    ],
)
def test_arabic_spelling_variants_are_normalised(text: str) -> None:
    assert screen_text(text, "ar").flag


@pytest.mark.parametrize("text", ["مش خايف", "أنا لست خائفا", "أشعر بالأمان", "فيلم مخيف"])
def test_arabic_negation_and_look_alikes_are_not_flagged(text: str) -> None:
    assert not screen_text(text, "ar").flag


def test_mixed_language_message_is_screened_with_both_rule_sets() -> None:
    assert screen_text("my carer يضربني", "en").category == "hurt_abuse"


def test_unknown_language_falls_back_to_english_and_arabic_rules() -> None:
    assert screen_text("i want to die", "fr").flag
    assert screen_text("أريد أن أموت", "fr").flag


# --- urgency and the contract --------------------------------------------------------------
def test_most_urgent_category_wins_and_all_phrases_are_listed() -> None:
    finding = screen_text("im being bullied and im scared and i want to die")
    assert finding.category == "self_harm_suicide"
    assert finding.urgency == "urgent"
    assert finding.matched == ("bullied", "scared", "want to die")


def test_other_concerns_are_high_urgency() -> None:
    assert screen_text("im being bullied at school").urgency == "high"


def test_categories_are_the_stable_ids_most_urgent_first() -> None:
    assert CATEGORIES == (
        "self_harm_suicide",
        "hurt_abuse",
        "exploitation_grooming",
        "missing_runaway",
        "unsafe_scared",
        "urgent_contact",
        "bullying",
        "worry",
    )


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("honestly i just want it all to stop", "self_harm_suicide"),
        ("some nights i wish i could just sleep forever", "self_harm_suicide"),
        ("i cant see any future for me", "self_harm_suicide"),
        ("my stepdad pins me on the floor", "hurt_abuse"),
        ("no tea for me again as a punishment", "hurt_abuse"),
        ("he does stuff to me when mum is out", "hurt_abuse"),
        ("they make me go to leeds for them on a school night", "exploitation_grooming"),
        ("a guy i met on roblox wants me to come to his flat", "exploitation_grooming"),
        ("we slept under a bridge on saturday", "missing_runaway"),
        ("nobody ever sits with me at dinner", "bullying"),
    ],
)
def test_families_of_indirect_wording_are_flagged(text: str, category: str) -> None:
    assert screen_text(text).category == category


def test_vaguer_distress_is_a_worry_a_person_must_read() -> None:
    finding = screen_text("i feel like nobody cares about me")
    assert (finding.flag, finding.category, finding.urgency) == (True, "worry", "high")


def test_worry_respects_negation_and_everyday_struggles() -> None:
    assert not screen_text("i dont feel lonely anymore, my carers are great").flag
    assert not screen_text("struggling with maths homework").flag


def test_to_dict_shape() -> None:
    assert screen_text("he hits me").to_dict() == {
        "flag": True,
        "category": "hurt_abuse",
        "urgency": "urgent",
        "matched": ["hits me"],
    }


def test_unflagged_finding() -> None:
    assert screen_text("my review was ok") == SafetyFinding(False, None, "none", ())


# --- awkward input -------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\u200b\u200b", "!!!"])
def test_empty_or_blank_text_is_not_flagged(text: str) -> None:
    assert screen_text(text).to_dict() == {
        "flag": False,
        "category": None,
        "urgency": "none",
        "matched": [],
    }


@pytest.mark.parametrize("hidden", ["\u200b", "\u200d", "\u2060", "\ufeff", "\u202e", "\u00ad"])
def test_invisible_or_rtl_override_character_inside_a_word_is_ignored(hidden: str) -> None:
    assert screen_text(f"i am sca{hidden}red").category == "unsafe_scared"


def test_very_long_text_is_screened_to_the_end() -> None:
    # How fast is bench/safety_screen.py's to measure; a regex that backtracked badly on long
    # text would hang here instead.
    text = "my review was fine and my carers are nice. " * 5000 + "he hits me"
    assert screen_text(text).category == "hurt_abuse"


@pytest.mark.parametrize(
    "disguised",
    [
        "he h\u0456ts me",  # Cyrillic і
        "he hits\U000e0020 me",  # an invisible tag character
        "he h\ufe0fits me",  # a variation selector
        "he h1ts me",  # leetspeak inside the word
        "he hιts me",  # Greek ι
    ],
)
def test_disguised_words_are_screened_like_plain_ones(disguised: str) -> None:
    plain = screen_text("he hits me")
    assert plain.flag
    found = screen_text(disguised)
    assert (found.flag, found.category) == (True, plain.category)


@pytest.mark.parametrize(
    "ordinary",
    [
        "I'm in year 7 and my review was at 4pm",
        "I got £5 pocket money, 16yo next month",
        "c u l8r, it was gr8 2day",
        "my email is sam@school.test",
    ],
)
def test_undoing_disguises_raises_no_alarm_on_ordinary_words(ordinary: str) -> None:
    assert not screen_text(ordinary).flag
