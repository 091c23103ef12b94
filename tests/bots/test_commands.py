"""/start without a link, open campaigns, /help, /language, /updates, /stop and /forget."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from service import questionnaires
from service.domain.campaigns import create_campaign
from service.i18n import LANGUAGE_NAMES
from service.models import BotChat, Response, ResponseStatus, Role
from service.questionnaires import Page, Question, Questionnaire, QuestionType
from service.questionnaires.choices import FACES, YES_NO_NOT_SURE
from service.runtime import Runtime
from tests.bots.conftest import Chat, RunningBot
from tests.bots.test_questionnaire import invite

POLL = Questionnaire(
    key="test_poll",
    version=1,
    title="Summer poll",
    intro="Three quick questions for the Children in Care Council.",
    roles=(Role.CHILD,),
    anonymous=True,
    pages=(
        Page(
            "poll",
            "Poll",
            (
                Question(
                    "which", QuestionType.MULTI, "Which did you go to?", choices=YES_NO_NOT_SURE
                ),
                Question("rating", QuestionType.FACE, "How was it?", choices=FACES, required=True),
                Question("idea", QuestionType.TEXT, "One idea for next time?"),
            ),
        ),
    ),
)


@pytest.fixture
def poll_questionnaire(monkeypatch: pytest.MonkeyPatch) -> Iterator[Questionnaire]:
    monkeypatch.setitem(questionnaires._REGISTRY, (POLL.key, POLL.version), POLL)
    yield POLL


def open_campaign(runtime: Runtime, title: str = "Feedback Week") -> str:
    with runtime.sessions.begin() as db:
        return create_campaign(
            db, title=title, questionnaire_key=POLL.key, now=runtime.now(), kind="cicc_poll"
        ).code


def chat_row(runtime: Runtime, chat_id: int) -> BotChat | None:
    with runtime.sessions() as db:
        return db.scalar(select(BotChat).where(BotChat.chat_id == chat_id))


async def test_start_without_a_link_explains_the_bot_and_offers_campaigns(
    bot: RunningBot, chat: Chat, poll_questionnaire: Questionnaire
) -> None:
    code = open_campaign(bot.runtime)
    await chat.say("/start")
    intro, commands = chat.texts()
    assert "without giving your name" in intro
    assert chat.buttons(chat.sent()[0]) == {f"c:{code}": "Feedback Week"}
    assert "/forget" in commands and "/help" in commands
    assert chat_row(bot.runtime, chat.chat_id) is None  # nothing stored for a look around


async def test_start_without_a_link_when_nothing_is_open(bot: RunningBot, chat: Chat) -> None:
    await chat.say("/start")
    assert "There is nothing open to answer without a letter just now." in chat.texts()[0]


async def test_campaign_is_answered_anonymously_with_ticks_and_required_questions(
    bot: RunningBot, chat: Chat, poll_questionnaire: Questionnaire
) -> None:
    code = open_campaign(bot.runtime)
    await chat.say("/start")
    await chat.press(f"c:{code}", chat.sent()[0]["message_id"])
    await chat.press(chat.on("m", 0, "yes"))
    await chat.press(chat.on("m", 0, "not_sure"))
    await chat.press(chat.on("m", 0, "yes"))  # untick
    assert chat.edits()[-1].params["reply_markup"]["inline_keyboard"][2][0]["text"].startswith("☑️")
    await chat.press(chat.on("d", 0))
    assert chat.on("s", 1) not in chat.buttons()  # a required question offers no skip
    await chat.answer("ok")
    await chat.say("A trip to the seaside")
    with bot.runtime.sessions() as db:
        (response,) = db.scalars(select(Response))
        answers = {a.question_id: (a.values, a.value, a.text) for a in response.answers}
    assert response.status is ResponseStatus.SUBMITTED
    assert (response.child_id, response.invitation_id, response.campaign_id is not None) == (
        None,
        None,
        True,
    )
    assert answers == {
        "which": (["not_sure"], None, None),
        "rating": (None, "ok", None),
        "idea": (None, None, "A trip to the seaside"),
    }


async def test_anonymous_safety_help_does_not_promise_a_call_back(
    bot: RunningBot, chat: Chat, poll_questionnaire: Questionnaire
) -> None:
    code = open_campaign(bot.runtime)
    await chat.say("/start")
    await chat.press(f"c:{code}", chat.sent()[0]["message_id"])
    await chat.press(chat.on("d", 0))  # nothing ticked: asked again
    assert chat.texts()[-2] == "Please answer this question."
    await chat.press(chat.on("s", 0))
    await chat.answer("ok")
    await chat.say("I want to kill myself")
    help_message = next(t for t in chat.texts() if "0800 1111" in t)
    assert help_message.startswith(
        "Thank you for telling us. You didn't give your name, so nobody knows who you are and "
        "nobody can contact you."
    )


async def test_closed_campaign_says_so(
    bot: RunningBot, chat: Chat, poll_questionnaire: Questionnaire
) -> None:
    await chat.say("/start")
    await chat.press("c:nosuchcode", chat.sent()[0]["message_id"])
    assert chat.texts()[-1] == "Sorry, this one has closed. Thank you for wanting to answer."


async def test_help_lists_childline_and_the_council_numbers(bot: RunningBot, chat: Chat) -> None:
    await chat.say("/help")
    (text,) = chat.texts()
    settings = bot.runtime.settings
    assert "Childline" in text and "0800 1111" in text
    assert settings.council_help_phone in text and settings.council_out_of_hours_phone in text
    assert "999" in text


async def test_language_choice_is_kept_and_used_for_the_questionnaire(
    bot: RunningBot, chat: Chat
) -> None:
    await chat.say("/language")
    assert chat.buttons() == {f"l:{code}": name for code, name in LANGUAGE_NAMES.items()}
    assert len(chat.buttons()) == 10
    await chat.press("l:ar")
    assert chat_row(bot.runtime, chat.chat_id).language == "ar"
    await chat.say(f"/start {invite(bot.runtime)}")
    await chat.answer("yes")
    with bot.runtime.sessions() as db:
        (response,) = db.scalars(select(Response))
    assert response.language == "ar"


async def test_invitation_language_is_used_for_a_new_chat(bot: RunningBot, chat: Chat) -> None:
    await chat.say(f"/start {invite(bot.runtime, language='ar')}")
    assert chat_row(bot.runtime, chat.chat_id).language == "ar"


async def test_updates_opt_in_and_stop(bot: RunningBot, chat: Chat) -> None:
    await chat.say("/updates")
    await chat.press("u:1")
    row = chat_row(bot.runtime, chat.chat_id)
    assert (row.cicc_opt_in, row.stopped) == (True, False)
    await chat.say("/stop")
    row = chat_row(bot.runtime, chat.chat_id)
    assert (row.cicc_opt_in, row.stopped) == (False, True)
    assert chat.texts()[-1] == "You will not get any more messages unless you write to us."


async def test_forget_deletes_the_chat_and_its_link_to_the_invitation(
    bot: RunningBot, chat: Chat
) -> None:
    await chat.say(f"/start {invite(bot.runtime)}")
    await chat.answer("yes")
    button_message = chat.last_keyboard()["message_id"]
    await chat.say("/forget")
    assert chat.texts()[-1].startswith("Done. This chat is no longer linked to your answers")
    assert chat_row(bot.runtime, chat.chat_id) is None
    with bot.runtime.sessions() as db:
        (response,) = db.scalars(select(Response))
        assert len(response.answers) == 1  # what was said stays with the council
    await chat.press(chat.on("a", 1, "yes"), button_message)
    assert chat.texts()[-1] == "Send /start to begin, or /help to see who you can talk to."


async def test_forget_with_nothing_stored(bot: RunningBot, chat: Chat) -> None:
    await chat.say("/forget")
    assert chat.texts() == ["There was nothing linked to this chat. Nothing is kept."]


async def test_blocking_the_bot_is_remembered(bot: RunningBot, chat: Chat) -> None:
    await chat.say("/updates")
    await chat.press("u:1")
    update = {
        "update_id": 900001,
        "my_chat_member": {
            "chat": {"id": chat.chat_id, "type": "private", "first_name": "Alex"},
            "from": {"id": chat.chat_id, "is_bot": False, "first_name": "Alex"},
            "date": 1700000000,
            "old_chat_member": {
                "status": "member",
                "user": {"id": 1, "is_bot": True, "first_name": "B"},
            },
            "new_chat_member": {
                "status": "kicked",
                "until_date": 0,
                "user": {"id": 1, "is_bot": True, "first_name": "B"},
            },
        },
    }
    await chat.send_update(update)
    assert chat_row(bot.runtime, chat.chat_id).blocked is True
