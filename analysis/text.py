"""Offline textblob set-up shared by the analysers.

textblob's default tokenizers, tagger and noun-phrase extractors need NLTK corpora (punkt_tab,
brown, conll2000) that cannot be downloaded where this service runs. Only these parts work
offline: the PatternAnalyzer sentiment lexicon and the PatternTagger lexicon, both bundled in
the textblob package. Everything else here is regex-based.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

import nltk
import textblob.blob
from textblob import Blobber, TextBlob
from textblob.base import BaseNPExtractor, BaseTokenizer
from textblob.en.taggers import PatternTagger

__all__ = [
    "RegexWordTokenizer",
    "RegexpNPExtractor",
    "fold_arabic",
    "make_blob",
    "normalise",
    "noun_phrases",
    "replace_words",
    "split_sentences",
    "tag_words",
    "words",
]

_WORD_RX = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
_SENT_RX = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'])|\n+")
# Zero-width and invisible formatting characters that phones and copy-paste leave in text.
_ZERO_WIDTH_RX = re.compile("[\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\ufeff\u00ad]")
_SPACE_RX = re.compile(r"\s+")
_NT_RX = re.compile(r"n['’]t\b", re.IGNORECASE)
_LEADING_DETERMINERS = frozenset(
    {"the", "a", "an", "my", "his", "her", "their", "our", "your", "its", "this", "that"}
)


def normalise(text: str) -> str:
    """NFKC-normalise, strip zero-width characters and fold runs of whitespace to one space."""
    text = unicodedata.normalize("NFKC", text)
    text = _ZERO_WIDTH_RX.sub("", text)
    return _SPACE_RX.sub(" ", text).strip()


_LOWER_WORD_RX = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")


def replace_words(text: str, table: Mapping[str, str]) -> str:
    """Replace each word of lower-case ``text`` that is a key of ``table`` ("dont", "gr8").

    Words are runs of a-z/0-9 with 's-style endings; write ’ as ' first. Most comments hold
    none of the keys, and are returned as they are without a Python call per word.
    """
    if table.keys().isdisjoint(_LOWER_WORD_RX.findall(text)):
        return text
    return _LOWER_WORD_RX.sub(lambda m: table.get(m.group(0), m.group(0)), text)


_ARABIC_MARKS_RX = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
)
ARABIC_LETTER_RX = re.compile("[\u0621-\u064a]")


def fold_arabic(text: str) -> str:
    """Fold Arabic spelling variants for keyword matching.

    Drops harakat and tatweel, and maps alef/hamza forms to bare alef, alef maqsura to ya and
    ta marbuta to ha, so "جيدة"/"جيده" and "أحب"/"احب" compare equal.
    """
    return _ARABIC_MARKS_RX.sub("", text).translate(_ARABIC_FOLD)


def split_sentences(text: str) -> list[str]:
    """Split on sentence-final punctuation followed by a capital/digit/quote, or on newlines."""
    return [s.strip() for s in _SENT_RX.split(text) if s.strip()]


# textblob.blob imports nltk's punkt-based ``sent_tokenize`` by name, and TextBlob.sentences
# (and therefore .tags, .noun_phrases) always call it; there is no constructor option to swap
# it. punkt_tab is not installed and cannot be downloaded, so without this patch those
# properties raise MissingCorpusError. Patched once, here, at import.
textblob.blob.sent_tokenize = split_sentences


def words(text: str) -> list[str]:
    """Latin-script word tokens (apostrophe contractions kept together)."""
    return _WORD_RX.findall(text)


class RegexWordTokenizer(BaseTokenizer):  # type: ignore[misc]
    """Word tokenizer that needs no NLTK data."""

    def tokenize(self, text: str) -> list[str]:
        return words(text)


_TAGGER = PatternTagger()


@lru_cache(maxsize=4096)
def _tag_sentence(sentence: str) -> tuple[tuple[str, str], ...]:
    sentence = _NT_RX.sub(" not", sentence)  # pattern's tokenizer splits Didn't -> Did/n/'/t
    tagged = _TAGGER.tag(" ".join(words(sentence)), tokenize=False)
    return tuple((str(w), str(t)) for w, t in tagged if re.match(r"\w", str(w)))


def tag_words(text: str) -> list[tuple[str, str]]:
    """Penn tags from pattern's bundled lexicon tagger, sentence by sentence (cached)."""
    out: list[tuple[str, str]] = []
    for sent in split_sentences(text):
        out.extend(_tag_sentence(sent))
    return out


class RegexpNPExtractor(BaseNPExtractor):  # type: ignore[misc]
    """Noun phrases from PatternTagger tags and a small chunk grammar (no NLTK corpora)."""

    _parser = nltk.RegexpParser(
        r"""NP: {<DT|PRP\$>?<JJ.*|VBN|VBG>*<NN.*>+}
                {<NNP>+}"""
    )

    def extract(self, text: str) -> list[str]:
        out: list[str] = []
        for sent in split_sentences(text):
            tagged = list(_tag_sentence(sent))
            if not tagged:
                continue
            tree = self._parser.parse(tagged)
            for st in tree.subtrees(lambda t: t.label() == "NP"):
                ws = [w for w, _ in st.leaves()]
                if ws and ws[0].lower() in _LEADING_DETERMINERS:
                    ws = ws[1:]
                if ws:
                    out.append(" ".join(ws).lower())
        return out


_NP_EXTRACTOR = RegexpNPExtractor()
_BLOBBER = Blobber(tokenizer=RegexWordTokenizer(), pos_tagger=_TAGGER, np_extractor=_NP_EXTRACTOR)


def make_blob(text: str) -> TextBlob:
    """A TextBlob wired to the offline tokenizer, tagger and noun-phrase extractor."""
    blob: TextBlob = _BLOBBER(text)
    return blob


def noun_phrases(text: str) -> list[str]:
    """Lower-case noun phrases, leading determiners/possessives dropped."""
    return _NP_EXTRACTOR.extract(normalise(text))
