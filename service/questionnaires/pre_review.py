"""My review, before it happens: replaces the paper consultation booklet sent before every review.

The answer about coming and speaking maps to the national participation codes (PN1-PN7), so the
IRO can plan and record how the child took part.
"""

from __future__ import annotations

from service.models.enums import Role
from service.questionnaires.common import SAFETY_QUESTION
from service.questionnaires.schema import N_, Choice, Page, Question, Questionnaire, QuestionType

TAKING_PART = Question(
    id="taking_part",
    type=QuestionType.SINGLE,
    text=N_("How do you want to take part in your review?"),
    by_age={"under8": N_("Do you want to come to your meeting?")},
    hint=N_("You can change your mind later. Just tell your IRO."),
    required=True,
    choices=(
        Choice("come_speak", N_("I will come and speak for myself"), "🗣️", maps_to="PN1"),
        Choice(
            "come_advocate",
            N_("I will come, and an advocate will speak for me"),
            "🤝",
            maps_to="PN2",
        ),
        Choice(
            "come_other_way",
            N_("I will come and show my views another way, like a drawing"),
            "🎨",
            maps_to="PN3",
        ),
        Choice("come_listen", N_("I will come and listen"), "👂", maps_to="PN4"),
        Choice(
            "advocate_instead",
            N_("I won't come, but an advocate can tell them my views"),
            "📣",
            maps_to="PN5",
        ),
        Choice("send_views", N_("I won't come, but I will send my views"), "✉️", maps_to="PN6"),
        Choice("not_come", N_("I don't want to come or send my views"), "🚪", maps_to="PN7"),
    ),
)

PEOPLE = (
    Choice("carer", N_("My carer")),
    Choice("social_worker", N_("My social worker")),
    Choice("parents", N_("My mum or dad")),
    Choice("brothers_sisters", N_("My brothers or sisters")),
    Choice("teacher", N_("My teacher")),
    Choice("advocate", N_("An advocate")),
    Choice("friend", N_("A friend")),
)

WANT_THERE = Question(
    id="want_there",
    type=QuestionType.MULTI,
    text=N_("Who do you want at your review?"),
    by_age={"under8": N_("Who do you want at your meeting?")},
    hint=N_("Pick as many as you like."),
    choices=PEOPLE,
)
NOT_THERE = Question(
    id="not_there",
    type=QuestionType.TEXT,
    text=N_("Is there anyone you do not want there?"),
    max_length=500,
)
WHERE = Question(
    id="where",
    type=QuestionType.SINGLE,
    text=N_("Where would you like your review to be?"),
    by_age={"under8": N_("Where should your meeting be?")},
    choices=(
        Choice("home", N_("Where I live"), "🏠"),
        Choice("school", N_("At school or college"), "🏫"),
        Choice("office", N_("At a council office"), "🏢"),
        Choice("online", N_("On a video call"), "💻"),
        Choice("other_place", N_("Somewhere else"), "📍"),
    ),
)
WHEN = Question(
    id="when",
    type=QuestionType.SINGLE,
    text=N_("When is a good time?"),
    choices=(
        Choice("school_hours", N_("In school hours"), "🕘"),
        Choice("after_school", N_("After school or college"), "🕓"),
        Choice("holidays", N_("In the holidays"), "🏖️"),
        Choice("any_time", N_("Any time is fine"), "👌"),
    ),
)
TOPICS = Question(
    id="topics",
    type=QuestionType.MULTI,
    text=N_("What do you want to talk about?"),
    hint=N_("Pick as many as you like."),
    choices=(
        Choice("home", N_("Where I live")),
        Choice("family", N_("Seeing my family")),
        Choice("school", N_("School or college")),
        Choice("health", N_("My health and feelings")),
        Choice("friends", N_("Friends and hobbies")),
        Choice("future", N_("My future")),
        Choice("money", N_("Money and pocket money")),
    ),
)
WANT_TO_SAY = Question(
    id="want_to_say",
    type=QuestionType.TEXT,
    text=N_("What do you want to say at your review?"),
    by_age={"under8": N_("What do you want to tell them?")},
    hint=N_("We will show this to your IRO before the meeting."),
)

CHILD = Questionnaire(
    key="pre_review",
    version=1,
    title=N_("My review, before it happens"),
    intro=N_(
        "Your review is your meeting. Tell us how you want it to go. It takes about 5 minutes."
    ),
    roles=(Role.CHILD, Role.CARE_LEAVER),
    pages=(
        Page("taking_part", N_("Taking part"), (TAKING_PART,)),
        Page("people", N_("Who is there"), (WANT_THERE, NOT_THERE)),
        Page("where_when", N_("Where and when"), (WHERE, WHEN)),
        Page("what_to_say", N_("What to talk about"), (TOPICS, WANT_TO_SAY, SAFETY_QUESTION)),
    ),
)

__all__ = ["CHILD", "TAKING_PART"]
