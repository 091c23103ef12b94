"""How counts are shown to people: percentages, and counts too small to publish.

Counts that leave the council are passed through `suppress`, so no child can be recognised.
"""

from __future__ import annotations

SUPPRESS_BELOW = 5


def pct(part: int, whole: int) -> float | None:
    """part/whole as a percentage, unrounded; None when there is nothing to divide by."""
    return part * 100.0 / whole if whole else None


def suppress(count: int) -> str:
    """A count fit to publish: 1-4 become "fewer than 5" so no child can be recognised."""
    return f"fewer than {SUPPRESS_BELOW}" if 0 < count < SUPPRESS_BELOW else str(count)


def is_suppressed(count: int) -> bool:
    """True when a count (or anything computed from it) must not be published."""
    return 0 < count < SUPPRESS_BELOW


WITHHELD = "withheld"


def suppress_all(counts: dict[str, int]) -> dict[str, str]:
    """Counts of one breakdown fit to publish: each 1-4 becomes "fewer than 5", and when only
    one is that small the next smallest non-zero count is withheld too, so it cannot be worked
    out by taking the others from a published total."""
    shown = {key: suppress(n) for key, n in counts.items()}
    small = [key for key, n in counts.items() if is_suppressed(n)]
    if len(small) == 1:
        others = [(n, key) for key, n in counts.items() if n >= SUPPRESS_BELOW]
        if others:
            shown[min(others)[1]] = WITHHELD
    return shown
