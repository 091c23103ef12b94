"""Translations without Flask, for the web pages, the bot, the worker and PDF letters: one set of
gettext catalogues in service/translations, one list of the languages children are offered."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
DEFAULT_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ar", "ps", "prs", "fa", "ckb", "ur"})

# Every language the service has a catalogue for, with its name in that language: English, then
# the languages of the unaccompanied children councils here look after most often.
LANGUAGE_NAMES = {
    "en": "English",
    "ar": "العربية",
    "ps": "پښتو",
    "prs": "دری",
    "fa": "فارسی",
    "ckb": "کوردیی ناوەندی",
    "ti": "ትግርኛ",
    "vi": "Tiếng Việt",
    "sq": "Shqip",
    "am": "አማርኛ",
}
# Languages offered to children, on the web and in the bot: only those whose catalogue is
# complete (tests check it), so nobody picks a language and gets half the page in English.
SUPPORTED = tuple(LANGUAGE_NAMES)

# Tags phones and browsers send for a language we offer under another code: Dari is often
# tagged as Afghan Persian, and Sorani as the Kurdish of Iraq or Iran (plain "ku" is mostly
# Kurmanji, written in Latin letters, so it is not taken for Sorani).
_ALIASES = {"fa-af": "prs", "ku-iq": "ckb", "ku-ir": "ckb", "ku-arab": "ckb"}


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
    """ "rtl" for right-to-left languages (Arabic, Pashto, Dari, Farsi, Sorani), else "ltr"."""
    return "rtl" if language in RTL_LANGUAGES else "ltr"


def offered_language(tag: str | None) -> str | None:
    """The offered language a browser's or phone's language tag (``fa-AF``, ``en-GB``, ``ku``)
    asks for, if any."""
    tag = (tag or "").strip().lower().replace("_", "-")
    if not tag:
        return None
    if tag in _ALIASES:
        return _ALIASES[tag]
    primary = tag.split("-")[0]
    return primary if primary in SUPPORTED else None
