"""The old path of analysis.text.safety, kept for code that imports it (new code uses that)."""

from analysis.text.safety import SafetyFinding, screen_text

__all__ = ["SafetyFinding", "screen_text"]
