"""What the bot says in its own words, as English msgids marked for extraction.

Nothing here may name a person, a review or a date: Telegram shows the start of every
message on a phone's lock screen, where anyone nearby can read it.
"""

from __future__ import annotations

from service.i18n import LANGUAGE_NAMES, SUPPORTED, translate
from service.questionnaires.schema import N_
from service.settings import Settings

# Languages the bot offers in /language (the same as the web form), each named in itself.
LANGUAGES: dict[str, str] = {code: LANGUAGE_NAMES[code] for code in SUPPORTED}
CHILDLINE_PHONE = "0800 1111"

GREETING = N_("Hello! Thank you for taking the time to tell us what you think.")
ABOUT = N_(
    "This bot lets children and young people in care, care leavers and carers tell the council "
    "how things are going. If you have a letter with a QR code, scan it and choose "
    '"answer in Telegram".'
)
OPEN_CAMPAIGNS = N_("You can also answer one of these without giving your name:")
NO_CAMPAIGNS = N_("There is nothing open to answer without a letter just now.")
COMMANDS = N_(
    "/help: who to talk to\n/language: change language\n/updates: news from the Children in "
    "Care Council\n/stop: stop messages\n/forget: delete this chat's link to your answers"
)
LINK_NOT_WORKING = N_(
    "This link is not working. It may be old or mistyped. Ask your IRO or carer for a new one."
)
ALREADY_ANSWERED = N_("You have already answered. Thank you for telling us.")
TOO_MANY_TRIES = N_("Too many tries. Please wait a few minutes and try again.")
CAMPAIGN_CLOSED = N_("Sorry, this one has closed. Thank you for wanting to answer.")
QUESTION_OF = N_("Question {number} of {count}")
TYPE_ANSWER = N_("Type your answer and send it.")
TICK_ANY = N_("Tick all that fit, then press Done.")
DONE = N_("Done")
SKIP = N_("Skip")
BACK = N_("Back")
SAVED = N_("Saved.")
YOUR_ANSWER = N_("Your answer:")
SKIPPED = N_("Skipped.")
USE_BUTTONS = N_("Please tap one of the answers on the buttons.")
NOTHING_OPEN = N_("Send /start to begin, or /help to see who you can talk to.")
PLEASE_ANSWER = N_("Please answer this question.")
THANKS = N_("Your answers have been sent. Thank you for telling us.")
HELP_TITLE = N_("You don't have to wait. You can get help now.")
HELP_CHILDLINE = N_("Childline: call free on {phone} (any time, day or night)")
HELP_COUNCIL = N_("Your council's children's team: {phone}")
HELP_OUT_OF_HOURS = N_("Evenings and weekends: {phone}")
HELP_DANGER = N_("If you are in danger right now, call 999")
SAFETY_NAMED = N_("Thank you for telling us. A grown-up from the council will contact you soon.")
SAFETY_ANONYMOUS = N_(
    "Thank you for telling us. We don't know who you are, so please talk to someone now."
)
CHOOSE_LANGUAGE = N_("Choose your language:")
LANGUAGE_SET = N_("Language changed.")
UPDATES_OFFER = N_(
    "The Children in Care Council can send you what children said and what the council did "
    "about it, and short polls. Would you like that?"
)
YES_PLEASE = N_("Yes please")
NO_THANKS = N_("No thanks")
UPDATES_ON = N_("You will get updates. Send /stop at any time to stop them.")
UPDATES_OFF = N_("You will not get updates.")
STOPPED = N_("You will not get any more messages unless you write to us.")
FORGOTTEN = N_(
    "Done. This chat is no longer linked to your answers and we have deleted its number. "
    "Answers you already sent stay with the council."
)
NOTHING_TO_FORGET = N_("There was nothing linked to this chat. Nothing is kept.")
BROADCAST_FOOTER = N_("Send /stop to stop these messages.")
YOU_SAID = N_("You said:")
WE_DID = N_("We did:")
ANSWER_POLL = N_("Answer the poll")
OLD_BUTTON = N_("That button is from an earlier question.")


def t(msgid: str, language: str, **values: str | int) -> str:
    """`msgid` in `language`, with `{name}` placeholders filled."""
    text = translate(msgid, language)
    return text.format(**values) if values else text


def help_text(settings: Settings, language: str) -> str:
    """Who to contact: Childline and the council's numbers (the same list as the web's help box)."""
    lines = [
        t(HELP_TITLE, language),
        "",
        "• " + t(HELP_CHILDLINE, language, phone=CHILDLINE_PHONE),
        "• " + t(HELP_COUNCIL, language, phone=settings.council_help_phone),
        "• " + t(HELP_OUT_OF_HOURS, language, phone=settings.council_out_of_hours_phone),
        "• " + t(HELP_DANGER, language),
    ]
    return "\n".join(lines)
