"""The bot's answers reach the reading queue the way the web's do: a worried answer sent through
Telegram is an item for the child's IRO, and words typed at a button are an addendum to read."""

from __future__ import annotations

from sqlalchemy import select

from service.domain.users import create_user
from service.models import ReadingItem, Response, ResponseStatus, StaffRole
from tests.bots.conftest import Chat, RunningBot
from tests.bots.test_questionnaire import invite


def reader_of_iro_a(bot: RunningBot) -> int:
    with bot.runtime.sessions.begin() as db:
        return create_user(
            db,
            email="iro-a@council.test",
            display_name="Iro A",
            role=StaffRole.IRO,
            password="correct horse battery",
            now=bot.runtime.now(),
            iro_code="IRO-A",
        ).id


async def test_a_worried_answer_in_telegram_is_queued_for_the_childs_iro(
    bot: RunningBot, chat: Chat
) -> None:
    iro = reader_of_iro_a(bot)
    await chat.say(f"/start {invite(bot.runtime)}")
    for key in ("yes", "yes", "ok"):
        await chat.answer(key)
    await chat.say("nothing")
    await chat.answer("yes")  # may we share it
    await chat.answer("not_safe")
    with bot.runtime.sessions() as db:
        (item,) = db.scalars(select(ReadingItem))
        response = db.get_one(Response, item.response_id)
    assert response.status is ResponseStatus.SUBMITTED
    assert (item.reader_id, item.urgency_rank, item.reason) == (iro, 0, "words, worry")


async def test_words_typed_at_a_button_are_an_addendum_in_the_queue(
    bot: RunningBot, chat: Chat
) -> None:
    iro = reader_of_iro_a(bot)
    await chat.say(f"/start {invite(bot.runtime)}")
    await chat.say("can I do this later")
    with bot.runtime.sessions() as db:
        (item,) = db.scalars(select(ReadingItem))
        kept = db.get_one(Response, item.response_id)
    assert kept.status is ResponseStatus.ADDENDUM and item.reader_id == iro
