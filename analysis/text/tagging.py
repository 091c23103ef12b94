"""Noun phrases from textblob's bundled tagger, with no NLTK corpora.

textblob's default tokenizers, tagger and noun-phrase extractors need NLTK corpora (punkt_tab,
brown, conll2000) that cannot be downloaded where this service runs. The PatternTagger lexicon
ships in the textblob package, so it tags words offline; sentences are split and noun phrases
chunked with regular expressions. The themes read noun phrases to tell "my work" from "it works".
"""

from __future__ import annotations

import re
from functools import lru_cache

import nltk
from textblob.base import BaseNPExtractor
from textblob.en.taggers import PatternTagger

from analysis.text.normalise import normalise

__all__ = ["RegexpNPExtractor", "noun_phrases", "split_sentences", "words"]

_WORD_RX = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
_SENT_RX = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'])|\n+")
_NT_RX = re.compile(r"n['’]t\b", re.IGNORECASE)
_LEADING_DETERMINERS = frozenset(
    {"the", "a", "an", "my", "his", "her", "their", "our", "your", "its", "this", "that"}
)


def split_sentences(text: str) -> list[str]:
    """Split on sentence-final punctuation followed by a capital/digit/quote, or on newlines."""
    return [s.strip() for s in _SENT_RX.split(text) if s.strip()]


def words(text: str) -> list[str]:
    """Latin-script word tokens (apostrophe contractions kept together)."""
    return _WORD_RX.findall(text)


_TAGGER = PatternTagger()


@lru_cache(maxsize=4096)
def _tag_sentence(sentence: str) -> tuple[tuple[str, str], ...]:
    sentence = _NT_RX.sub(" not", sentence)  # pattern's tokenizer splits Didn't -> Did/n/'/t
    tagged = _TAGGER.tag(" ".join(words(sentence)), tokenize=False)
    return tuple((str(w), str(t)) for w, t in tagged if re.match(r"\w", str(w)))


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


def noun_phrases(text: str) -> list[str]:
    """Lower-case noun phrases, leading determiners/possessives dropped."""
    return _NP_EXTRACTOR.extract(normalise(text))
