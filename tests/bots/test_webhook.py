"""Webhook mode: Telegram's secret-token header is checked, and 5xx when an update was not stored."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bots.app import build_application
from bots.runner import WebhookOptions, serve_webhook
from bots.throttles import StartLimiter
from bots.webhook import SECRET_HEADER, derive_secret
from service.domain import bot_inbox
from service.models import BotUpdate
from service.runtime import Runtime
from tests.bots.conftest import CHAT, wait_processed
from tests.fakes.bot_api import DEFAULT_TOKEN, FakeBotApi, post_webhook_async

SECRET = "s3cret-Token_1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Hook:
    url: str
    api: FakeBotApi


@pytest.fixture
async def hook(fake_api: FakeBotApi, runtime: Runtime) -> AsyncIterator[Hook]:
    app = build_application(
        runtime, token=DEFAULT_TOKEN, base_url=fake_api.base_url, start_limiter=StartLimiter()
    )
    await app.initialize()
    port = free_port()
    options = WebhookOptions(
        url="https://bot.example/tg-hook", secret=SECRET, port=port, path="tg-hook"
    )
    stop = asyncio.Event()
    task = asyncio.create_task(serve_webhook(app, runtime, options, stop))
    await fake_api.next_call("setWebhook")
    yield Hook(f"http://127.0.0.1:{port}/tg-hook", fake_api)
    stop.set()
    await asyncio.wait_for(task, 10)
    await app.shutdown()


def stored_ids(runtime: Runtime) -> list[int]:
    with runtime.sessions() as db:
        return list(db.scalars(select(BotUpdate.update_id)))


async def test_webhook_is_registered_with_the_secret(hook: Hook) -> None:
    (call,) = hook.api.calls_of("setWebhook")
    assert call.params["url"] == "https://bot.example/tg-hook"
    assert call.params["secret_token"] == SECRET


async def test_right_secret_is_stored_and_answered(hook: Hook, runtime: Runtime) -> None:
    update = hook.api.make_message_update(CHAT, "/help")
    assert await post_webhook_async(hook.url, update, SECRET) == 200
    await wait_processed(runtime, update["update_id"])
    assert "0800 1111" in hook.api.sent_messages(CHAT)[0]["text"]


@pytest.mark.parametrize("secret", [None, "wrong", SECRET + "x", ""])
async def test_wrong_or_missing_secret_is_refused(
    hook: Hook, runtime: Runtime, secret: str | None
) -> None:
    update = hook.api.make_message_update(CHAT, "/help")
    assert await post_webhook_async(hook.url, update, secret) == 403
    assert stored_ids(runtime) == []


async def test_update_that_could_not_be_stored_gets_503_so_telegram_retries(
    hook: Hook, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    def database_down(*_args: object, **_kwargs: object) -> int:
        raise OperationalError("INSERT", {}, Exception("connection refused"))

    update = hook.api.make_message_update(CHAT, "/help")
    with monkeypatch.context() as patch:
        patch.setattr(bot_inbox, "store_updates", database_down)
        assert await post_webhook_async(hook.url, update, SECRET) == 503
    assert stored_ids(runtime) == []
    assert await post_webhook_async(hook.url, update, SECRET) == 200  # Telegram's retry
    await wait_processed(runtime, update["update_id"])
    assert len(hook.api.sent_messages(CHAT)) == 1


async def test_same_update_posted_twice_is_handled_once(hook: Hook, runtime: Runtime) -> None:
    update = hook.api.make_message_update(CHAT, "/help")
    assert await post_webhook_async(hook.url, update, SECRET) == 200
    await wait_processed(runtime, update["update_id"])
    assert await post_webhook_async(hook.url, update, SECRET) == 200
    later = hook.api.make_message_update(CHAT, "/forget")
    assert await post_webhook_async(hook.url, later, SECRET) == 200
    await wait_processed(runtime, later["update_id"])
    assert len(hook.api.sent_messages(CHAT)) == 2


async def test_malformed_body_is_refused(hook: Hook) -> None:
    headers = {SECRET_HEADER: SECRET, "Content-Type": "application/json"}
    async with aiohttp.ClientSession() as session:
        for body in (b"not json", b"[1, 2]", b'{"update_id": "x"}'):
            async with session.post(hook.url, data=body, headers=headers) as resp:
                assert resp.status == 400


def test_derived_secret_is_stable_and_allowed_by_telegram() -> None:
    secret = derive_secret("key", DEFAULT_TOKEN)
    assert secret == derive_secret("key", DEFAULT_TOKEN) != derive_secret("other", DEFAULT_TOKEN)
    assert secret.isalnum() and 1 <= len(secret) <= 256
