"""Translations without Flask, for the bot, the worker and PDF letters (the web uses Flask-Babel
over the same catalogues in service/translations)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
DEFAULT_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ar", "ps", "prs", "fa", "ckb", "ur"})

# Every language the service has a catalogue for, with its name in that language.
LANGUAGE_NAMES = {
    "en": "English",
    "ar": "العربية",
    "ps": "پښتو",
    "prs": "دری",
    "ckb": "کوردیی ناوەندی",
}
# Languages offered to children, on the web and in the bot: only those whose catalogue is
# complete (tests check it), so nobody picks a language and gets half the page in English.
SUPPORTED = ("en", "ar")


@cache
def translations_for(language: str) -> NullTranslations:
    """The compiled catalogue for a language; English (the msgids) when there is none."""
    if language == DEFAULT_LANGUAGE:
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS_DIR), [language], domain="messages")


def translate(text: str, language: str) -> str:
    """`text` (an English msgid) in `language`, or as it is when not translated yet."""
    if not text:
        return text
    return translations_for(language).gettext(text)


def direction(language: str) -> str:
    """ "rtl" for right-to-left languages (Arabic, Pashto, Dari, Kurdish Sorani), else "ltr"."""
    return "rtl" if language in RTL_LANGUAGES else "ltr"
