"""How things are: a placement check-in covering the four areas national surveys of children in
care measure (relationships, rights, recovery, wellbeing), so results can be compared.

Question ids are stable and named after the survey indicator each one measures.
"""

from __future__ import annotations

from service.models.enums import Role
from service.questionnaires.choices import FACES, FEELING_FACES, HOW_OFTEN, YES_NO_NOT_SURE
from service.questionnaires.common import ANYTHING_ELSE, SAFETY_QUESTION
from service.questionnaires.schema import N_, Choice, Page, Question, Questionnaire, QuestionType

YN = QuestionType.YES_NO

HOME = Page(
    "home",
    N_("Your home"),
    (
        Question(
            "home_rating",
            QuestionType.FACE,
            N_("How do you feel about where you live?"),
            by_age={"under8": N_("How is your home?")},
            choices=FACES,
        ),
        Question(
            "settled",
            YN,
            N_("Do you feel settled where you live?"),
            by_age={"under8": N_("Do you like living where you live?")},
            choices=YES_NO_NOT_SURE,
        ),
        Question(
            "like_bedroom",
            YN,
            N_("Do you like your bedroom?"),
            choices=YES_NO_NOT_SURE,
        ),
        Question(
            "carers_notice_feelings",
            QuestionType.SINGLE,
            N_("Do your carers notice how you are feeling?"),
            by_age={"under8": N_("Do the grown-ups at home see when you are sad?")},
            choices=HOW_OFTEN,
        ),
        SAFETY_QUESTION,
    ),
)

PEOPLE = Page(
    "people",
    N_("People in your life"),
    (
        Question(
            "trusted_adult",
            YN,
            N_("Is there an adult you trust, who helps you and sticks by you?"),
            by_age={"under8": N_("Is there a grown-up you trust?")},
            choices=YES_NO_NOT_SURE,
        ),
        Question(
            "family_contact",
            QuestionType.SINGLE,
            N_("How do you feel about how often you see your family?"),
            by_age={"under8": N_("Do you see your family enough?")},
            choices=(
                Choice("about_right", N_("About right"), "👌"),
                Choice("too_little", N_("Not enough"), "➖"),
                Choice("too_much", N_("Too much"), "➕"),
                Choice("no_contact", N_("I don't see them"), "🚫"),
            ),
        ),
        Question(
            "know_worker",
            YN,
            N_("Do you know who your social worker is?"),
            choices=YES_NO_NOT_SURE,
        ),
        Question(
            "trust_worker",
            QuestionType.SINGLE,
            N_("Do you trust your social worker?"),
            choices=HOW_OFTEN,
        ),
        Question(
            "worker_changes",
            QuestionType.SINGLE,
            N_("How many social workers have you had in the last year?"),
            choices=(
                Choice("one", N_("One")),
                Choice("two", N_("Two")),
                Choice("three_plus", N_("Three or more")),
                Choice("not_sure", N_("Not sure")),
            ),
        ),
    ),
)

SCHOOL_FRIENDS = Page(
    "school_friends",
    N_("School and friends"),
    (
        Question(
            "school_rating",
            QuestionType.FACE,
            N_("How is school or college?"),
            by_age={"under8": N_("How is school?")},
            choices=FACES,
        ),
        Question(
            "good_friend",
            YN,
            N_("Do you have a really good friend?"),
            choices=YES_NO_NOT_SURE,
        ),
        Question(
            "bullied",
            QuestionType.SINGLE,
            N_("Are you afraid of being bullied at school?"),
            by_age={"under8": N_("Is anyone mean to you at school?")},
            choices=HOW_OFTEN,
        ),
    ),
)

RIGHTS = Page(
    "your_say",
    N_("Having your say"),
    (
        Question(
            "speak_privately",
            YN,
            N_("Can you talk to your social worker on your own if you want to?"),
            choices=YES_NO_NOT_SURE,
        ),
        Question(
            "included_in_decisions",
            QuestionType.SINGLE,
            N_("Do you feel included in decisions about your life?"),
            by_age={"under8": N_("Do grown-ups ask what you think?")},
            choices=HOW_OFTEN,
        ),
        Question(
            "know_why_in_care",
            YN,
            N_("Do you know why you are in care?"),
            by_age={"under8": N_("Do you know why you live where you live?")},
            choices=YES_NO_NOT_SURE,
        ),
    ),
)

FEELINGS = Page(
    "feelings",
    N_("How you feel"),
    (
        Question(
            "feel_most_days",
            QuestionType.FACE,
            N_("How do you feel most days?"),
            hint=N_(
                "If you pick unhappy or scared, a grown-up from the council will check on you."
            ),
            choices=FEELING_FACES,
        ),
        Question(
            "life_satisfaction",
            QuestionType.FACE,
            N_("How happy are you with your life?"),
            choices=FACES,
        ),
        Question(
            "happy_yesterday",
            QuestionType.FACE,
            N_("How happy were you yesterday?"),
            choices=FACES,
        ),
        Question(
            "future_positive",
            QuestionType.FACE,
            N_("How do you feel about your future?"),
            by_age={"under8": N_("How do you feel about when you are older?")},
            choices=FACES,
        ),
        ANYTHING_ELSE,
    ),
)

CHILD = Questionnaire(
    key="how_things_are",
    version=1,
    title=N_("How things are"),
    intro=N_("Tell us how things are at home, at school and with the people in your life."),
    roles=(Role.CHILD,),
    pages=(HOME, PEOPLE, SCHOOL_FRIENDS, RIGHTS, FEELINGS),
)

__all__ = ["CHILD"]
