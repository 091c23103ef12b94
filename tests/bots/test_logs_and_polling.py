"""The bot's logs never hold what a child wrote, a link's token or the bot token, at any level;
and polling goes on whatever Telegram sends it, even an update the library cannot read."""

from __future__ import annotations

import logging

import pytest
from telegram import Update

from tests.bots.conftest import Chat, RunningBot, wait_processed
from tests.bots.test_questionnaire import invite
from tests.fakes.bot_api import DEFAULT_TOKEN

SECRET_WORDS = "my secret words about home"


def logged(caplog: pytest.LogCaptureFixture) -> str:
    lines = []
    for record in caplog.records:
        lines.append(record.getMessage())
        if record.exc_info:
            lines.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(lines)


async def test_a_whole_questionnaire_logs_no_words_and_no_token(
    bot: RunningBot, chat: Chat, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = invite(bot.runtime)
    await chat.say(f"/start {token}")
    for key in ("yes", "yes", "ok"):
        await chat.answer(key)
    await chat.say(SECRET_WORDS)
    await chat.answer("yes")  # may we share it
    await chat.answer("safe")
    text = logged(caplog)
    assert caplog.records, "nothing was logged at DEBUG: the test would prove nothing"
    for secret in (SECRET_WORDS, token, DEFAULT_TOKEN):
        assert secret not in text


async def test_polling_goes_on_past_an_update_the_library_cannot_read(
    bot: RunningBot, chat: Chat, caplog: pytest.LogCaptureFixture
) -> None:
    """python-telegram-bot cannot build an Update from this one; polling takes updates as
    Telegram sent them, so it neither stops nor logs the update's words."""
    caplog.set_level(logging.DEBUG)
    unreadable = chat.api.make_message_update(chat.chat_id, SECRET_WORDS)
    unreadable["message"]["chat"] = "not a chat"
    with pytest.raises(TypeError):  # what the library would have done with it
        Update.de_json(unreadable, bot.app.bot)
    await chat.api.inject(unreadable)
    update = chat.api.make_message_update(chat.chat_id, "/help")
    await chat.api.inject(update)
    await wait_processed(bot.runtime, update["update_id"])
    assert not bot.task.done(), "polling stopped"
    assert "999" in chat.texts()[-1]
    assert SECRET_WORDS not in logged(caplog)
