"""What the bot says in its own words, as English msgids marked for extraction.

Nothing here may name a person, a review or a date: Telegram shows the start of every
message on a phone's lock screen, where anyone nearby can read it.
"""

from __future__ import annotations

from service import messages
from service.i18n import LANGUAGE_NAMES, SUPPORTED, translate
from service.questionnaires.schema import N_
from service.settings import Settings

# Languages the bot offers in /language (the same as the web form), each named in itself.
LANGUAGES: dict[str, str] = {code: LANGUAGE_NAMES[code] for code in SUPPORTED}

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
TOO_MANY_TRIES = N_("Too many tries. Please wait a few minutes and try again.")
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
OTHER_FORM = N_("That button is from another form, so nothing was changed. Here is where you are:")
UNFINISHED = N_(
    "You had not finished your other form. It is kept: open its link again to carry on with it."
)
CANT_READ = N_(
    "Thank you. I can only read typed words, so please type what you want to say. Anyone who "
    "needs help now can use these:"
)


def t(msgid: str, language: str, **values: str | int) -> str:
    """`msgid` in `language`, with `{name}` placeholders filled."""
    text = translate(msgid, language)
    return text.format(**values) if values else text


def help_text(
    settings: Settings, language: str, audience: messages.Audience = messages.Audience.UNKNOWN
) -> str:
    """Who to contact now, 999 first: the same list as the web's help, right for the person's
    age; numbers kept left to right inside right-to-left languages."""
    lines = [t(messages.HELP_TITLE, language), "", "🆘 " + t(messages.IN_DANGER, language)]
    for contact in messages.help_contacts(settings, audience):
        shown = messages.left_to_right(contact.shown) if contact.is_number else contact.href
        when = f" {t(contact.when, language)}" if contact.when else ""
        lines.append(f"• {t(contact.label, language)}: {shown}{when}")
    return "\n".join(lines)
