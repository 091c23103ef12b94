"""Leaving care feedback: care leavers on the after-care service (replaces the care leaving form)."""

from __future__ import annotations

from service.models.enums import Role
from service.questionnaires.choices import FACES, HOW_OFTEN, YES_NO_NOT_SURE
from service.questionnaires.common import SAFETY_QUESTION
from service.questionnaires.schema import N_, Choice, Page, Question, Questionnaire, QuestionType

CARE_LEAVER = Questionnaire(
    key="leaving_care",
    version=1,
    title=N_("Leaving care: your say"),
    intro=N_("Tell us how the leaving care service is working for you. It takes about 3 minutes."),
    roles=(Role.CARE_LEAVER,),
    pages=(
        Page(
            "support",
            N_("Your support"),
            (
                Question(
                    "after_care_rating",
                    QuestionType.FACE,
                    N_("How good is the help you get from the leaving care team?"),
                    choices=FACES,
                ),
                Question(
                    "adviser_reachable",
                    QuestionType.SINGLE,
                    N_("Can you get hold of your personal adviser when you need them?"),
                    choices=HOW_OFTEN,
                ),
                Question(
                    "pathway_plan",
                    QuestionType.YES_NO,
                    N_("Did you help write your pathway plan?"),
                    choices=YES_NO_NOT_SURE,
                ),
                Question(
                    "know_entitlements",
                    QuestionType.YES_NO,
                    N_("Do you know what help and grants you can get?"),
                    choices=YES_NO_NOT_SURE,
                ),
            ),
        ),
        Page(
            "life",
            N_("Home, money and work"),
            (
                Question(
                    "housing_rating",
                    QuestionType.FACE,
                    N_("How do you feel about where you live?"),
                    choices=FACES,
                ),
                Question(
                    "enough_money",
                    QuestionType.SINGLE,
                    N_("Do you have enough money for food and bills?"),
                    choices=HOW_OFTEN,
                ),
                Question(
                    "doing_now",
                    QuestionType.SINGLE,
                    N_("What are you doing now?"),
                    choices=(
                        Choice("education", N_("College or university")),
                        Choice("training", N_("Training or an apprenticeship")),
                        Choice("work", N_("Working")),
                        Choice("looking", N_("Looking for work")),
                        Choice("not_able", N_("Not able to work right now")),
                        Choice("other_activity", N_("Something else")),
                    ),
                ),
                Question(
                    "improve",
                    QuestionType.TEXT,
                    N_("What would make the leaving care service better?"),
                ),
                SAFETY_QUESTION,
            ),
        ),
    ),
)

__all__ = ["CARE_LEAVER"]
