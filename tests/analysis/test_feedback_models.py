"""The learned sentiment and theme models beside the lexicon and rules (issue 17).

The sentences here were written for these tests and are not in the training data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.text import linear_model, sentiment, themes
from analysis.text.sentiment import SentimentResult, combine, lexicon_sentiment, score_sentiment
from analysis.text.themes import find_themes, rule_themes

CLASSES = ("mixed", "negative", "neutral", "positive")
PARAMS = {"lexicon_weight": 0.75, "short_words": 8, "lexicon_confident": 0.3}


def test_the_models_ship_and_load() -> None:
    mood = linear_model.load(sentiment.MODEL)
    topics = linear_model.load(themes.MODEL)
    assert mood.task == "multiclass" and mood.classes == CLASSES
    assert topics.task == "multilabel" and set(topics.classes) == {t.id for t in themes.THEMES}
    assert set(mood.meta["combine"]) >= set(PARAMS)
    assert set(topics.meta["combine"]["with_rule_at"]) == set(topics.classes)


@pytest.mark.parametrize(
    "text",
    [
        "My social worker has not replied to a single message since the summer holidays",
        "The paperwork for my passport was not sent off until after the trip had gone",
        "we waited two hours at the contact centre and my dad never turned up",
    ],
)
def test_complaints_worded_as_facts_are_negative(text: str) -> None:
    assert score_sentiment(text).label == "negative"


def test_the_model_reads_what_the_lexicon_cannot() -> None:
    text = "The paperwork for my passport was not sent off until after the trip had gone"
    assert lexicon_sentiment(text).label == "neutral"  # no word the lexicon scores
    assert score_sentiment(text).label == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "The IRO stood up for me when the school wanted to move me",
        "my PA came with me to the housing office and got them to fix the boiler",
    ],
)
def test_praise_worded_as_facts_is_positive(text: str) -> None:
    assert score_sentiment(text).label == "positive"


@pytest.mark.parametrize("text", ["It was great", "it was really good", "brilliant"])
def test_plain_praise_stays_positive(text: str) -> None:
    assert score_sentiment(text).label == "positive"


@pytest.mark.parametrize("text", ["It was rubbish", "boring", "I hated it"])
def test_plain_complaints_stay_negative(text: str) -> None:
    assert score_sentiment(text).label == "negative"


def test_not_bad_is_not_negative() -> None:
    assert score_sentiment("not bad").label != "negative"
    assert score_sentiment("the meeting was not bad this time").label != "negative"


def test_results_are_stable() -> None:
    text = "my social worker keeps cancelling on me and I have had to chase her for weeks"
    first = score_sentiment(text), find_themes(text)
    assert (score_sentiment(text), find_themes(text)) == first


def test_a_confident_lexicon_decides_a_short_comment() -> None:
    lexicon = SentimentResult(polarity=0.8, label="positive")
    sure_negative = (0.0, 0.97, 0.01, 0.02)
    assert combine(CLASSES, sure_negative, lexicon, 3, PARAMS) == lexicon
    # the same reading on a long comment is one vote among the model's
    decided = combine(CLASSES, sure_negative, lexicon, 20, PARAMS)
    assert decided.label == "negative" and decided.polarity == pytest.approx(-0.95)


def test_the_lexicon_tips_a_close_call() -> None:
    lexicon = SentimentResult(polarity=-0.2, label="negative")
    close = (0.05, 0.4, 0.1, 0.45)
    assert combine(CLASSES, close, lexicon, 20, PARAMS).label == "negative"


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("My foster carers are lovely and I have my own room now", "placement_home"),
        ("I want to see my little brother more often", "family_contact"),
        ("my PA helped me fill in the forms for my first flat", "leaving_care"),
        ("college is going well and I passed my first module", "education_work"),
        ("the IRO who chairs my reviews has known me for years", "iro_relationship"),
        ("nobody told me who I could complain to", "rights_support"),
    ],
)
def test_clear_themes_are_found(text: str, theme: str) -> None:
    assert theme in find_themes(text)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("They finally took on board what I wanted", "being_heard"),
        ("my PA keeps cancelling on me", "social_worker"),
    ],
)
def test_the_model_finds_a_theme_the_rules_miss(text: str, theme: str) -> None:
    assert theme not in rule_themes(text)
    assert theme in find_themes(text)


def test_the_model_vetoes_an_imprecise_rule_only_when_sure() -> None:
    params = {"model_at": 0.7, "with_rule_at": {"education_work": 0.1, "being_heard": 0.0}}
    classes = ("education_work", "being_heard")
    assert themes.combine(classes, (0.05, 0.01), ["education_work", "being_heard"], params) == [
        "being_heard"
    ]
    assert themes.combine(classes, (0.15, 0.01), ["education_work"], params) == ["education_work"]
    assert themes.combine(classes, (0.75, 0.01), [], params) == ["education_work"]


def test_arabic_and_other_languages_do_not_use_the_models() -> None:
    assert score_sentiment("المدرسة ممتازة", "ar") == lexicon_sentiment("المدرسة ممتازة", "ar")
    assert find_themes("المدرسة ممتازة", "ar") == rule_themes("المدرسة ممتازة", "ar")
    assert score_sentiment("c'était nul", "fr") == SentimentResult(0.0, "neutral")


def _retrain(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of a shipped model that the analysers read instead of the real one."""
    copy = tmp_path / f"{name}.json.gz"
    shutil.copyfile(linear_model.model_path(name), copy)
    monkeypatch.setattr(linear_model, "model_path", lambda _name: copy)
    return copy


def test_a_retrained_sentiment_model_changes_the_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = _retrain(sentiment.MODEL, tmp_path, monkeypatch)
    assert sentiment.rules_version() == sentiment.SENTIMENT_VERSION
    copy.write_bytes(copy.read_bytes() + b"\0")
    assert sentiment.rules_version() != sentiment.SENTIMENT_VERSION


def test_a_retrained_themes_model_changes_the_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = _retrain(themes.MODEL, tmp_path, monkeypatch)
    assert themes.rules_version() == themes.THEMES_VERSION
    copy.write_bytes(copy.read_bytes() + b"\0")
    assert themes.rules_version() != themes.THEMES_VERSION
