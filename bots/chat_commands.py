"""The bot's commands about the chat itself: its language, Children in Care Council updates,
stopping messages and forgetting the chat. Each is one transaction; none touches answers."""

from __future__ import annotations

from bots import texts
from bots.keyboards import Button
from bots.texts import LANGUAGES, t
from bots.turns import Outgoing, Turn, language_of
from service.domain import chats
from service.runtime import Runtime


class ChatCommands:
    """/language, /updates, /stop and /forget."""

    runtime: Runtime

    def choose_language(self, turn: Turn) -> list[Outgoing]:
        """Offer the languages the bot speaks."""
        with self.runtime.sessions() as db:
            language = language_of(turn, chats.find_chat(db, turn.chat_id))
        buttons = tuple((Button(name, f"l:{code}"),) for code, name in LANGUAGES.items())
        return [Outgoing(t(texts.CHOOSE_LANGUAGE, language), buttons)]

    def offer_updates(self, turn: Turn) -> list[Outgoing]:
        """Offer Children in Care Council updates and polls (opt-in, never assumed)."""
        with self.runtime.sessions() as db:
            language = language_of(turn, chats.find_chat(db, turn.chat_id))
        buttons = (
            (Button(t(texts.YES_PLEASE, language), "u:1"),),
            (Button(t(texts.NO_THANKS, language), "u:0"),),
        )
        return [Outgoing(t(texts.UPDATES_OFFER, language), buttons)]

    def set_updates(self, turn: Turn, wanted: bool) -> list[Outgoing]:
        """Record the Children in Care Council opt-in (or opt-out)."""
        now = self.runtime.now()
        with self.runtime.sessions.begin() as db:
            chat = chats.find_chat(db, turn.chat_id, lock=True)
            if chat is None and not wanted:
                return [
                    Outgoing(
                        t(texts.UPDATES_OFF, language_of(turn)), edit_message_id=turn.message_id
                    )
                ]
            chat = chat or chats.open_chat(db, turn.chat_id, now, language=language_of(turn))
            chats.set_cicc_opt_in(chat, wanted, now)
            message = texts.UPDATES_ON if wanted else texts.UPDATES_OFF
            return [Outgoing(t(message, chat.language), edit_message_id=turn.message_id)]

    def stop(self, turn: Turn) -> list[Outgoing]:
        """Stop every message the person did not ask for."""
        now = self.runtime.now()
        with self.runtime.sessions.begin() as db:
            chat = chats.find_chat(db, turn.chat_id, lock=True)
            if chat is not None:
                chats.stop_messages(chat, now)
            return [Outgoing(t(texts.STOPPED, language_of(turn, chat)))]

    def forget(self, turn: Turn) -> list[Outgoing]:
        """Delete this chat's link to any invitation or response, and its chat id."""
        with self.runtime.sessions.begin() as db:
            chat = chats.find_chat(db, turn.chat_id, lock=True)
            language = language_of(turn, chat)
            forgotten = chats.forget_chat(db, turn.chat_id)
        return [Outgoing(t(texts.FORGOTTEN if forgotten else texts.NOTHING_TO_FORGET, language))]
