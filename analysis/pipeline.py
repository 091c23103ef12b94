"""The old path of analysis.text.pipeline, kept for code that imports it (new code uses that)."""

from analysis.text.pipeline import ANALYSER_VERSION, TextAnalysis, analyse_text

__all__ = ["ANALYSER_VERSION", "TextAnalysis", "analyse_text"]
