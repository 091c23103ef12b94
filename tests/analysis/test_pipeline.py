"""Behaviour of analysis.pipeline.analyse_text (safety + sentiment + themes)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from analysis.pipeline import ANALYSER_VERSION, TextAnalysis, analyse_text
from analysis.safety import SAFETY_VERSION, SafetyFinding
from analysis.sentiment import SENTIMENT_VERSION, score_sentiment
from analysis.themes import THEMES_VERSION, find_themes


def test_version_joins_the_three_part_versions() -> None:
    assert f"{SAFETY_VERSION}+{SENTIMENT_VERSION}+{THEMES_VERSION}" == ANALYSER_VERSION


def test_returns_text_analysis() -> None:
    assert isinstance(analyse_text("good"), TextAnalysis)


def test_result_is_frozen() -> None:
    result = analyse_text("good")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.label = "negative"  # type: ignore[misc]


def test_safety_is_a_safety_finding() -> None:
    assert isinstance(analyse_text("my review was fine").safety, SafetyFinding)


def test_sentiment_matches_score_sentiment() -> None:
    text = "good but too long"
    expected = score_sentiment(text)
    result = analyse_text(text)
    assert (result.sentiment, result.label) == (expected.polarity, expected.label)


def test_themes_match_find_themes_as_tuple() -> None:
    text = "My IRO listened to me but my social worker keeps changing"
    assert analyse_text(text).themes == tuple(find_themes(text))


def test_to_dict_has_the_stored_keys() -> None:
    assert set(analyse_text("good").to_dict()) == {
        "safety",
        "sentiment",
        "label",
        "themes",
        "version",
    }


def test_to_dict_carries_version() -> None:
    assert analyse_text("good").to_dict()["version"] == ANALYSER_VERSION


def test_to_dict_themes_is_a_list_of_ids() -> None:
    assert analyse_text("my carers are kind").to_dict()["themes"] == ["placement_home"]


def test_to_dict_safety_is_the_findings_dict() -> None:
    result = analyse_text("I feel scared at home")
    assert result.to_dict()["safety"] == result.safety.to_dict()


def test_to_dict_is_json_serialisable() -> None:
    data = analyse_text("I want to see my mum more 🙂").to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_concern_is_flagged_whatever_the_sentiment() -> None:
    # plain textblob and our sentiment both cannot be relied on for this; the screen can
    assert analyse_text("he hits me").safety.flag is True


def test_ordinary_feedback_is_not_flagged() -> None:
    assert analyse_text("My IRO listened to me").safety.flag is False


def test_arabic_is_analysed() -> None:
    result = analyse_text("المدرسة ممتازة", "ar")
    assert (result.label, result.themes) == ("positive", ("education_work",))


def test_empty_text_is_neutral_and_unflagged() -> None:
    result = analyse_text("")
    assert (result.safety.flag, result.label, result.themes) == (False, "neutral", ())


def test_other_language_is_neutral_without_themes() -> None:
    result = analyse_text("c'était bien", "fr")
    assert (result.sentiment, result.label, result.themes) == (0.0, "neutral", ())
