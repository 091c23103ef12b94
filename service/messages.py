"""What carevoice says to a child, carer or parent whatever the channel: written once, as English
msgids, and translated once. The web form and the bot render the same words.

Nothing here may name a person, a review or a date: a bot message shows on a phone's lock
screen, and a page may be open on a shared phone.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from service.questionnaires.schema import N_
from service.settings import Settings

LINK_NOT_WORKING_TITLE = N_("This link is not working")
LINK_NOT_WORKING = N_("It may be old or mistyped. Ask your IRO or carer for a new one.")
ALREADY_ANSWERED = N_("You have already answered. Thank you for telling us.")
ANSWERS_SENT = N_("Your answers have been sent. Thank you for telling us.")
PLEASE_ANSWER = N_("Please answer this question.")
CLOSED = N_("Sorry, this one has closed. Thank you for wanting to answer.")

PRIVACY_TITLE = N_("Who will read this?")
PRIVACY_NAMED = (
    N_(
        "Your IRO and the team who run reviews read your answers, to make your meetings better. "
        "We don't put your name on what you write."
    ),
    N_(
        "If you tell us you are not safe, we will get a grown-up from the council to contact you, "
        "to help."
    ),
)
PRIVACY_ANONYMOUS = (
    N_(
        "You don't give your name, so nobody can tell who wrote this. The council team who "
        "listen to children read it, to make things better."
    ),
    N_(
        "Because we don't know who you are, we can't contact you. If you are not safe, please "
        "call Childline or tell an adult you trust."
    ),
)

HELP_TITLE = N_("You don't have to wait. You can get help now.")
NEED_HELP_NOW = N_("Need help now?")
NEED_TO_TALK = N_("Need to talk to someone now? Call Childline free on")
IN_DANGER = N_("If you are in danger right now, call 999.")
HELP_CALL = N_("Talk to someone")
HELP_QUIET = N_("If you can't talk out loud")
QUICK_EXIT = N_("Leave this page quickly")

# What happens next, said only when it is true.
TOLD_NAMED = N_(
    "We have told the council's safeguarding team. Someone from the council will contact you "
    "within {hours} hours to check you are OK."
)
TOLD_ANONYMOUS = N_(
    "You didn't give your name, so nobody knows who you are and nobody can contact you. Please "
    "talk to someone now: the numbers are below."
)
TOLD_KEPT = N_(
    "Our system has a problem, so your answers were not sent. We have kept what you said about "
    "not feeling safe, and the council's safeguarding team will see it as soon as the system "
    "is back. Please don't wait for us: talk to someone now."
)
THANK_YOU_FOR_TELLING = N_("Thank you for telling us")

# For children under 8, in words they can read; for care leavers, as the adults they are.
PRIVACY_YOUNG = (
    N_("The grown-ups who run meetings read what you say. It helps them make meetings better."),
    N_("If you say you are not safe, we will tell a grown-up who can help you."),
)
PRIVACY_ADULT = (
    PRIVACY_NAMED[0],
    N_("If you tell us you are not safe, someone from the council will contact you to help."),
)


def privacy_notice(anonymous: bool, band: str | None = None) -> tuple[str, ...]:
    """Who reads the answers, in plain words for the person's age band: said before anyone
    answers, on every channel."""
    if anonymous:
        return PRIVACY_ANONYMOUS
    return {"under8": PRIVACY_YOUNG, "18plus": PRIVACY_ADULT}.get(band or "", PRIVACY_NAMED)


class Audience(enum.StrEnum):
    """Whose help list to show: helplines differ for children and for care leavers."""

    CHILD = "child"  # under 19: Childline
    CARE_LEAVER = "care_leaver"  # 19 to 25: the leaving care team, Samaritans, Shout
    UNKNOWN = "unknown"  # an anonymous form: both


@dataclass(frozen=True)
class Contact:
    """Somewhere to get help. `label` and `when` are msgids; `shown` is the number or word as
    printed (a phone number always shown left to right); `href` is what a tap opens."""

    label: str
    shown: str
    href: str
    how: str  # "call", "text" or "chat"
    when: str = ""

    @property
    def is_number(self) -> bool:
        return self.how in ("call", "text")


DANGER = Contact(IN_DANGER, "999", "tel:999", "call")
CHILDLINE = Contact(
    N_("Childline, free, for anyone under 19"),
    "0800 1111",
    "tel:08001111",
    "call",
    N_("(any time, day or night)"),
)
CHILDLINE_CHAT = Contact(
    N_("Chat online with a Childline counsellor"),
    "childline.org.uk",
    "https://www.childline.org.uk/get-support/1-2-1-counsellor-chat/",
    "chat",
)
SHOUT = Contact(N_("Text SHOUT to 85258, free, any age"), "85258", "sms:85258?body=SHOUT", "text")
SAMARITANS = Contact(
    N_("Samaritans, free, any age"), "116 123", "tel:116123", "call", N_("(any time, day or night)")
)


def _phone(label: str, number: str, when: str = "") -> Contact:
    return Contact(label, number, "tel:" + number.replace(" ", ""), "call", when)


def help_contacts(settings: Settings, audience: Audience = Audience.UNKNOWN) -> tuple[Contact, ...]:
    """Who to call or text now, right for the person's age, after 999: the same list on every
    page, in every chat and in every letter."""
    council = _phone(N_("Your council's children's team"), settings.council_help_phone)
    out_of_hours = _phone(N_("Evenings and weekends"), settings.council_out_of_hours_phone)
    leaving_care = _phone(N_("Your leaving care team"), settings.leaving_care_phone)
    if audience is Audience.CHILD:
        return (CHILDLINE, council, out_of_hours, CHILDLINE_CHAT, SHOUT)
    if audience is Audience.CARE_LEAVER:
        return (leaving_care, SAMARITANS, out_of_hours, SHOUT)
    return (CHILDLINE, SAMARITANS, council, out_of_hours, CHILDLINE_CHAT, SHOUT)


def left_to_right(number: str) -> str:
    """A phone number kept in reading order inside right-to-left text (Arabic, Farsi...): the
    left-to-right marks stop the bidi algorithm from turning "0800 1111" into "1111 0800"."""
    return f"\u200e{number}\u200e"


# "You said, we did" for young people: the page and its themes, in their words (the themes'
# plain titles, `analysis.text.themes`, written here once more so they are translated).
YOU_SAID_WE_DID = N_("You said, we did")
YOU_SAID_WE_DID_INTRO = N_(
    "You told us what could be better. Here is what we changed because of what you said."
)
YOU_SAID_WE_DID_NONE = N_("Nothing here yet. We will tell you what we change.")
YOU_SAID = N_("You said:")
WE_DID = N_("We did:")
IN_ENGLISH = N_("We have not written this in your language yet.")
OTHER_CHANGES = N_("Other changes")
THEME_TITLES = {
    "being_heard": N_("Being listened to"),
    "meeting_experience": N_("Your meetings"),
    "preparation": N_("Getting ready for your meeting"),
    "iro_relationship": N_("Your IRO"),
    "social_worker": N_("Your social worker"),
    "family_contact": N_("Seeing family and friends"),
    "placement_home": N_("Where you live"),
    "education_work": N_("School, college and work"),
    "health_wellbeing": N_("Feeling well"),
    "leaving_care": N_("Leaving care"),
    "activities": N_("Things to do"),
    "rights_support": N_("Your rights and who can help"),
}
