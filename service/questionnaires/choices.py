"""Answer scales used by many questions, defined once."""

from __future__ import annotations

from service.questionnaires.schema import N_, Choice

FACES = (
    Choice("very_happy", N_("Really good"), "😀", "face5", score=5),
    Choice("happy", N_("Good"), "🙂", "face4", score=4),
    Choice("ok", N_("OK"), "😐", "face3", score=3),
    Choice("sad", N_("Not good"), "🙁", "face2", score=2),
    Choice("very_sad", N_("Really bad"), "😢", "face1", score=1),
)

# How a child feels: the two lowest faces raise an alert ("unhappy" / "scared" policy).
FEELING_FACES = (
    Choice("very_happy", N_("Really happy"), "😀", "face5", score=5),
    Choice("happy", N_("Happy"), "🙂", "face4", score=4),
    Choice("ok", N_("OK"), "😐", "face3", score=3),
    Choice(
        "sad", N_("Unhappy"), "🙁", "face2", score=2, alert_category="unhappy", alert_urgency="high"
    ),
    Choice(
        "very_sad",
        N_("Very unhappy or scared"),
        "😨",
        "scared",
        score=1,
        alert_category="unsafe_scared",
        alert_urgency="high",
    ),
)

YES_NO_NOT_SURE = (
    Choice("yes", N_("Yes"), "👍", "yes"),
    Choice("no", N_("No"), "👎", "no"),
    Choice("not_sure", N_("Not sure"), "🤔", "unsure"),
)

SAFE_WHERE_YOU_LIVE = (
    Choice("safe", N_("Yes, I feel safe"), "🏠", "house"),
    Choice(
        "not_sure",
        N_("I'm not sure"),
        "🤔",
        "unsure",
        alert_category="unsafe_scared",
        alert_urgency="high",
    ),
    Choice(
        "not_safe",
        N_("No, I don't feel safe"),
        "🆘",
        "danger",
        alert_category="unsafe_scared",
        alert_urgency="urgent",
    ),
)

# How often something is true: the scale national surveys of children in care use.
HOW_OFTEN = (
    Choice("always", N_("All or most of the time"), "✅", score=4),
    Choice("sometimes", N_("Sometimes"), "〰️", score=3),
    Choice("hardly_ever", N_("Hardly ever"), "🔸", score=2),
    Choice("never", N_("Never"), "❌", score=1),
)

# For children under 8: three faces, far apart, scored like the five-face scale's ends and middle.
THREE_FACES = (
    Choice("very_happy", N_("Good"), "😀", "face5", score=5),
    Choice("ok", N_("OK"), "😐", "face3", score=3),
    Choice("very_sad", N_("Not good"), "😢", "face1", score=1),
)
