"""Several bot workers on one inbox: each update handled and answered once, in order per chat,
and a worker that dies loses nothing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from bots import inbox as inbox_module
from bots.app import BotApp, build_application
from bots.inbox import Inbox, InboxOptions
from bots.throttles import SendThrottle, StartLimiter
from service.db import make_engine, make_session_factory
from service.domain import answering, bot_inbox, chats
from service.models import Alert, Answer, BotUpdate, Channel, Response, ResponseStatus
from service.runtime import Runtime
from tests.bots.conftest import Chat, RunningBot, wait_processed
from tests.bots.test_questionnaire import invite
from tests.conftest import Clock
from tests.fakes.bot_api import DEFAULT_TOKEN, FakeBotApi
from tests.support.deadlines import wait_for_async

pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")

# A deep-linked questionnaire as a child answers it, and the first words of each reply.
STEPS = (
    "a:{form}:0:yes",
    "a:{form}:1:no",
    "a:{form}:2:happy",
    "I'd like the meeting at school.",
    "a:{form}:4:yes",
    "a:{form}:5:{safe}",
)
REPLIES = [
    "Hello!",
    "Question 1 of 6",
    "Question 2 of 6",
    "Question 3 of 6",
    "Question 4 of 6",
    "✓ Saved.",
    "Question 5 of 6",
    "Question 6 of 6",
]
THANKS = "Your answers have been sent."


@dataclass
class Worker:
    """One bot worker process, as far as the inbox can tell: its own Application and pool."""

    app: BotApp
    runtime: Runtime
    inbox: Inbox
    stop: asyncio.Event
    task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.task = asyncio.create_task(self.inbox.run(self.stop))

    async def halt(self) -> None:
        self.stop.set()
        if self.task is not None:
            await asyncio.wait_for(self.task, 15)
        await self.app.shutdown()
        self.runtime.dispose()


async def make_worker(
    api: FakeBotApi, runtime: Runtime, name: str, *, concurrency: int = 8
) -> Worker:
    engine = make_engine(runtime.settings.database_url)
    own = Runtime(runtime.settings, engine, make_session_factory(engine), clock=runtime.clock)
    app = build_application(
        own,
        token=DEFAULT_TOKEN,
        base_url=api.base_url,
        start_limiter=StartLimiter("memory://"),
        throttle=SendThrottle(per_second=1000, per_chat_seconds=0),
    )
    await app.initialize()
    options = InboxOptions(worker=name, concurrency=concurrency, idle_check=0.05)
    return Worker(app, own, Inbox(app, own, options), asyncio.Event())


@pytest.fixture
async def workers(fake_api: FakeBotApi, runtime: Runtime) -> AsyncIterator[list[Worker]]:
    made = [
        await make_worker(fake_api, runtime, "worker-a", concurrency=2),
        await make_worker(fake_api, runtime, "worker-b", concurrency=2),
    ]
    yield made
    for worker in made:
        await worker.halt()


def waiting(runtime: Runtime) -> int:
    with runtime.sessions() as db:
        query = select(func.count()).select_from(BotUpdate).where(BotUpdate.processed_at.is_(None))
        return int(db.scalar(query) or 0)


def begun_in_telegram(runtime: Runtime, token: str) -> int:
    """Begin the response as the bot's /start does, so the buttons' form is known in advance;
    the /start below then resumes it."""
    with runtime.sessions.begin() as db:
        opened = answering.open_link(db, token, runtime.now())
        assert opened.subject is not None
        begun = answering.begin(
            db, opened.subject, channel=Channel.TELEGRAM, language="en", now=runtime.now()
        )
        assert begun.response_id is not None
        return begun.response_id


def questionnaire_updates(
    api: FakeBotApi, runtime: Runtime, chat_id: int, token: str, safe: bool
) -> list[Any]:
    form = begun_in_telegram(runtime, token)
    updates = [api.make_message_update(chat_id, f"/start {token}")]
    for step in STEPS:
        if step.startswith("a:"):
            data = step.format(safe="safe" if safe else "not_safe", form=form)
            updates.append(api.make_callback_update(chat_id, data, message_id=1))
        else:
            updates.append(api.make_message_update(chat_id, step))
    return updates


async def test_two_workers_handle_and_answer_each_update_exactly_once(
    fake_api: FakeBotApi, runtime: Runtime, workers: list[Worker]
) -> None:
    children = {20_000 + n: (invite(runtime, child_ref=f"C{n}"), n % 3 != 0) for n in range(6)}
    queues = {
        chat_id: questionnaire_updates(fake_api, runtime, chat_id, token, safe)
        for chat_id, (token, safe) in children.items()
    }
    # Telegram sends the same update to both workers now and then (a retry after a timeout).
    for step in range(len(STEPS) + 1):
        batch = [queue[step] for queue in queues.values()]
        await workers[0].inbox.receive(batch)
        await workers[1].inbox.receive(batch[::2])
    for worker in workers:
        worker.start()
    await wait_for_async(lambda: waiting(runtime) == 0, "every stored update to be handled")

    for chat_id, (_, safe) in children.items():
        texts = [m["text"] for m in fake_api.sent_messages(chat_id)]
        expected = REPLIES + ([] if safe else ["Thank you for telling us."]) + [THANKS]
        assert len(texts) == len(expected), texts
        assert all(text.startswith(start) for text, start in zip(texts, expected, strict=True))
        edits = [c for c in fake_api.calls_of("editMessageText") if c.params["chat_id"] == chat_id]
        assert len(edits) == 5  # one per button answer
    with runtime.sessions() as db:
        statuses = db.scalars(select(Response.status)).all()
        assert statuses == [ResponseStatus.SUBMITTED] * len(children)
        assert db.scalar(select(func.count()).select_from(Answer)) == 6 * len(children)
        alerts = db.scalar(select(func.count()).select_from(Alert))
        assert alerts == sum(not safe for _, safe in children.values())
        holders = {(u.claimed_by or "").split("/")[0] for u in db.scalars(select(BotUpdate))}
    assert holders == {"worker-a", "worker-b"}


async def test_update_held_by_a_worker_that_died_is_taken_over_once_its_lease_passes(
    fake_api: FakeBotApi, runtime: Runtime, clock: Clock
) -> None:
    update = fake_api.make_message_update(20_001, f"/start {invite(runtime)}")
    with runtime.sessions.begin() as db:
        bot_inbox.store_update(db, update, runtime.now())
        # A worker claimed it, then its process was killed before it replied.
        bot_inbox.claim_updates(
            db, "dead-worker/1", runtime.now(), lease=timedelta(seconds=30), limit=1
        )
    later = fake_api.make_message_update(20_001, "/help")
    survivor = await make_worker(fake_api, runtime, "survivor")
    await survivor.inbox.receive([later])
    survivor.start()
    try:
        with runtime.sessions() as db:  # the chat's later update waits behind the held one
            assert (
                bot_inbox.claim_updates(db, "probe", runtime.now(), lease=timedelta(0), limit=9)
                == []
            )
        assert fake_api.sent_messages(20_001) == []
        clock.advance(seconds=31)
        await wait_processed(runtime, later["update_id"])
    finally:
        await survivor.halt()
    texts = [m["text"] for m in fake_api.sent_messages(20_001)]
    assert len(texts) == 3  # greeting and first question, once; then the help
    assert texts[0].startswith("Hello!") and texts[1].startswith("Question 1 of 6")
    assert "0800 1111" in texts[2]
    with runtime.sessions() as db:
        taken_over = db.get(BotUpdate, update["update_id"])
        assert taken_over is not None and taken_over.attempts == 2


def failing_first(times: int, error: Exception) -> Callable[..., Any]:
    """chats.find_chat, failing the first `times` calls with `error`."""
    real = chats.find_chat
    calls = {"n": 0}

    def find_chat(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] <= times:
            raise error
        return real(*args, **kwargs)

    return find_chat


async def test_failures_to_reach_the_database_or_telegram_never_set_an_update_aside(
    bot: RunningBot, chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    down = OperationalError("SELECT", {}, Exception("server closed the connection"))
    monkeypatch.setattr(inbox_module, "backoff", lambda attempts: 0.0)
    monkeypatch.setattr(chats, "find_chat", failing_first(bot_inbox.MAX_ATTEMPTS + 2, down))
    update = await chat.say("/help")
    assert "0800 1111" in chat.texts()[0]
    with bot.runtime.sessions() as db:
        stored = db.get(BotUpdate, update["update_id"])
        assert stored is not None
        assert (stored.attempts, stored.transient_failures) == (
            bot_inbox.MAX_ATTEMPTS + 3,
            bot_inbox.MAX_ATTEMPTS + 2,
        )


async def test_update_that_keeps_failing_is_set_aside_and_its_chat_goes_on(
    bot: RunningBot, chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inbox_module, "backoff", lambda attempts: 0.0)
    with monkeypatch.context() as patch:
        patch.setattr(chats, "find_chat", failing_first(99, RuntimeError("a bug")))
        broken = await chat.say("/help")
    await chat.say("/help")
    assert len(chat.texts()) == 1 and "0800 1111" in chat.texts()[0]
    with bot.runtime.sessions() as db:
        stored = db.get(BotUpdate, broken["update_id"])
        assert stored is not None and stored.attempts == bot_inbox.MAX_ATTEMPTS
