"""The same answering scenarios through the web form and the Telegram bot: the same stored rows
and the same outcome, because both channels answer through service.domain.answering.

The web shows a page at a time and the bot one question; each driver below answers whatever
its channel is showing, from one plan of answers, as a person would.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from typing import Protocol
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from service.domain.invitations import issue_invitation
from service.models import Alert, Answer, Channel, Response, ResponseStatus, Role, Urgency
from service.questionnaires import Questionnaire, QuestionType, get_questionnaire
from service.runtime import Runtime
from tests.bots.conftest import Chat, start_bot
from tests.conftest import Clock
from tests.factories import make_review
from tests.fakes.bot_api import FakeBotApi

PRE_REVIEW = get_questionnaire("pre_review")  # four pages on the web, eight questions in the bot
Value = str | list[str]
PLAN: dict[str, Value] = {
    "taking_part": "come_speak",
    "want_there": ["carer", "brothers_sisters"],
    "not_there": "My old social worker",
    "where": "school",
    "when": "after_school",
    "topics": ["school", "family"],
    "want_to_say": "I would like to see my brother more often",
    "feel_safe": "safe",
}


@dataclass
class Seen:
    """What the person has been shown so far, in channel-free terms."""

    help: bool = False
    sent: bool = False
    already_answered: bool = False
    not_working: bool = False


class Driver(Protocol):
    seen: Seen

    async def open(self, token: str) -> None: ...
    def showing(self) -> list[str]: ...
    async def answer(self, plan: Mapping[str, Value]) -> None: ...
    async def back(self) -> None: ...


# ---------------------------------------------------------------- the web form


class _FormReader(HTMLParser):
    """The page id and the values a browser would send back, read from a form page."""

    def __init__(self) -> None:
        super().__init__()
        self.page = ""
        self.csrf = ""
        self.values: dict[str, list[str]] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "input" and a.get("name") == "page":
            self.page = a.get("value") or ""
        elif tag == "input" and a.get("name") == "csrf_token":
            self.csrf = a.get("value") or ""
        elif tag == "input" and "checked" in a and a.get("name"):
            self.values.setdefault(a["name"] or "", []).append(a.get("value") or "")
        elif tag == "textarea":
            self._textarea = a.get("name")

    def handle_data(self, data: str) -> None:
        if self._textarea and data.strip():
            self.values[self._textarea] = [data]

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None


@dataclass
class Web:
    client: FlaskClient
    questionnaire: Questionnaire
    seen: Seen = field(default_factory=Seen)
    form: _FormReader | None = None

    async def open(self, token: str) -> None:
        self._land(self.client.get(f"/r/{token}"))

    def showing(self) -> list[str]:
        assert self.form is not None, "no form page is showing"
        page = self.questionnaire.pages[self.questionnaire.page_index(self.form.page)]
        return [q.id for q in page.questions]

    async def answer(self, plan: Mapping[str, Value]) -> None:
        values = {q: plan[q] for q in self.showing() if q in plan}
        self._post("next", values)

    async def back(self) -> None:
        assert self.form is not None
        self._post("back", self.form.values)

    def _post(self, move: str, values: Mapping[str, Value]) -> None:
        assert self.form is not None
        data: dict[str, Value] = {"csrf_token": self.form.csrf, "page": self.form.page}
        data["move"] = move
        self._land(self.client.post("/form", data={**data, **values}))

    def _land(self, reply: object) -> None:
        """Follow redirects as a browser does, noting help and thanks on the way."""
        self.form = None
        while True:
            status = reply.status_code  # type: ignore[attr-defined]
            html = reply.get_data(as_text=True)  # type: ignore[attr-defined]
            if status in (301, 302, 303):
                location = reply.headers["Location"]  # type: ignore[attr-defined]
                self.seen.sent |= location == "/thanks"
                reply = self.client.get(location)
                if location.startswith("/help"):  # read the help, then press "Carry on"
                    self.seen.help = "0800 1111" in reply.get_data(as_text=True)
                    reply = self.client.get(parse_qs(urlsplit(location).query)["next"][0])
                    self.seen.sent |= reply.request.path == "/thanks"
                continue
            break
        self.seen.already_answered |= "You have already answered" in html
        self.seen.not_working |= "This link is not working" in html
        if 'name="page"' in html:
            self.form = _FormReader()
            self.form.feed(html)


# ---------------------------------------------------------------- the bot


@dataclass
class Bot:
    chat: Chat
    questionnaire: Questionnaire
    seen: Seen = field(default_factory=Seen)
    _read: int = 0

    async def open(self, token: str) -> None:
        await self.chat.say(f"/start {token}")
        self._notice()

    def position(self) -> int:
        found = re.match(r"Question (\d+) of", self.chat.last_keyboard()["text"])
        assert found, "no question is showing"
        return int(found.group(1)) - 1

    def showing(self) -> list[str]:
        return [self.questionnaire.questions[self.position()].id]

    async def answer(self, plan: Mapping[str, Value]) -> None:
        position = self.position()
        question = self.questionnaire.questions[position]
        given = plan.get(question.id)
        if given is None:
            await self.chat.press(self.chat.on("s", position))
        elif question.type is QuestionType.TEXT:
            await self.chat.say(str(given))
        elif question.type is QuestionType.MULTI:
            for key in given:
                await self.chat.press(self.chat.on("m", position, key))
            await self.chat.press(self.chat.on("d", position))
        else:
            await self.chat.press(self.chat.on("a", position, str(given)))
        self._notice()

    async def back(self) -> None:
        await self.chat.press(self.chat.on("b", self.position()))
        self._notice()

    def _notice(self) -> None:
        texts = self.chat.texts()
        new, self._read = texts[self._read :], len(texts)
        self.seen.help |= any("0800 1111" in t for t in new)
        self.seen.sent |= any(t.startswith("Your answers have been sent") for t in new)
        self.seen.already_answered |= any(t.startswith("You have already answered") for t in new)
        self.seen.not_working |= any(t.startswith("This link is not working") for t in new)


# ---------------------------------------------------------------- scenarios


@pytest.fixture(params=[Channel.WEB, Channel.TELEGRAM], ids=["web", "bot"])
async def person(
    request: pytest.FixtureRequest, client: FlaskClient, runtime: Runtime
) -> AsyncIterator[Driver]:
    """Someone answering through one channel."""
    if request.param is Channel.WEB:
        yield Web(client, PRE_REVIEW)
        return
    api = await FakeBotApi().start()
    bot = await start_bot(api, runtime)
    try:
        yield Bot(Chat(api, runtime), PRE_REVIEW)
    finally:
        await bot.stop()
        await api.stop()


def invite(runtime: Runtime, ttl: timedelta = timedelta(days=30)) -> str:
    now = runtime.now()
    with runtime.sessions.begin() as db:
        return issue_invitation(
            db,
            role=Role.CHILD,
            questionnaire_key=PRE_REVIEW.key,
            language="en",
            expires_at=now + ttl,
            now=now,
            review=make_review(db),
        ).token


async def answer_to_the_end(person: Driver, plan: Mapping[str, Value]) -> None:
    """Answer whatever is showing from `plan` (leaving the rest empty) until nothing is."""
    for _ in range(len(PRE_REVIEW.questions) + 2):
        if person.seen.sent or person.seen.already_answered:
            return
        await person.answer(plan)
    raise AssertionError("the questionnaire never ended")


def stored(runtime: Runtime) -> dict[str, Value]:
    """The one sent response's answers as a person gave them."""
    with runtime.sessions() as db:
        (response,) = db.scalars(select(Response))
        assert response.status is ResponseStatus.SUBMITTED
        answers = db.scalars(select(Answer).where(Answer.response_id == response.id))
        return {a.question_id: a.values or a.value or a.text or "" for a in answers}


def alerts(runtime: Runtime) -> list[tuple[str, Urgency, str]]:
    with runtime.sessions() as db:
        found = db.scalars(select(Alert).order_by(Alert.id))
        return [(a.question_id, a.urgency, a.source) for a in found]


async def test_a_whole_questionnaire_is_stored_as_given(person: Driver, runtime: Runtime) -> None:
    await person.open(invite(runtime))
    await answer_to_the_end(person, PLAN)
    assert person.seen.sent and not person.seen.help
    assert stored(runtime) == PLAN
    assert alerts(runtime) == []


async def test_not_safe_shows_help_and_raises_one_urgent_alert(
    person: Driver, runtime: Runtime
) -> None:
    await person.open(invite(runtime))
    await answer_to_the_end(person, {**PLAN, "feel_safe": "not_safe"})
    assert person.seen.help and person.seen.sent
    assert stored(runtime)["feel_safe"] == "not_safe"
    assert alerts(runtime) == [("feel_safe", Urgency.URGENT, "answer")]


async def test_worrying_words_raise_the_same_alert_in_both(
    person: Driver, runtime: Runtime
) -> None:
    await person.open(invite(runtime))
    await answer_to_the_end(person, {**PLAN, "want_to_say": "my dads girlfriend hits me"})
    assert person.seen.help and person.seen.sent
    ((question, urgency, source),) = alerts(runtime)
    assert (question, source) == ("want_to_say", "free_text")
    assert urgency in (Urgency.URGENT, Urgency.HIGH)


async def test_answering_again_after_sending_changes_nothing(
    person: Driver, runtime: Runtime
) -> None:
    token = invite(runtime)
    await person.open(token)
    await answer_to_the_end(person, PLAN)
    person.seen = Seen()
    await person.open(token)
    assert person.seen.already_answered
    assert stored(runtime) == PLAN


async def test_a_child_who_began_in_time_may_finish_after_expiry(
    person: Driver, runtime: Runtime, clock: Clock
) -> None:
    await person.open(invite(runtime, ttl=timedelta(minutes=30)))
    await person.answer(PLAN)
    clock.advance(minutes=40)  # the invitation has expired; the visit has not
    await answer_to_the_end(person, PLAN)
    assert person.seen.sent
    assert stored(runtime) == PLAN


async def test_a_link_opened_after_expiry_does_not_work(
    person: Driver, runtime: Runtime, clock: Clock
) -> None:
    token = invite(runtime, ttl=timedelta(minutes=30))
    clock.advance(minutes=40)
    await person.open(token)
    assert person.seen.not_working
    with runtime.sessions() as db:
        assert db.scalars(select(Response)).all() == []


async def test_opening_the_link_again_resumes_at_the_first_unanswered_step(
    person: Driver, runtime: Runtime
) -> None:
    token = invite(runtime)
    await person.open(token)
    await person.answer(PLAN)  # the first step: taking part
    await person.open(token)
    assert person.showing()[0] == "want_there"
    await answer_to_the_end(person, PLAN)
    assert stored(runtime) == PLAN


async def test_going_back_and_leaving_an_answer_empty_removes_it(
    person: Driver, runtime: Runtime
) -> None:
    await person.open(invite(runtime))
    await person.answer(PLAN)  # taking part
    await person.answer(PLAN)  # who should be there (and, on the web, who should not)
    await person.back()
    assert person.showing()[0] == "want_there"
    await person.answer({})  # left empty, or skipped
    await answer_to_the_end(person, PLAN)
    expected = {k: v for k, v in PLAN.items() if k not in ("want_there", "not_there")}
    assert {k: v for k, v in stored(runtime).items() if k != "not_there"} == expected
    assert "want_there" not in stored(runtime)


async def test_saying_it_in_words_is_as_urgent_as_the_button(
    person: Driver, runtime: Runtime
) -> None:
    await person.open(invite(runtime))
    await answer_to_the_end(person, {**PLAN, "want_to_say": "I don't feel safe at home"})
    ((question, urgency, _source),) = alerts(runtime)
    assert (question, urgency) == ("want_to_say", Urgency.URGENT)  # as "No, I don't feel safe"
