"""The real python-telegram-bot Application, polling the fake Bot API server, on the test database."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from bots.app import BotApp, build_application
from bots.inbox import Inbox
from bots.polling import poll
from bots.throttles import StartLimiter
from service.models import BotUpdate
from service.runtime import Runtime
from tests.fakes.bot_api import DEFAULT_TOKEN, Call, FakeBotApi
from tests.support.deadlines import READY, wait_for_async

CHAT = 4242


@dataclass
class RunningBot:
    """One bot process, as far as the test can tell: an Application, its inbox and its poll loop."""

    api: FakeBotApi
    runtime: Runtime
    app: BotApp
    inbox: Inbox
    stop_event: asyncio.Event
    task: asyncio.Task[None]

    async def stop(self) -> None:
        self.stop_event.set()
        await asyncio.wait_for(self.task, READY)
        await self.app.shutdown()

    async def crash(self) -> None:
        """Stop without a goodbye: the poll is cancelled and nothing is confirmed to Telegram."""
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task
        await self.app.shutdown()


async def start_bot(
    api: FakeBotApi, runtime: Runtime, *, limiter: StartLimiter | None = None
) -> RunningBot:
    app = build_application(
        runtime,
        token=DEFAULT_TOKEN,
        base_url=api.base_url,
        start_limiter=limiter or StartLimiter("memory://"),
    )
    await app.initialize()
    inbox = Inbox(app, runtime)
    stop = asyncio.Event()
    task = asyncio.create_task(poll(app, inbox, stop, timeout=1))
    return RunningBot(api, runtime, app, inbox, stop, task)


def processed(runtime: Runtime, update_id: int) -> bool:
    with runtime.sessions() as db:
        row = db.scalar(select(BotUpdate).where(BotUpdate.update_id == update_id))
        return row is not None and row.processed_at is not None


async def wait_processed(runtime: Runtime, update_id: int) -> None:
    await wait_for_async(lambda: processed(runtime, update_id), f"update {update_id} to be handled")


class Chat:
    """A young person's phone: sends messages and presses buttons, reads what the bot sent."""

    def __init__(self, api: FakeBotApi, runtime: Runtime, chat_id: int = CHAT) -> None:
        self.api = api
        self.runtime = runtime
        self.chat_id = chat_id

    async def send_update(self, update: dict[str, Any]) -> dict[str, Any]:
        await self.api.inject(update)
        await wait_processed(self.runtime, update["update_id"])
        return update

    async def say(self, text: str) -> dict[str, Any]:
        return await self.send_update(self.api.make_message_update(self.chat_id, text))

    async def press(self, data: str, message_id: int | None = None) -> dict[str, Any]:
        message_id = message_id if message_id is not None else self.last_keyboard()["message_id"]
        return await self.send_update(self.api.make_callback_update(self.chat_id, data, message_id))

    def sent(self) -> list[dict[str, Any]]:
        """Every message the bot sent to this chat, oldest first."""
        return self.api.sent_messages(self.chat_id)

    def texts(self) -> list[str]:
        return [m["text"] for m in self.sent()]

    def edits(self) -> list[Call]:
        return [
            c
            for c in self.api.calls_of("editMessageText")
            if c.ok and c.params.get("chat_id") == self.chat_id
        ]

    def last_keyboard(self) -> dict[str, Any]:
        """The newest message that still has buttons."""
        for message in reversed(self.sent()):
            if message.get("reply_markup", {}).get("inline_keyboard"):
                return message
        raise AssertionError(f"no message with buttons; sent: {self.texts()}")

    def buttons(self, message: dict[str, Any] | None = None) -> dict[str, str]:
        """callback data -> label of a message's buttons (default: the newest keyboard)."""
        message = message or self.last_keyboard()
        return {
            b["callback_data"]: b["text"]
            for row in message["reply_markup"]["inline_keyboard"]
            for b in row
        }

    def on(self, kind: str, position: int, key: str | None = None) -> str:
        """Callback data for a button of the newest question's form: `kind` (a answer, m tick,
        d done, s skip, b back) at `position`, with the choice `key`."""
        data = f"{kind}:{form_of(self.last_keyboard())}:{position}"
        return f"{data}:{key}" if key else data

    async def answer(self, key: str) -> None:
        """Press the button for `key` on the newest question."""
        data = next(d for d in self.buttons() if d.startswith("a:") and d.endswith(f":{key}"))
        await self.press(data)


def form_of(message: dict[str, Any]) -> int:
    """The response a question's buttons belong to, read from their callback data."""
    for row in message["reply_markup"]["inline_keyboard"]:
        for button in row:
            found = re.match(r"^[abmsd]:(\d+):", button["callback_data"])
            if found:
                return int(found[1])
    raise AssertionError("no question buttons on this message")


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    api = await FakeBotApi().start()
    yield api
    await api.stop()


@pytest.fixture
async def bot(fake_api: FakeBotApi, runtime: Runtime) -> AsyncIterator[RunningBot]:
    running = await start_bot(fake_api, runtime)
    yield running
    if not running.task.done():
        await running.stop()


@pytest.fixture
def chat(fake_api: FakeBotApi, runtime: Runtime) -> Chat:
    return Chat(fake_api, runtime)
