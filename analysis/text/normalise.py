"""The normal forms the analysers read text in: one place for which invisible characters go.

Sentiment and themes read NFKC text without zero-width characters and with single spaces;
Arabic keywords compare in one spelling; English text-speak is replaced word by word. The safety
screen keeps its own, stricter form (analysis.text.safety) because its rules are written for it.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Mapping

__all__ = [
    "ARABIC_LETTER_RX",
    "MEANINGLESS",
    "SHAPING",
    "ascii_word_runs",
    "base_language",
    "fold_arabic",
    "fold_disguises",
    "may_hold_words",
    "models_read",
    "normalise",
    "replace_words",
    "word_beginnings",
]

# Invisible characters, defined once. MEANINGLESS ones carry nothing in any script (zero-width
# space, word joiner, byte-order mark, soft hyphen): dropped from what is stored as well as from
# what is analysed. SHAPING ones join or order letters (the zero-width non-joiner is part of how
# Farsi, Dari and Pashto are spelled) and are kept in what is stored, ignored when analysing.
MEANINGLESS = "\u200b\u2060\ufeff\u00ad"
SHAPING = "\u200c\u200d\u200e\u200f\u2061\u2062\u2063"
_ZERO_WIDTH_RX = re.compile(f"[{MEANINGLESS}{SHAPING}]")
# Runs of white space that are not one space already: a class first, so the engine skips to
# them in C, and a single space is left alone (it would be replaced by itself).
_SPACE_RX = re.compile(r"\s(?:\s+|(?<! ))")
_LOWER_WORD_RX = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
_ARABIC_MARKS_RX = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
)
ARABIC_LETTER_RX = re.compile("[\u0621-\u064a]")

# Disguises that slip a word past a screen while a person still reads it: Cyrillic and Greek
# letters that look Latin ("hіts" with a Cyrillic і), invisible characters (tag characters
# U+E0000-E007F, variation selectors, the Mongolian vowel separator, combining grapheme joiner)
# and leetspeak digits inside a word ("k1ll", "h1ts"). None of the languages the forms offer is
# written in Cyrillic or Greek, so those letters are folded wherever they appear.
_LOOKALIKES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "ɡ": "g", "ո": "n", "ս": "u",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "ω": "w", "γ": "y", "μ": "u",
}  # fmt: skip
_DISGUISE_TABLE: dict[int, str | None] = {ord(k): v for k, v in _LOOKALIKES.items()}
_DISGUISE_TABLE.update({ord(k.upper()): v for k, v in _LOOKALIKES.items() if k.upper() != k})
_DISGUISE_TABLE.update({cp: None for cp in range(0xE0000, 0xE0080)})  # tag characters
_DISGUISE_TABLE.update({cp: None for cp in range(0xFE00, 0xFE10)})  # variation selectors
_DISGUISE_TABLE.update({0x180E: None, 0x034F: None, 0x2064: None})
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
# A leet character counts only between two letters: "k1ll" is "kill", "year 7" and "16yo" stay.
_LEET_RX = re.compile(r"(?<=[^\W\d_])[013457@$]+(?=[^\W\d_])")
_LEET_CHAR_RX = re.compile(r"[013457@$]")


def normalise(text: str) -> str:
    """NFKC-normalise, strip zero-width characters and fold runs of whitespace to one space."""
    text = unicodedata.normalize("NFKC", text)
    text = _ZERO_WIDTH_RX.sub("", text)
    return _SPACE_RX.sub(" ", text).strip()


def fold_disguises(text: str) -> str:
    """Undo lookalike letters, invisible characters and leetspeak inside words.

    Run after NFKC (which already turns full-width and styled letters into plain ones).
    """
    if not text.isascii():  # every disguise in the table is outside ASCII
        text = text.translate(_DISGUISE_TABLE)
    if _LEET_CHAR_RX.search(text) is None:  # most text: no search with look-arounds needed
        return text
    return _LEET_RX.sub(lambda m: "".join(_LEET[c] for c in m.group(0)), text)


def replace_words(text: str, table: Mapping[str, str]) -> str:
    """Replace each word of lower-case ``text`` that is a key of ``table`` ("dont", "gr8").

    Words are runs of a-z/0-9 with 's-style endings; write ’ as ' first. Most comments hold
    none of the keys, and are returned as they are without a Python call per word.
    """
    if table.keys().isdisjoint(_LOWER_WORD_RX.findall(text)):
        return text
    return _LOWER_WORD_RX.sub(lambda m: table.get(m.group(0), m.group(0)), text)


# Each ASCII character that is not a word character (\w) as a space, for ascii_word_runs.
_ASCII_WORDS_ONLY = bytes(c if c > 127 or re.match(r"\w", chr(c)) else 32 for c in range(256))


def ascii_word_runs(text: str) -> list[str]:
    """The runs of word characters (\\w) of ASCII `text`, as re.findall(r"\\w+") gives them, split
    in C: the regex engine tests each character for a Unicode word character."""
    return text.encode("ascii").translate(_ASCII_WORDS_ONLY).decode("ascii").split()


# ASCII text with every character but a-z and 0-9 made a space: split, its runs of those.
_RUNS_OF_LETTERS = str.maketrans(
    {c: " " for c in map(chr, range(128)) if c not in string.ascii_lowercase + string.digits}
)


def word_beginnings(table: Mapping[str, str]) -> frozenset[str]:
    """How the keys of a replace_words table begin (the letters and digits before an
    apostrophe: "nobody's" -> "nobody"), for may_hold_words. A key may not begin with a digit."""
    beginnings = frozenset(key.split("'")[0] for key in table)
    if any(not b or b[0].isdigit() for b in beginnings):
        raise ValueError("a replace_words key begins with a digit or an apostrophe")
    return beginnings


def may_hold_words(text: str, beginnings: frozenset[str]) -> bool:
    """Whether replace_words could change lower-case `text`, or a piece of it cut beside
    characters other than a-z and 0-9, given its table's word_beginnings: False only when it
    cannot. A word replace_words reads begins with a whole run of letters and digits of the
    text, or with a digit (after "'s" in "it's9"), and no key begins with a digit. Only ASCII
    text is looked into (the table of runs covers ASCII); other text may hold one."""
    return not text.isascii() or not beginnings.isdisjoint(text.translate(_RUNS_OF_LETTERS).split())


def fold_arabic(text: str) -> str:
    """Fold Arabic spelling variants for keyword matching.

    Drops harakat and tatweel, and maps alef/hamza forms to bare alef, alef maqsura to ya and
    ta marbuta to ha, so "جيدة"/"جيده" and "أحب"/"احب" compare equal.
    """
    return _ARABIC_MARKS_RX.sub("", text).translate(_ARABIC_FOLD)


def base_language(lang: str) -> str:
    """The language without its region ("en-GB", "en_gb" -> "en"); English when none is given."""
    return (lang or "en").strip().lower().replace("_", "-").split("-")[0]


def models_read(text: str, lang: str) -> bool:
    """Whether the learned sentiment and themes models read a text: on an English or Arabic
    form, not blank, and without Arabic letters (the models are English only)."""
    return (
        base_language(lang) in ("en", "ar")
        and bool(text.strip())
        and (text.isascii() or ARABIC_LETTER_RX.search(text) is None)  # ASCII: no search
    )
