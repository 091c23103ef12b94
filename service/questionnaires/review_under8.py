"""After the review, for children under 8: four questions, one to a screen, each answered by
tapping a picture; words a six-year-old can read (tests keep the Flesch-Kincaid grade at 1 or
below) and no jargon: "your meeting", "the grown-up who runs your meeting".

Question ids and choice keys are the review form's, so reports count both together.
"""

from __future__ import annotations

from service.models.enums import Role
from service.questionnaires.choices import SAFE_WHERE_YOU_LIVE, THREE_FACES, YES_NO_NOT_SURE
from service.questionnaires.schema import N_, Page, Question, Questionnaire, QuestionType

CHILD = Questionnaire(
    key="review_under8",
    version=1,
    title=N_("Your meeting"),
    intro=N_("Tap a picture to answer."),
    roles=(Role.CHILD,),
    written_for="under8",
    pages=(
        Page(
            "meeting",
            N_("Your meeting"),
            (
                Question(
                    "review_rating",
                    QuestionType.FACE,
                    N_("How was your meeting?"),
                    choices=THREE_FACES,
                ),
            ),
        ),
        Page(
            "listened",
            N_("Your meeting"),
            (
                Question(
                    "felt_involved",
                    QuestionType.YES_NO,
                    N_("Did they listen to you?"),
                    choices=YES_NO_NOT_SURE,
                ),
            ),
        ),
        Page(
            "talked",
            N_("Your meeting"),
            (
                Question(
                    "spoke_to_iro",
                    QuestionType.YES_NO,
                    N_("Did you talk to the grown-up who runs your meeting?"),
                    choices=YES_NO_NOT_SURE,
                ),
            ),
        ),
        Page(
            "safe",
            N_("Your home"),
            (
                Question(
                    "feel_safe",
                    QuestionType.SAFETY,
                    N_("Do you feel safe at home?"),
                    hint=N_("If you say no, we will tell a grown-up who can help you."),
                    choices=SAFE_WHERE_YOU_LIVE,
                ),
            ),
        ),
    ),
)

__all__ = ["CHILD"]
