"""The code on every kind of letter opens its own questionnaire in the bot, as on the web."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from service.domain.letters import issue_letters
from service.models import Role
from service.questionnaires import get_questionnaire
from tests.bots.conftest import Chat, RunningBot
from tests.factories import make_review


@pytest.mark.parametrize(
    ("questionnaire", "age", "key"),
    [
        ("review_child", 14, "review_child"),
        ("pre_review", 14, "pre_review"),
        ("how_things_are", 12, "how_things_are"),
        ("leaving_care", 19, "leaving_care"),
    ],
)
async def test_a_letters_code_opens_its_questionnaire_in_the_bot(
    bot: RunningBot, chat: Chat, questionnaire: str, age: int, key: str
) -> None:
    runtime = bot.runtime
    with runtime.sessions.begin() as db:
        review = make_review(db, review_date=date(2026, 11, 20), age=age)
        (letter,) = issue_letters(
            db,
            date_from=review.review_date,
            date_to=review.review_date,
            ttl=timedelta(days=30),
            now=runtime.now(),
            secret=runtime.settings.secret_key,
            questionnaire=questionnaire,
            roles=[Role.CHILD],
        )
        token = letter.code.token
    await chat.say(f"/start {token}")
    first = get_questionnaire(key).pages[0].questions[0]
    wordings = {first.text, *first.by_age.values()}
    assert any(text in sent for sent in chat.texts() for text in wordings), chat.texts()
