"""A child who tells the bot they are not safe, in any way the bot can be told, gets help at once
and a person is alerted: a worry typed where a button is expected, "help" typed, a voice note,
a worry sent after the answers went in through the web, and an edit Telegram cannot make."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bots.turns import Turn
from service.domain import answering
from service.domain.alerts import AlertPolicy
from service.domain.answering import Move, StepUnit, Subject, Via
from service.models import Alert, Channel, Invitation, Response, ResponseStatus, Urgency
from tests.bots.conftest import Chat, RunningBot
from tests.bots.test_questionnaire import invite


def alerts(bot: RunningBot) -> list[Alert]:
    with bot.runtime.sessions() as db:
        return list(db.scalars(select(Alert).order_by(Alert.id)))


def helped(chat: Chat) -> list[str]:
    return [t for t in chat.texts() if "999" in t and "0800 1111" in t]


def voice_note(chat: Chat) -> dict[str, Any]:
    update = chat.api.make_message_update(chat.chat_id, "x")
    message = update["message"]
    del message["text"]
    message["voice"] = {"file_id": "AwAD-secret", "file_unique_id": "u1", "duration": 4}
    return update


async def test_a_worry_typed_where_a_button_is_expected_is_heard(
    bot: RunningBot, chat: Chat
) -> None:
    await chat.say(f"/start {invite(bot.runtime)}")
    await chat.say("I'm scared to go home")
    assert helped(chat), chat.texts()
    assert chat.texts()[-2] == "Please tap one of the answers on the buttons."
    assert chat.texts()[-1].startswith("Question 1 of 6")
    (alert,) = alerts(bot)
    assert alert.child_id is not None and alert.excerpt == "I'm scared to go home"
    with bot.runtime.sessions() as db:
        kept = db.get(Response, alert.response_id)
        assert kept is not None and kept.status is ResponseStatus.ADDENDUM
        assert kept.adds_to_id is not None  # the response the chat is answering


async def test_calm_words_typed_at_a_button_are_kept_for_a_person_to_read(
    bot: RunningBot, chat: Chat
) -> None:
    await chat.say(f"/start {invite(bot.runtime)}")
    await chat.say("can I do this later")
    assert not helped(chat) and alerts(bot) == []
    with bot.runtime.sessions() as db:
        kept = db.scalar(select(Response).where(Response.status == ResponseStatus.ADDENDUM))
        assert kept is not None and kept.answers[0].text == "can I do this later"


async def test_help_typed_anywhere_gets_help_and_a_person(bot: RunningBot, chat: Chat) -> None:
    await chat.say("help")
    assert helped(chat)
    (alert,) = alerts(bot)
    assert alert.anonymous  # nobody knows who this chat is
    await chat.say(f"/start {invite(bot.runtime)}")
    await chat.say("HELP ME")
    assert len(helped(chat)) == 2 and len(alerts(bot)) == 2


async def test_a_voice_note_gets_a_kind_reply_with_help_and_alerts(
    bot: RunningBot, chat: Chat
) -> None:
    await chat.say(f"/start {invite(bot.runtime)}")
    await chat.send_update(voice_note(chat))
    reply = chat.texts()[-2]
    assert reply.startswith("Thank you. I can only read typed words") and "999" in reply
    assert chat.texts()[-1].startswith("Question 1 of 6")
    (alert,) = alerts(bot)
    assert (alert.category, alert.urgency) == ("unreadable", Urgency.HIGH)
    assert alert.child_id is not None
    with bot.runtime.sessions() as db:
        kept = [(a.value, a.text) for r in db.scalars(select(Response)) for a in r.answers]
    assert ("voice", None) in kept and "AwAD-secret" not in repr(kept)


async def test_a_sticker_gets_a_kind_reply_and_no_alert(bot: RunningBot, chat: Chat) -> None:
    update = chat.api.make_message_update(chat.chat_id, "x")
    del update["message"]["text"]
    update["message"]["sticker"] = {
        "file_id": "s",
        "file_unique_id": "s1",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
    await chat.send_update(update)
    assert helped(chat) and alerts(bot) == []


async def test_help_comes_first_and_arrives_even_when_the_edit_fails(
    bot: RunningBot, chat: Chat
) -> None:
    await chat.say(f"/start {invite(bot.runtime)}")
    for key in ("yes", "yes", "ok"):
        await chat.answer(key)
    await chat.say("nothing")
    await chat.answer("yes")  # may we share it
    bot.api.fail_next("editMessageText", 20, status=502)  # Telegram down for edits
    await chat.answer("not_safe")
    texts = chat.texts()
    assert texts[-1] == "Your answers have been sent. Thank you for telling us."
    assert "999" in texts[-2] and texts[-2].startswith("Thank you for telling us.")
    (alert,) = alerts(bot)
    assert alert.urgency is Urgency.URGENT


async def test_a_worry_after_the_web_sent_the_answers_is_kept_and_alerts(
    bot: RunningBot, chat: Chat
) -> None:
    await chat.say(f"/start {invite(bot.runtime)}")
    for key in ("yes", "yes", "ok"):
        await chat.answer(key)
    await chat.say("nothing")
    await chat.answer("yes")  # may we share it
    runtime = bot.runtime
    with runtime.sessions.begin() as db:  # meanwhile the same child sends it on the web
        invitation = db.scalar(select(Invitation))
        assert invitation is not None
        subject = Subject(runtime.now(), "review_child", invitation_id=invitation.id)
        answering.answer_step(
            db,
            subject,
            StepUnit.PAGE,
            0,
            {"feel_safe": ["safe"]},
            move=Move.NEXT,
            via=Via(Channel.WEB, "en", runtime.now(), AlertPolicy()),
        )
    await chat.answer("not_safe")
    assert helped(chat)
    assert chat.texts()[-1] == "You have already answered. Thank you for telling us."
    (alert,) = alerts(bot)
    assert alert.urgency is Urgency.URGENT and alert.child_id is not None


async def test_help_is_sent_again_when_the_update_is_handled_again(
    bot: RunningBot, chat: Chat
) -> None:
    """An update whose messages may not all have gone out is handled again after a crash: the
    chat has moved on, but the help is sent again."""
    await chat.say(f"/start {invite(bot.runtime)}")
    conversation = bot.app.bot_data["services"].conversation
    turn = Turn(chat_id=chat.chat_id, update_id=99_001)
    first = conversation.answer_text(turn, "I want to die")
    again = conversation.answer_text(turn, "I want to die")
    assert any("999" in m.text for m in first) and any("999" in m.text for m in again)
    assert len(alerts(bot)) == 1  # the alert itself is raised once
