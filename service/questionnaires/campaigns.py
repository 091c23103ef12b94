"""Questionnaires for open campaign links and posters: anonymous by design, so no question asks
for a name, a school or anything else that could identify a child."""

from __future__ import annotations

from service.models.enums import Role
from service.questionnaires.choices import FACES, YES_NO_NOT_SURE
from service.questionnaires.common import ANONYMOUS_SAFETY_QUESTION
from service.questionnaires.schema import N_, Choice, Page, Question, Questionnaire, QuestionType

AGE_GROUP = Question(
    "age_group",
    QuestionType.SINGLE,
    N_("How old are you?"),
    choices=(
        Choice("under11", N_("10 or under")),
        Choice("11to15", N_("11 to 15")),
        Choice("16to17", N_("16 or 17")),
        Choice("18plus", N_("18 or over")),
    ),
)

FEEDBACK_WEEK = Questionnaire(
    key="feedback_week",
    version=1,
    title=N_("Feedback Week"),
    intro=N_("Tell us what it is like being in care here. You don't give your name."),
    roles=(Role.CHILD, Role.CARE_LEAVER),
    anonymous=True,
    pages=(
        Page(
            "feedback",
            N_("Feedback Week"),
            (
                AGE_GROUP,
                Question(
                    "how_things",
                    QuestionType.FACE,
                    N_("How are things for you at the moment?"),
                    choices=FACES,
                ),
                Question(
                    "listened_to",
                    QuestionType.YES_NO,
                    N_("Do the adults who help you listen to you?"),
                    choices=YES_NO_NOT_SURE,
                ),
                Question("going_well", QuestionType.TEXT, N_("What is going well?")),
                Question(
                    "change_one_thing",
                    QuestionType.TEXT,
                    N_("If you could change one thing, what would it be?"),
                ),
                ANONYMOUS_SAFETY_QUESTION,
            ),
        ),
    ),
)

EVENT = Questionnaire(
    key="event_feedback",
    version=1,
    title=N_("About today's event"),
    intro=N_("Tell us what you thought of today. You don't give your name."),
    roles=(Role.CHILD, Role.CARE_LEAVER),
    anonymous=True,
    pages=(
        Page(
            "event",
            N_("About today's event"),
            (
                Question("event_rating", QuestionType.FACE, N_("How was today?"), choices=FACES),
                Question("liked", QuestionType.TEXT, N_("What did you like?")),
                Question("next_time", QuestionType.TEXT, N_("What should we do next time?")),
                ANONYMOUS_SAFETY_QUESTION,
            ),
        ),
    ),
)

CICC_POLL = Questionnaire(
    key="cicc_poll",
    version=1,
    title=N_("Children in Care Council poll"),
    intro=N_("Help the Children in Care Council choose what to work on. You don't give your name."),
    roles=(Role.CHILD, Role.CARE_LEAVER),
    anonymous=True,
    pages=(
        Page(
            "poll",
            N_("Children in Care Council poll"),
            (
                AGE_GROUP,
                Question(
                    "priorities",
                    QuestionType.MULTI,
                    N_("What should the Children in Care Council work on next?"),
                    hint=N_("Pick up to three."),
                    max_choices=3,
                    choices=(
                        Choice("being_heard", N_("Being listened to")),
                        Choice("meetings", N_("Better review meetings")),
                        Choice("family_contact", N_("Seeing family and friends")),
                        Choice("school", N_("School and college")),
                        Choice("health", N_("Feelings and mental health")),
                        Choice("leaving_care", N_("Getting ready to leave care")),
                        Choice("activities", N_("Things to do and events")),
                    ),
                ),
                Question("idea", QuestionType.TEXT, N_("Do you have an idea for us?")),
                ANONYMOUS_SAFETY_QUESTION,
            ),
        ),
    ),
)

# Which questionnaire each kind of campaign uses by default.
BY_KIND = {
    "feedback_week": FEEDBACK_WEEK.key,
    "event": EVENT.key,
    "cicc_poll": CICC_POLL.key,
}

__all__ = ["BY_KIND", "CICC_POLL", "EVENT", "FEEDBACK_WEEK"]
