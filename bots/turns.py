"""What the conversation takes in (a turn: who wrote, which update) and gives back (messages to
send), with no Telegram types, so each step can run in a worker thread and be tested alone."""

from __future__ import annotations

from dataclasses import dataclass

from bots.keyboards import Keyboard
from bots.texts import LANGUAGES
from service.i18n import offered_language
from service.models import BotChat


@dataclass(frozen=True)
class Outgoing:
    """One message to send, or (with `edit_message_id`) an earlier one to rewrite."""

    text: str
    buttons: Keyboard = ()
    edit_message_id: int | None = None


@dataclass(frozen=True)
class Turn:
    """Who wrote, which update it was, and which message a button was pressed on."""

    chat_id: int
    update_id: int
    language_hint: str | None = None
    message_id: int | None = None


@dataclass(frozen=True)
class Place:
    """Which question a button was on: the response it belongs to, and the question's position."""

    response_id: int
    position: int


def language_of(turn: Turn, chat: BotChat | None = None) -> str:
    """The chat's language, else what the person's Telegram app is set to, else English."""
    if chat is not None:
        return chat.language
    hint = offered_language(turn.language_hint)
    return hint if hint in LANGUAGES else "en"
