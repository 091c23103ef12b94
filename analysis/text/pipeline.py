"""One call that analyses a free-text answer when it is stored: safety, sentiment and themes.

The result carries ANALYSER_VERSION so stored analyses say which rules produced them and can
be re-run when any part changes: it joins the three analysers' fingerprinted versions and one of
this code. The safety screen is independent of sentiment: a concern is flagged whatever the
sentiment label says, and the sentiment label is never used to decide whether something is a
safety concern. The other way round, a comment that carries a worry is never counted as praise:
"I love my carers and he hits me" is mixed, not positive, in satisfaction figures.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from analysis.text import linear_model, sentiment, themes
from analysis.text.fingerprint import fingerprint, source
from analysis.text.normalise import models_read, normalise
from analysis.text.safety import SAFETY_VERSION, SafetyFinding, screen_text
from analysis.text.sentiment import SENTIMENT_VERSION, score_sentiment
from analysis.text.themes import THEMES_VERSION, find_themes

__all__ = ["ANALYSER_VERSION", "TextAnalysis", "analyse_text", "combined_version"]


@dataclass(frozen=True)
class TextAnalysis:
    safety: SafetyFinding
    sentiment: float
    label: str
    themes: tuple[str, ...]


def analyse_text(text: str, lang: str = "en") -> TextAnalysis:
    """Safety screen, sentiment and themes for one answer.

    The safety screen gets the text exactly as written (it does its own normalisation).
    Sentiment and themes read it normalised (NFKC, zero-width characters removed), done once
    here for both, and their models, which make the same features, score it in one pass.
    """
    text = text or ""
    safety = screen_text(text, lang)
    prepared = normalise(text)
    if models_read(text, lang):  # checked once here, not again by sentiment and themes
        mood, topics = linear_model.decisions(
            (linear_model.load(sentiment.MODEL), linear_model.load(themes.MODEL)), prepared
        )
        feeling = sentiment.score_modelled(prepared, mood)
        found = tuple(themes.find_modelled_themes(text, prepared, topics))
    else:
        feeling = score_sentiment(text, lang, prepared=prepared)
        found = tuple(find_themes(text, lang, prepared=prepared))
    label = "mixed" if safety.flag and feeling.label == "positive" else feeling.label
    return TextAnalysis(safety=safety, sentiment=feeling.polarity, label=label, themes=found)


def combined_version(safety: str, sentiment: str, themes: str) -> str:
    """The version stored with an analysis: each analyser's, and this code's fingerprint."""
    return f"{safety}+{sentiment}+{themes}+pipeline-{fingerprint(source(sys.modules[__name__]))}"


ANALYSER_VERSION: str = combined_version(SAFETY_VERSION, SENTIMENT_VERSION, THEMES_VERSION)
