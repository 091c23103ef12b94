"""The old path of analysis.text.themes, kept for code that imports it (new code uses that)."""

from analysis.text.themes import THEMES

__all__ = ["THEMES"]
