"""The bot's part of the hostile-input suite: typed answers are stored cleanly or refused plainly."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from service.models import Answer
from service.runtime import Runtime
from tests.bots.conftest import Chat, RunningBot
from tests.bots.test_questionnaire import invite


async def at_free_text_question(chat: Chat, runtime: Runtime) -> None:
    await chat.say(f"/start {invite(runtime)}")
    for key in ("yes", "yes", "ok"):
        await chat.answer(key)


def stored_text(runtime: Runtime) -> str | None:
    with runtime.sessions() as db:
        answer = db.scalar(select(Answer).where(Answer.question_id == "do_better"))
        return answer.text if answer else None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("<script>alert('x')</script><b>hi</b>", "<script>alert('x')</script><b>hi</b>"),
        ('=HYPERLINK("http://evil.example","click")', '=HYPERLINK("http://evil.example","click")'),
        ("more\u200b time\u2060 to talk\ufeff", "more time to talk"),
        ("ｆｕｌｌ width", "full width"),
        ("مرحبا، أريد اجتماعات أقصر", "مرحبا، أريد اجتماعات أقصر"),
    ],
    ids=["xss", "formula", "zero-width", "nfkc", "arabic"],
)
async def test_typed_answer_is_stored_cleanly(
    bot: RunningBot, chat: Chat, typed: str, stored: str
) -> None:
    await at_free_text_question(chat, bot.runtime)
    await chat.say(typed)
    assert stored_text(bot.runtime) == stored
    assert chat.last_keyboard()["text"].startswith("Question 5 of 6")
    # Nothing the child typed is sent back, so nothing can be rendered as markup.
    assert not any(typed in text for text in chat.texts())
    assert all("parse_mode" not in m for m in chat.sent())


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "I am fine\u202e(evil)",
            "Your answer has hidden control characters. Please type it again.",
        ),
        ("a\x07bell", "Your answer has hidden control characters. Please type it again."),
        ("x" * 2001, "Please keep your answer under 2000 characters."),
    ],
    ids=["rtl-override", "control-character", "oversized"],
)
async def test_refused_answer_gets_a_clear_message_and_nothing_is_stored(
    bot: RunningBot, chat: Chat, typed: str, message: str
) -> None:
    await at_free_text_question(chat, bot.runtime)
    await chat.say(typed)
    assert chat.texts()[-2] == message
    assert chat.last_keyboard()["text"].startswith("Question 4 of 6")
    assert stored_text(bot.runtime) is None


async def test_only_invisible_characters_count_as_no_answer(bot: RunningBot, chat: Chat) -> None:
    await at_free_text_question(chat, bot.runtime)
    await chat.say("\u200b\u200b")
    assert chat.texts()[-2] == "Please answer this question."
    assert stored_text(bot.runtime) is None


async def test_forged_callback_data_is_ignored(bot: RunningBot, chat: Chat) -> None:
    await chat.say(f"/start {invite(bot.runtime)}")
    sent = len(chat.sent())
    for data in ("a:0:'; DROP TABLE answers;--", "a:-1:yes", "c:../../etc", "l:xx", "zzz"):
        await chat.press(data)
    assert len(chat.sent()) == sent
    with bot.runtime.sessions() as db:
        assert list(db.scalars(select(Answer))) == []


async def test_answer_for_a_question_out_of_range_is_refused(bot: RunningBot, chat: Chat) -> None:
    await chat.say(f"/start {invite(bot.runtime)}")
    await chat.press(chat.on("a", 99, "yes"))
    assert chat.texts()[-2] == "That button is from an earlier question."
    with bot.runtime.sessions() as db:
        assert list(db.scalars(select(Answer))) == []


async def test_deep_link_starts_are_rate_limited_per_chat(bot: RunningBot, chat: Chat) -> None:
    for _ in range(5):
        await chat.say("/start AAAAAAAAAAAAAAAAAAAAAA")
    token = invite(bot.runtime)
    await chat.say(f"/start {token}")  # even a real token, once over the limit
    assert chat.texts()[-1] == "Too many tries. Please wait a few minutes and try again."
    other = Chat(bot.api, bot.runtime, chat_id=777)
    await other.say(f"/start {token}")
    assert other.texts()[0].startswith("Hello!")


async def test_a_button_from_another_form_changes_nothing_and_says_so(
    bot: RunningBot, chat: Chat
) -> None:
    await chat.say(f"/start {invite(bot.runtime, child_ref='FIRST')}")
    first = chat.last_keyboard()
    old_yes = chat.on("a", 0, "yes")
    await chat.say(f"/start {invite(bot.runtime, child_ref='SECOND')}")
    assert any("You had not finished your other form" in t for t in chat.texts())
    await chat.press(old_yes, first["message_id"])  # the first form's button, still on screen
    assert chat.texts()[-2].startswith("That button is from another form")
    assert chat.texts()[-1].startswith("Question 1 of 6")
    with bot.runtime.sessions() as db:
        assert list(db.scalars(select(Answer))) == []
