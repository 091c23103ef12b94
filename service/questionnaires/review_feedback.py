"""After the review: what the council asked on its QR survey (2023), for children, carers and parents.

Children of 8 to 12 are asked in their own words, which name the IRO and say who that is;
13 to 17 in the council's words; care leavers of 18 and over as the adults they are. Children
under 8 get a form of their own (`review_under8`).
"""

from __future__ import annotations

from service.models.enums import Role
from service.questionnaires.choices import FACES, YES_NO_NOT_SURE
from service.questionnaires.common import SAFETY_QUESTION
from service.questionnaires.schema import N_, Page, Question, Questionnaire, QuestionType

SPOKE_TO_IRO = Question(
    id="spoke_to_iro",
    type=QuestionType.YES_NO,
    text=N_("Did you speak to your IRO before your review?"),
    by_age={
        "under8": N_("Did you talk to the person who runs your meeting before it started?"),
        "8to12": N_("Did you talk to your IRO (the person who runs your meeting) before it?"),
        "18plus": N_("Did you speak to your Independent Reviewing Officer before your review?"),
    },
    choices=YES_NO_NOT_SURE,
)
FELT_INVOLVED = Question(
    id="felt_involved",
    type=QuestionType.YES_NO,
    text=N_("Did you feel involved in your review?"),
    by_age={
        "under8": N_("Did people listen to you at your meeting?"),
        "8to12": N_("Did you feel part of your review meeting?"),
        "18plus": N_("Were your views part of the decisions made at your review?"),
    },
    choices=YES_NO_NOT_SURE,
)
REVIEW_RATING = Question(
    id="review_rating",
    type=QuestionType.FACE,
    text=N_("How was your review?"),
    by_age={
        "under8": N_("How was your meeting?"),
        "8to12": N_("How did your review meeting go?"),
        "18plus": N_("How would you rate your review overall?"),
    },
    choices=FACES,
)
DO_BETTER = Question(
    id="do_better",
    type=QuestionType.TEXT,
    text=N_("Is there anything we could do better?"),
    by_age={
        "under8": N_("What would make your meeting better?"),
        "8to12": N_("What would make your review meetings better?"),
        "18plus": N_("What could the IRO service do better for you?"),
    },
    hint=N_("For your meetings, or the help you get from your IRO."),
)

CHILD = Questionnaire(
    key="review_child",
    version=1,
    title=N_("Your review"),
    intro=N_("Tell us how your review went. It takes about 2 minutes."),
    roles=(Role.CHILD, Role.CARE_LEAVER),
    pages=(
        Page(
            "review",
            N_("Your review"),
            (SPOKE_TO_IRO, FELT_INVOLVED, REVIEW_RATING, DO_BETTER, SAFETY_QUESTION),
        ),
    ),
)


def _adult_version(key: str, role: Role, title: str) -> Questionnaire:
    """Carers and parents are asked the same things about the child's review, in adult words."""
    return Questionnaire(
        key=key,
        version=1,
        title=title,
        intro=N_("Tell us how the review went. It takes about 2 minutes."),
        roles=(role,),
        pages=(
            Page(
                "review",
                title,
                (
                    Question(
                        "spoke_to_iro",
                        QuestionType.YES_NO,
                        N_("Did you speak to the IRO before the review?"),
                        choices=YES_NO_NOT_SURE,
                    ),
                    Question(
                        "felt_involved",
                        QuestionType.YES_NO,
                        N_("Did you feel involved in the review?"),
                        choices=YES_NO_NOT_SURE,
                    ),
                    Question(
                        "review_rating", QuestionType.FACE, N_("How was the review?"), choices=FACES
                    ),
                    Question(
                        "do_better",
                        QuestionType.TEXT,
                        N_("Is there anything we could do better?"),
                        hint=N_("For the meetings, the plan, or the support from the IRO service."),
                    ),
                ),
            ),
        ),
    )


CARER = _adult_version("review_carer", Role.CARER, N_("The review: for carers"))
PARENT = _adult_version("review_parent", Role.PARENT, N_("The review: for parents"))
