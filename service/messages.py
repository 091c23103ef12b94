"""What carevoice says to a child, carer or parent whatever the channel: written once, as English
msgids, and translated once. The web form and the bot render the same words.

Nothing here may name a person, a review or a date: a bot message shows on a phone's lock
screen, and a page may be open on a shared phone.
"""

from __future__ import annotations

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
NEED_TO_TALK = N_("Need to talk to someone now? Call Childline free on")
THANK_YOU_FOR_TELLING = N_("Thank you for telling us")
SAFETY_NAMED = N_("A grown-up from the council will contact you soon to check you are OK.")
SAFETY_ANONYMOUS = N_(
    "You didn't give your name, so we can't contact you. Please talk to someone now: call "
    "Childline, or tell an adult you trust."
)


def privacy_notice(anonymous: bool) -> tuple[str, ...]:
    """Who reads the answers, in plain words: said before anyone answers, on every channel."""
    return PRIVACY_ANONYMOUS if anonymous else PRIVACY_NAMED


@dataclass(frozen=True)
class Contact:
    """Somewhere to get help: `label` and `when` are msgids; `number` is what is dialled."""

    label: str
    shown: str
    number: str
    when: str = ""


CHILDLINE = Contact(
    N_("Childline: call free on"), "0800 1111", "08001111", N_("(any time, day or night)")
)
DANGER = Contact(N_("If you are in danger right now, call"), "999", "999")


def help_contacts(settings: Settings) -> tuple[Contact, ...]:
    """Who a child can talk to now, the same list on every page and in every chat."""
    return (
        CHILDLINE,
        Contact(
            N_("Your council's children's team:"),
            settings.council_help_phone,
            settings.council_help_phone.replace(" ", ""),
        ),
        Contact(
            N_("Evenings and weekends:"),
            settings.council_out_of_hours_phone,
            settings.council_out_of_hours_phone.replace(" ", ""),
        ),
        DANGER,
    )
