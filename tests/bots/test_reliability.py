"""Restarts, duplicates and a Bot API that fails for a while: nothing lost, nothing done twice."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from service.domain import bot_inbox
from service.models import Answer, BotUpdate, Response
from service.runtime import Runtime
from tests.bots.conftest import Chat, RunningBot, start_bot, wait_processed
from tests.bots.test_questionnaire import invite
from tests.fakes.bot_api import FakeBotApi

pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")


def answer_rows(runtime: Runtime) -> list[tuple[str, str | None]]:
    with runtime.sessions() as db:
        return [(a.question_id, a.value) for a in db.scalars(select(Answer).order_by(Answer.id))]


async def test_restart_in_the_middle_resumes(
    fake_api: FakeBotApi, runtime: Runtime, chat: Chat
) -> None:
    first = await start_bot(fake_api, runtime)
    await chat.say(f"/start {invite(runtime)}")
    await chat.answer("yes")
    await first.stop()
    second = await start_bot(fake_api, runtime)
    try:
        await chat.answer("no")  # the button on the message the first process sent
        assert chat.last_keyboard()["text"].startswith("Question 3 of 6")
        await chat.answer("happy")
        await chat.say("fine")
        await chat.answer("yes")  # may we share it
        await chat.answer("safe")
        assert chat.texts()[-1] == "Your answers have been sent. Thank you for telling us."
    finally:
        await second.stop()
    assert [q for q, _ in answer_rows(runtime)] == [
        "spoke_to_iro",
        "felt_involved",
        "review_rating",
        "do_better",
        "share_words",
        "feel_safe",
    ]


async def test_update_stored_before_a_crash_is_handled_after_restart(
    fake_api: FakeBotApi, runtime: Runtime, chat: Chat
) -> None:
    token = invite(runtime)
    # The crashed process had fetched and stored the update, but never handled it; Telegram
    # will not send it again.
    update = fake_api.make_message_update(chat.chat_id, f"/start {token}")
    with runtime.sessions.begin() as db:
        bot_inbox.store_update(db, update, runtime.now())
    restarted = await start_bot(fake_api, runtime)
    try:
        await wait_processed(runtime, update["update_id"])
        assert chat.last_keyboard()["text"].startswith("Question 1 of 6")
    finally:
        await restarted.stop()


async def test_crash_between_fetch_and_handling_loses_nothing(
    fake_api: FakeBotApi, runtime: Runtime, chat: Chat
) -> None:
    token = invite(runtime)
    first = await start_bot(fake_api, runtime)
    await chat.say(f"/start {token}")
    fake_api.fail_next("sendMessage", 50, status=502)  # the reply cannot get out ...
    update = fake_api.make_callback_update(
        chat.chat_id, chat.on("a", 0, "yes"), chat.last_keyboard()["message_id"]
    )
    await fake_api.inject(update)
    await fake_api.next_call("sendMessage")  # ... the answer is being handled
    await first.crash()
    fake_api._faults.clear()
    second = await start_bot(fake_api, runtime)
    try:
        await wait_processed(runtime, update["update_id"])
        assert chat.last_keyboard()["text"].startswith("Question 2 of 6")
    finally:
        await second.stop()
    assert answer_rows(runtime) == [("spoke_to_iro", "yes")]


async def test_duplicated_update_is_processed_once(bot: RunningBot, chat: Chat) -> None:
    await chat.say(f"/start {invite(bot.runtime)}")
    update = bot.api.make_callback_update(
        chat.chat_id, chat.on("a", 0, "yes"), chat.last_keyboard()["message_id"]
    )
    await chat.send_update(update)
    sent_before = len(chat.sent())
    await chat.send_update(dict(update))  # Telegram (or a second worker) delivers it again
    await chat.say("/help")  # handled after the duplicate, so the duplicate is done by now
    assert len(chat.sent()) == sent_before + 1
    assert answer_rows(bot.runtime) == [("spoke_to_iro", "yes")]
    with bot.runtime.sessions() as db:
        assert db.get(BotUpdate, update["update_id"]).attempts == 1


async def test_redelivered_answer_changes_nothing_twice(bot: RunningBot, chat: Chat) -> None:
    await chat.say(f"/start {invite(bot.runtime)}")
    update = bot.api.make_callback_update(
        chat.chat_id, chat.on("a", 0, "yes"), chat.last_keyboard()["message_id"]
    )
    await chat.send_update(update)
    # The same update arrives after its row was cleared away (e.g. replayed from a backup).
    with bot.runtime.sessions.begin() as db:
        db.delete(db.get(BotUpdate, update["update_id"]))
    await chat.send_update(update)
    assert chat.last_keyboard()["text"].startswith("Question 2 of 6")
    assert answer_rows(bot.runtime) == [("spoke_to_iro", "yes")]


async def test_bot_api_429_is_waited_out(bot: RunningBot, chat: Chat) -> None:
    bot.api.fail_next("sendMessage", 1, status=429, retry_after=1)
    await chat.say("/help")
    statuses = [c.status for c in bot.api.calls_of("sendMessage")]
    assert statuses == [429, 200]
    assert "0800 1111" in chat.texts()[0]


async def test_bot_api_5xx_for_a_while_then_delivered_once(bot: RunningBot, chat: Chat) -> None:
    bot.api.fail_next("sendMessage", 3, status=502)
    await chat.say(f"/start {invite(bot.runtime)}")
    assert [c.status for c in bot.api.calls_of("sendMessage")][:3] == [502, 502, 502]
    assert chat.texts()[0].startswith("Hello!")
    assert len(chat.texts()) == 2
    with bot.runtime.sessions() as db:
        assert len(list(db.scalars(select(Response)))) == 1


async def test_bot_api_down_longer_keeps_the_update_and_retries_it(
    bot: RunningBot, chat: Chat
) -> None:
    await chat.say(f"/start {invite(bot.runtime)}")
    bot.api.fail_next("sendMessage", 7, status=503)  # more than one handling attempt's retries
    await chat.answer("yes")
    assert chat.last_keyboard()["text"].startswith("Question 2 of 6")
    assert answer_rows(bot.runtime) == [("spoke_to_iro", "yes")]
    with bot.runtime.sessions() as db:
        attempts = [u.attempts for u in db.scalars(select(BotUpdate).order_by(BotUpdate.update_id))]
    assert attempts == [1, 2]


async def test_inbox_keeps_no_names_and_forgets_content_once_handled(
    bot: RunningBot, chat: Chat
) -> None:
    update = bot.api.make_message_update(chat.chat_id, "/help")
    update["message"]["from"].update(first_name="Alexandra", last_name="Smith", username="alex_s")
    update["message"]["chat"].update(first_name="Alexandra", username="alex_s")
    with bot.runtime.sessions.begin() as db:
        bot_inbox.store_update(db, update, bot.runtime.now())
        stored = db.get(BotUpdate, update["update_id"]).payload
    assert not {"Alexandra", "Smith", "alex_s"} & set(_strings(stored))
    await chat.send_update(update)
    with bot.runtime.sessions() as db:
        assert db.get(BotUpdate, update["update_id"]).payload == {"update_id": update["update_id"]}


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


async def test_group_chats_get_no_questions(bot: RunningBot, runtime: Runtime) -> None:
    group = Chat(bot.api, runtime, chat_id=-1001)
    await group.say(f"/start {invite(runtime)}")
    assert group.sent() == []
