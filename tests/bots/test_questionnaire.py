"""A whole questionnaire in Telegram, through a deep link, stored as the web stores it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from service.domain.responses import AnswerInput, record_response
from service.models import Alert, Answer, BotChat, Channel, Response, ResponseStatus
from service.runtime import Runtime
from tests.bots.conftest import Chat, RunningBot
from tests.factories import make_invitation

DO_BETTER = "Could we meet somewhere quieter? The office is noisy."


def invite(runtime: Runtime, **review: object) -> str:
    with runtime.sessions.begin() as db:
        return make_invitation(db, runtime.now(), **review).token


def answers_of(runtime: Runtime, response_id: int) -> list[tuple[object, ...]]:
    with runtime.sessions() as db:
        rows = db.scalars(
            select(Answer).where(Answer.response_id == response_id).order_by(Answer.question_id)
        )
        return [
            (
                a.question_id,
                a.value,
                a.values,
                a.text,
                a.sentiment,
                a.sentiment_label,
                a.themes,
                a.safety,
                a.analyser_version,
            )
            for a in rows
        ]


def responses(runtime: Runtime) -> list[Response]:
    with runtime.sessions() as db:
        return list(db.scalars(select(Response).order_by(Response.id)))


async def complete(chat: Chat, token: str) -> None:
    await chat.say(f"/start {token}")
    await chat.answer("yes")
    await chat.answer("not_sure")
    await chat.answer("happy")
    await chat.say(DO_BETTER)
    await chat.answer("yes")  # may we share it
    await chat.answer("safe")


async def test_deep_link_completes_the_questionnaire(bot: RunningBot, chat: Chat) -> None:
    token = invite(bot.runtime)
    await complete(chat, token)
    assert chat.texts()[-1] == "Your answers have been sent. Thank you for telling us."
    (response,) = responses(bot.runtime)
    assert response.status is ResponseStatus.SUBMITTED
    assert response.channel is Channel.TELEGRAM
    assert [a[:4] for a in answers_of(bot.runtime, response.id)] == [
        ("do_better", None, None, DO_BETTER),
        ("feel_safe", "safe", None, None),
        ("felt_involved", "not_sure", None, None),
        ("review_rating", "happy", None, None),
        ("share_words", "yes", None, None),
        ("spoke_to_iro", "yes", None, None),
    ]


async def test_bot_answers_are_stored_exactly_as_the_web_stores_them(
    bot: RunningBot, chat: Chat
) -> None:
    await complete(chat, invite(bot.runtime))
    with bot.runtime.sessions.begin() as db:
        web_invitation = make_invitation(db, bot.runtime.now(), child_ref="REF-WEB").invitation
        given = {
            "spoke_to_iro": AnswerInput("spoke_to_iro", value="yes"),
            "felt_involved": AnswerInput("felt_involved", value="not_sure"),
            "review_rating": AnswerInput("review_rating", value="happy"),
            "do_better": AnswerInput("do_better", text=DO_BETTER),
            "share_words": AnswerInput("share_words", value="yes"),
            "feel_safe": AnswerInput("feel_safe", value="safe"),
        }
        record_response(
            db,
            given,
            channel=Channel.WEB,
            language="en",
            now=bot.runtime.now(),
            invitation=web_invitation,
        )
    by_bot, by_web = responses(bot.runtime)
    assert (by_bot.channel, by_web.channel) == (Channel.TELEGRAM, Channel.WEB)
    assert answers_of(bot.runtime, by_bot.id) == answers_of(bot.runtime, by_web.id)
    assert (
        by_bot.role,
        by_bot.age_band,
        by_bot.questionnaire_key,
        by_bot.review_id is not None,
    ) == (by_web.role, by_web.age_band, by_web.questionnaire_key, True)


async def test_greeting_and_messages_name_nobody(bot: RunningBot, chat: Chat) -> None:
    token = invite(
        bot.runtime,
        child_ref="CASE-98765",
        iro="Jo Bloggs",
        team="Eastfield",
        review_date=date(2026, 11, 20),
    )
    await complete(chat, token)
    everything = chat.texts() + [c.params["text"] for c in chat.edits()]
    for private in ("CASE-98765", "Jo Bloggs", "Eastfield", "2026", "20/11", token):
        assert not any(private in text for text in everything), private
    assert chat.texts()[0].startswith("Hello! Thank you for taking the time")


async def test_face_question_shows_emoji_words_and_rather_not_say(
    bot: RunningBot, chat: Chat
) -> None:
    await chat.say(f"/start {invite(bot.runtime)}")
    await chat.answer("yes")
    await chat.answer("yes")
    labels = list(chat.buttons().values())
    assert labels[:5] == ["😀 Really good", "🙂 Good", "😐 OK", "🙁 Not good", "😢 Really bad"]
    assert "🤐 I'd rather not say" in labels
    assert "⬅️ Back" in labels and "Skip ➡️" in labels
    assert chat.last_keyboard()["text"].startswith("Question 3 of 6\n\nHow was your review?")


async def test_children_under_8_get_their_own_form(bot: RunningBot, chat: Chat) -> None:
    await chat.say(f"/start {invite(bot.runtime, age=6)}")
    assert chat.last_keyboard()["text"] == "Question 1 of 4\n\nHow was your meeting?"
    labels = list(chat.buttons().values())
    assert labels[:3] == ["😀 Good", "😐 OK", "😢 Not good"]
    assert "The grown-ups who run meetings read what you say." in chat.texts()[-2]


async def test_age_band_wording_for_8_to_12(bot: RunningBot, chat: Chat) -> None:
    await chat.say(f"/start {invite(bot.runtime, age=10)}")
    assert (
        "Did you talk to your IRO (the person who runs your meeting) before it?"
        in (chat.last_keyboard()["text"])
    )


async def test_care_leavers_are_asked_as_adults(bot: RunningBot, chat: Chat) -> None:
    await chat.say(f"/start {invite(bot.runtime, age=19)}")
    assert "your Independent Reviewing Officer" in chat.last_keyboard()["text"]


async def test_answered_question_loses_its_buttons_and_shows_the_answer(
    bot: RunningBot, chat: Chat
) -> None:
    await chat.say(f"/start {invite(bot.runtime)}")
    question = chat.last_keyboard()
    await chat.answer("yes")
    (edit,) = chat.edits()
    assert edit.params["message_id"] == question["message_id"]
    assert edit.params["text"].endswith("✓ Your answer: Yes")
    assert "reply_markup" not in edit.params or not edit.params["reply_markup"]


async def test_back_changes_the_last_answer(bot: RunningBot, chat: Chat) -> None:
    await chat.say(f"/start {invite(bot.runtime)}")
    await chat.answer("yes")
    back = next(d for d in chat.buttons() if d.startswith("b:"))
    await chat.press(back)
    assert chat.last_keyboard()["text"].startswith("Question 1 of 6")
    await chat.answer("no")
    assert chat.last_keyboard()["text"].startswith("Question 2 of 6")
    (response,) = responses(bot.runtime)
    assert ("spoke_to_iro", "no") in [a[:2] for a in answers_of(bot.runtime, response.id)]


async def test_skip_leaves_the_question_unanswered(bot: RunningBot, chat: Chat) -> None:
    await chat.say(f"/start {invite(bot.runtime)}")
    skip = next(d for d in chat.buttons() if d.startswith("s:"))
    await chat.press(skip)
    assert chat.last_keyboard()["text"].startswith("Question 2 of 6")
    (response,) = responses(bot.runtime)
    assert answers_of(bot.runtime, response.id) == []


async def test_rather_not_say_is_stored_as_on_the_web(bot: RunningBot, chat: Chat) -> None:
    await chat.say(f"/start {invite(bot.runtime)}")
    await chat.answer("prefer_not_say")
    (response,) = responses(bot.runtime)
    assert [a[:2] for a in answers_of(bot.runtime, response.id)] == [
        ("spoke_to_iro", "prefer_not_say")
    ]


async def test_button_of_an_earlier_question_does_not_answer_the_current_one(
    bot: RunningBot, chat: Chat
) -> None:
    await chat.say(f"/start {invite(bot.runtime)}")
    first = chat.last_keyboard()["message_id"]
    await chat.answer("yes")
    await chat.press(chat.on("a", 0, "no"), first)
    assert chat.texts()[-2] == "That button is from an earlier question."
    (response,) = responses(bot.runtime)
    assert [a[:2] for a in answers_of(bot.runtime, response.id)] == [("spoke_to_iro", "yes")]


async def test_typing_on_a_button_question_asks_for_a_button(bot: RunningBot, chat: Chat) -> None:
    await chat.say(f"/start {invite(bot.runtime)}")
    await chat.say("yes I did")
    assert chat.texts()[-2] == "Please tap one of the answers on the buttons."
    assert chat.last_keyboard()["text"].startswith("Question 1 of 6")


async def test_used_link_says_already_answered(bot: RunningBot, chat: Chat) -> None:
    token = invite(bot.runtime)
    await complete(chat, token)
    await chat.say(f"/start {token}")
    assert chat.texts()[-1] == "You have already answered. Thank you for telling us."


async def test_unknown_link_is_refused_plainly(bot: RunningBot, chat: Chat) -> None:
    await chat.say("/start AAAAAAAAAAAAAAAAAAAAAA")
    assert chat.texts() == [
        "This link is not working. It may be old or mistyped. Ask your IRO or carer for a new one."
    ]
    assert responses(bot.runtime) == []


async def test_finishing_unlinks_the_chat_from_the_invitation(bot: RunningBot, chat: Chat) -> None:
    await complete(chat, invite(bot.runtime))
    with bot.runtime.sessions() as db:
        stored = db.scalar(select(BotChat).where(BotChat.chat_id == chat.chat_id))
    assert stored is not None
    assert (stored.invitation_id, stored.response_id) == (None, None)


async def test_safety_answer_helps_at_once_and_raises_an_alert(bot: RunningBot, chat: Chat) -> None:
    await chat.say(f"/start {invite(bot.runtime)}")
    for key in ("yes", "yes", "ok"):
        await chat.answer(key)
    await chat.say("nothing")
    await chat.answer("yes")  # may we share it
    await chat.answer("not_safe")
    help_message = chat.texts()[-2]
    assert help_message.startswith(
        "Thank you for telling us. We have told the council's safeguarding team. Someone from "
        "the council will contact you within 24 hours"
    )
    assert "0800 1111" in help_message
    assert bot.runtime.settings.council_help_phone in help_message
    assert bot.runtime.settings.council_out_of_hours_phone in help_message
    with bot.runtime.sessions() as db:
        (alert,) = db.scalars(select(Alert))
        response = db.get(Response, alert.response_id)
        assert response is not None and response.channel is Channel.TELEGRAM
    assert (alert.question_id, alert.urgency.value) == ("feel_safe", "urgent")
    # The rewritten question does not repeat the answer where a lock screen could show it.
    assert chat.edits()[-1].params["text"].endswith("✓ Saved.")


async def test_worrying_free_text_helps_at_once_and_raises_an_alert(
    bot: RunningBot, chat: Chat
) -> None:
    await chat.say(f"/start {invite(bot.runtime)}")
    for key in ("yes", "yes", "ok"):
        await chat.answer(key)
    await chat.say("my carer hits me when nobody is looking")
    assert any("0800 1111" in text for text in chat.texts())
    with bot.runtime.sessions() as db:
        (alert,) = db.scalars(select(Alert))
    assert alert.source == "free_text"
