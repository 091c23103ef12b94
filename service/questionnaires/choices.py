"""Answer scales used by many questions, defined once."""

from __future__ import annotations

from service.questionnaires.schema import N_, Choice

FACES = (
    Choice("very_happy", N_("Really good"), "😀", score=5),
    Choice("happy", N_("Good"), "🙂", score=4),
    Choice("ok", N_("OK"), "😐", score=3),
    Choice("sad", N_("Not good"), "🙁", score=2),
    Choice("very_sad", N_("Really bad"), "😢", score=1),
)

# How a child feels: the two lowest faces raise an alert ("unhappy" / "scared" policy).
FEELING_FACES = (
    Choice("very_happy", N_("Really happy"), "😀", score=5),
    Choice("happy", N_("Happy"), "🙂", score=4),
    Choice("ok", N_("OK"), "😐", score=3),
    Choice("sad", N_("Unhappy"), "🙁", score=2, alert_category="unhappy", alert_urgency="high"),
    Choice(
        "very_sad",
        N_("Very unhappy or scared"),
        "😨",
        score=1,
        alert_category="unsafe_scared",
        alert_urgency="high",
    ),
)

YES_NO_NOT_SURE = (
    Choice("yes", N_("Yes"), "👍"),
    Choice("no", N_("No"), "👎"),
    Choice("not_sure", N_("Not sure"), "🤔"),
)

SAFE_WHERE_YOU_LIVE = (
    Choice("safe", N_("Yes, I feel safe"), "🏠"),
    Choice(
        "not_sure", N_("I'm not sure"), "🤔", alert_category="unsafe_scared", alert_urgency="high"
    ),
    Choice(
        "not_safe",
        N_("No, I don't feel safe"),
        "🆘",
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
