"""Translation without Flask falls back to English."""

from __future__ import annotations

from service.i18n import translate


def test_english_is_the_msgid() -> None:
    assert translate("How was your review?", "en") == "How was your review?"


def test_a_language_without_a_catalogue_falls_back_to_english() -> None:
    assert translate("How was your review?", "xx") == "How was your review?"
