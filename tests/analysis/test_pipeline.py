"""Behaviour of analysis.text.pipeline.analyse_text (safety + sentiment + themes)."""

from __future__ import annotations

from analysis.text.pipeline import analyse_text


def test_contrast_in_one_answer_is_mixed() -> None:
    assert analyse_text("good but too long").label == "mixed"


def test_every_theme_an_answer_raises_is_found_in_theme_order() -> None:
    text = "My IRO listened to me but my social worker keeps changing"
    assert analyse_text(text).themes == ("being_heard", "iro_relationship", "social_worker")


def test_concern_is_flagged_whatever_the_sentiment() -> None:
    # sentiment cannot be relied on for this (the sentiment model has never seen a disclosure,
    # and is not meant to); the screen can, and a worry is never counted as praise
    result = analyse_text("I love my carers and he hits me")
    assert result.safety.category == "hurt_abuse"
    assert result.label == "mixed"


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


def test_the_pipeline_gives_what_each_analyser_gives_alone() -> None:
    # analyse_text checks models_read once and calls the analysers' modelled paths directly
    from analysis.text.sentiment import score_sentiment
    from analysis.text.themes import find_themes

    texts = ["", "  ", "good but too long", "My IRO listened", "المدرسة ممتازة", "je suis 😢"]
    texts += ["my social worker never listens", "work. home? plan! contact", "x" * 3]
    for text in texts:
        for lang in ("en", "ar", "fr", "en-GB"):
            result = analyse_text(text, lang)
            feeling = score_sentiment(text, lang)
            assert (result.sentiment, result.themes) == (
                feeling.polarity,
                tuple(find_themes(text, lang)),
            ), (text, lang)
            assert result.label in (feeling.label, "mixed"), (text, lang)
