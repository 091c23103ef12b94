"""Questions shared by several questionnaires."""

from __future__ import annotations

from service.questionnaires.choices import SAFE_WHERE_YOU_LIVE
from service.questionnaires.schema import N_, Question, QuestionType

SAFETY_QUESTION = Question(
    id="feel_safe",
    type=QuestionType.SAFETY,
    text=N_("Do you feel safe where you live?"),
    by_age={"under8": N_("Do you feel safe at home?")},
    hint=N_("If you tell us you don't feel safe, a grown-up from the council will get in touch."),
    hint_by_age={
        "18plus": N_(
            "If you tell us you don't feel safe, someone from the council will contact you."
        )
    },
    choices=SAFE_WHERE_YOU_LIVE,
)

# An anonymous form cannot promise that anyone will get in touch: nobody knows who answered.
ANONYMOUS_SAFETY_QUESTION = Question(
    id="feel_safe",
    type=QuestionType.SAFETY,
    text=SAFETY_QUESTION.text,
    by_age=SAFETY_QUESTION.by_age,
    hint=N_(
        "You don't give your name here, so nobody can get in touch. If you don't feel safe, "
        "the ways to get help now are on this page."
    ),
    choices=SAFE_WHERE_YOU_LIVE,
)

ANYTHING_ELSE = Question(
    id="anything_else",
    type=QuestionType.TEXT,
    text=N_("Is there anything else you want to tell us?"),
    by_age={"under8": N_("Anything else you want to say?")},
    max_length=2000,
)
