"""The fake Bot API, driven by a real python-telegram-bot Application and by plain HTTP."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import warnings
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fakes.bot_api import (
    DEFAULT_TOKEN,
    FakeBotApi,
    ThreadedFakeBotApi,
    post_webhook,
    post_webhook_async,
)
from tests.support.deadlines import READY

REPO = Path(__file__).resolve().parents[2]
CHAT = 4242
POLL_TIMEOUT = 2  # seconds
AN_HOUR = 3600  # a long-poll timeout no test waits out: a wait for it would fail at READY


# ---------------------------------------------------------------- the tiny bot under test
async def send_with_retry(bot, chat_id: int, text: str, attempts: int = 5, **kw):
    """What a careful bot does: wait out 429s, retry 5xx/network errors, give up on 4xx."""
    for attempt in range(attempts):
        try:
            return await bot.send_message(chat_id, text, **kw)
        except RetryAfter as exc:
            with warnings.catch_warnings():  # PTB 22 warns that int will become timedelta
                warnings.simplefilter("ignore")
                wait = exc.retry_after
            await asyncio.sleep(wait.total_seconds() if isinstance(wait, dtm.timedelta) else wait)
        except BadRequest:  # a NetworkError subclass, but retrying cannot help
            raise
        except NetworkError:
            await asyncio.sleep(0.05 * (attempt + 1))
    raise RuntimeError(f"gave up after {attempts} attempts")


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("😀 Good", callback_data="mood:good"),
                InlineKeyboardButton("😞 Not good", callback_data="mood:bad"),
            ]
        ]
    )
    await update.message.reply_text(f"Hello! args={context.args}", reply_markup=keyboard)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send_with_retry(context.bot, update.effective_chat.id, f"echo: {update.message.text}")


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer()
    await query.edit_message_text(f"Thanks, you chose {query.data}")


@dataclass
class BotEnv:
    api: FakeBotApi
    app: Application
    errors: list[BaseException] = field(default_factory=list)


def build_app(api: FakeBotApi, errors: list[BaseException]) -> Application:
    app = ApplicationBuilder().token(DEFAULT_TOKEN).base_url(api.base_url).build()
    app.add_handler(CommandHandler("start", on_start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
    app.add_handler(CallbackQueryHandler(on_button))

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        errors.append(context.error)

    app.add_error_handler(on_error)
    return app


async def stop_all(env: BotEnv) -> None:
    if env.app.updater.running:
        await env.app.updater.stop()
    if env.app.running:
        await env.app.stop()
    await env.app.shutdown()
    await env.api.stop()


@pytest.fixture
async def bot() -> AsyncIterator[BotEnv]:
    api = await FakeBotApi().start()
    errors: list[BaseException] = []
    app = build_app(api, errors)
    await app.initialize()
    await app.start()
    await app.updater.start_polling(poll_interval=0.0, timeout=POLL_TIMEOUT)
    env = BotEnv(api, app, errors)
    yield env
    await stop_all(env)


# ---------------------------------------------------------------- real PTB in polling mode
async def test_start_with_args_sends_inline_keyboard(bot: BotEnv) -> None:
    await bot.api.inject(bot.api.make_message_update(CHAT, "/start abc123"))
    call = await bot.api.next_call("sendMessage")
    assert call.ok
    assert call.params["chat_id"] == CHAT
    assert call.params["text"] == "Hello! args=['abc123']"
    buttons = call.params["reply_markup"]["inline_keyboard"][0]
    assert [b["callback_data"] for b in buttons] == ["mood:good", "mood:bad"]
    # PTB's own start-up calls reached the fake too.
    methods = [c.method for c in bot.api.calls]
    assert methods[:2] == ["getMe", "deleteWebhook"]
    assert "getUpdates" in methods
    assert all(c.status != 404 for c in bot.api.calls)


async def test_echo_and_string_fields_stay_strings(bot: BotEnv) -> None:
    await bot.api.inject(bot.api.make_message_update(CHAT, "42"))
    call = await bot.api.next_call("sendMessage")
    assert call.params["text"] == "echo: 42"
    await bot.api.inject(bot.api.make_message_update(CHAT, "hello there"))
    await bot.api.next_call("sendMessage")
    assert [m["text"] for m in bot.api.sent_messages(CHAT)] == ["echo: 42", "echo: hello there"]
    ids = [m["message_id"] for m in bot.api.sent_messages(CHAT)]
    assert ids == sorted(ids) and len(set(ids)) == 2


async def test_callback_answers_and_edits(bot: BotEnv) -> None:
    await bot.api.inject(bot.api.make_message_update(CHAT, "/start"))
    sent = await bot.api.next_call("sendMessage")
    message_id = sent.result["message_id"]
    await bot.api.inject(bot.api.make_callback_update(CHAT, "mood:good", message_id))
    answer = await bot.api.next_call()
    assert answer.method == "answerCallbackQuery"
    assert answer.params["callback_query_id"].startswith("cbq-")
    edit = await bot.api.next_call()
    assert edit.method == "editMessageText"
    assert edit.params["message_id"] == message_id
    assert edit.params["text"] == "Thanks, you chose mood:good"
    assert bot.api.messages[(CHAT, message_id)]["text"] == "Thanks, you chose mood:good"
    assert "reply_markup" not in bot.api.messages[(CHAT, message_id)]


# PTB 22.8 warns inside RetryAfter.__init__ that retry_after will become a timedelta.
@pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")
async def test_survives_429_then_succeeds(bot: BotEnv) -> None:
    bot.api.fail_next("sendMessage", 1, status=429, retry_after=1)
    t0 = time.perf_counter()
    await bot.api.inject(bot.api.make_message_update(CHAT, "are you there?"))
    first = await bot.api.next_call("sendMessage")
    assert first.status == 429
    second = await bot.api.next_call("sendMessage")
    assert second.ok
    assert time.perf_counter() - t0 >= 0.9  # the bot honoured retry_after
    assert [m["text"] for m in bot.api.sent_messages(CHAT)] == ["echo: are you there?"]
    assert bot.errors == []


async def test_survives_502_twice_and_sends_once(bot: BotEnv) -> None:
    bot.api.fail_next("sendMessage", 2, status=502)
    await bot.api.inject(bot.api.make_message_update(CHAT, "hi"))
    statuses = [(await bot.api.next_call("sendMessage")).status for _ in range(3)]
    assert statuses == [502, 502, 200]
    await asyncio.sleep(0.1)
    assert [m["text"] for m in bot.api.sent_messages(CHAT)] == ["echo: hi"]
    assert bot.errors == []


async def test_polling_survives_getupdates_502(bot: BotEnv) -> None:
    # Wait for the poll in flight to finish, so the fault hits the next getUpdates.
    bot.api.fail_next("getUpdates", 1, status=502)
    await bot.api.inject(bot.api.make_message_update(CHAT, "first"))
    await bot.api.next_call("sendMessage", ok_only=True)
    failed = await bot.api.next_call("getUpdates", timeout=POLL_TIMEOUT + 2)
    while failed.ok:
        failed = await bot.api.next_call("getUpdates", timeout=POLL_TIMEOUT + 2)
    assert failed.status == 502
    # PTB backs off (about 1 s) and polls again; the bot still answers.
    await bot.api.inject(bot.api.make_message_update(CHAT, "second"))
    await bot.api.next_call("sendMessage", timeout=POLL_TIMEOUT + 4)
    assert [m["text"] for m in bot.api.sent_messages(CHAT)] == ["echo: first", "echo: second"]


async def test_blocked_chat_raises_forbidden(bot: BotEnv) -> None:
    bot.api.block_chat(CHAT)
    await bot.api.inject(bot.api.make_message_update(CHAT, "/start"))
    call = await bot.api.next_call("sendMessage")
    assert call.status == 403
    await bot.api.wait_until(lambda: bool(bot.errors))
    assert isinstance(bot.errors[0], Forbidden)
    assert "bot was blocked by the user" in str(bot.errors[0])
    assert bot.api.sent_messages(CHAT) == []


async def test_shutdown_does_not_wait_for_a_long_poll() -> None:
    api = await FakeBotApi().start()
    errors: list[BaseException] = []
    app = build_app(api, errors)
    await app.initialize()
    await app.start()
    await app.updater.start_polling(poll_interval=0.0, timeout=AN_HOUR)
    await api.wait_for_poll()  # a long-poll that would last an hour is held open by the server
    async with asyncio.timeout(READY):  # waiting for the poll's own timeout would fail here
        await stop_all(BotEnv(api, app, errors))
    # PTB's final, non-blocking getUpdates confirms the offset; the old long-poll got 409.
    polls = api.calls_of("getUpdates")
    assert any(c.params.get("timeout") == 0 and c.ok for c in polls), polls


# ---------------------------------------------------------------- plain HTTP semantics
async def bot_call(session: aiohttp.ClientSession, api: FakeBotApi, method: str, **data):
    url = f"{api.base_url}{DEFAULT_TOKEN}/{method}"
    form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}
    async with session.post(url, data=form) as resp:
        return resp.status, await resp.json()


async def test_get_updates_offset_limit_and_long_poll() -> None:
    async with FakeBotApi() as api, aiohttp.ClientSession() as s:
        ups = [api.make_message_update(CHAT, f"m{i}") for i in range(3)]
        ids = [u["update_id"] for u in ups]
        assert ids == sorted(ids) and len(set(ids)) == 3
        for u in ups:
            await api.inject(u)
        _, body = await bot_call(s, api, "getUpdates", limit=2)
        assert [u["update_id"] for u in body["result"]] == ids[:2]
        _, body = await bot_call(s, api, "getUpdates")  # unconfirmed updates come again
        assert [u["update_id"] for u in body["result"]] == ids
        _, body = await bot_call(s, api, "getUpdates", offset=ids[1])  # confirms ids[0]
        assert [u["update_id"] for u in body["result"]] == ids[1:]
        _, body = await bot_call(s, api, "getUpdates", offset=-1)
        assert [u["update_id"] for u in body["result"]] == ids[2:]
        _, body = await bot_call(s, api, "getUpdates", offset=ids[2] + 1, timeout=0)
        assert body["result"] == []
        # A long-poll waits for an update and answers as soon as one arrives ...
        poll = asyncio.create_task(
            bot_call(s, api, "getUpdates", offset=ids[2] + 1, timeout=AN_HOUR)
        )
        await api.wait_for_poll()
        await api.inject(api.make_message_update(CHAT, "late"))
        async with asyncio.timeout(READY):  # not after the poll's hour
            _, body = await poll
        assert [u["message"]["text"] for u in body["result"]] == ["late"]
        # ... and answers [] when its timeout runs out, not before.
        t0 = time.monotonic()
        _, body = await bot_call(s, api, "getUpdates", offset=10**9, timeout=1)
        assert body["result"] == [] and time.monotonic() - t0 >= 0.9


async def test_second_poll_conflicts_first_and_webhook_blocks_polling() -> None:
    async with FakeBotApi() as api, aiohttp.ClientSession() as s:
        first = asyncio.create_task(bot_call(s, api, "getUpdates", timeout=AN_HOUR))
        await api.wait_for_poll()
        second = asyncio.create_task(bot_call(s, api, "getUpdates", timeout=0))
        assert (await first)[0] == 409
        assert (await second)[0] == 200
        status, _ = await bot_call(s, api, "setWebhook", url="https://bot.example/tg")
        assert status == 200
        _, info = await bot_call(s, api, "getWebhookInfo")
        assert info["result"]["url"] == "https://bot.example/tg"
        status, body = await bot_call(s, api, "getUpdates")
        assert status == 409 and "webhook is active" in body["description"]
        await bot_call(s, api, "deleteWebhook")
        assert (await bot_call(s, api, "getUpdates"))[0] == 200


async def test_unknown_method_validation_and_other_methods() -> None:
    async with FakeBotApi() as api, aiohttp.ClientSession() as s:
        status, body = await bot_call(s, api, "sendPigeon", chat_id=1)
        assert status == 404 and body["ok"] is False and body["error_code"] == 404
        status, body = await bot_call(s, api, "sendMessage", chat_id=1, text=" ")
        assert status == 400 and "empty" in body["description"]
        status, body = await bot_call(s, api, "sendMessage", chat_id=1, text="x" * 4097)
        assert status == 400 and "too long" in body["description"]
        markup = {"inline_keyboard": [[{"text": "a", "callback_data": "x" * 65}]]}
        status, body = await bot_call(
            s, api, "sendMessage", chat_id=1, text="a", reply_markup=markup
        )
        assert status == 400 and "BUTTON_DATA_INVALID" in body["description"]
        status, body = await bot_call(s, api, "sendMessage", chat_id=1, text="ok")
        mid = body["result"]["message_id"]
        kb = {"inline_keyboard": [[{"text": "b", "callback_data": "b"}]]}
        for method, extra in [
            ("editMessageReplyMarkup", {"message_id": mid, "reply_markup": kb}),
            ("sendChatAction", {"action": "typing"}),
            ("deleteMessage", {"message_id": mid}),
            ("setMyCommands", {"commands": [{"command": "start", "description": "Start"}]}),
        ]:
            status, body = await bot_call(s, api, method, chat_id=1, **extra)
            assert status == 200 and body["ok"], (method, body)
        assert api.commands == [{"command": "start", "description": "Start"}]
    # With a token configured, any other token is refused as Telegram does (401).
    async with (
        FakeBotApi(token=DEFAULT_TOKEN) as api,
        aiohttp.ClientSession() as s,
        s.post(f"{api.base_url}999:nope/getMe") as resp,
    ):
        assert resp.status == 401


# ---------------------------------------------------------------- webhook mode
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_webhook_mode_with_secret_token() -> None:
    async with FakeBotApi() as api:
        errors: list[BaseException] = []
        app = build_app(api, errors)
        port = free_port()
        await app.initialize()
        await app.start()
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="tg",
            webhook_url="https://bot.example/tg",
            secret_token="s3cret",
        )
        try:
            hook = await api.next_call("setWebhook")
            assert hook.params["url"] == "https://bot.example/tg"
            assert hook.params["secret_token"] == "s3cret"
            url = f"http://127.0.0.1:{port}/tg"
            update = api.make_message_update(CHAT, "via webhook")
            assert await post_webhook_async(url, update, "wrong") == 403
            assert await post_webhook_async(url, update, "s3cret") == 200
            call = await api.next_call("sendMessage")
            assert call.params["text"] == "echo: via webhook"
            # The blocking variant, from a worker thread (never on the serving loop).
            update2 = api.make_message_update(CHAT, "again")
            assert await asyncio.to_thread(post_webhook, url, update2, "s3cret") == 200
            assert (await api.next_call("sendMessage")).params["text"] == "echo: again"
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()


# ---------------------------------------------------------------- threaded and CLI
def test_threaded_server_with_sync_client() -> None:
    with ThreadedFakeBotApi() as api:
        api.send_text(CHAT, "/start")
        url = f"{api.base_url}{DEFAULT_TOKEN}/getUpdates"
        with urllib.request.urlopen(url, timeout=5) as resp:
            body = json.load(resp)
        assert body["result"][0]["message"]["text"] == "/start"
        data = json.dumps({"chat_id": CHAT, "text": "hi"}).encode()
        req = urllib.request.Request(
            f"{api.base_url}{DEFAULT_TOKEN}/sendMessage",
            data=data,
            headers={"Content-Type": "application/json"},
        )
        urllib.request.urlopen(req, timeout=5).close()
        call = api.wait_for_call("sendMessage")
        assert call.params == {"chat_id": CHAT, "text": "hi"}
        assert [m["text"] for m in api.sent_messages(CHAT)] == ["hi"]
        assert [c.method for c in api.calls] == ["getUpdates", "sendMessage"]
        with pytest.raises(TimeoutError):
            api.wait_for_call("editMessageText", timeout=0.2)
        # A long-poll in flight does not hold up the shutdown: stop() gives up on the server
        # after READY seconds, long before this poll's hour is out.
        threading.Thread(
            target=lambda: urllib.request.urlopen(
                f"{url}?timeout={AN_HOUR}&offset=999999", timeout=AN_HOUR + 10
            ),
            daemon=True,
        ).start()
        api.wait_for_poll()


def test_cli_runs_and_accepts_control_requests() -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.bot_api", "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        line = proc.stdout.readline()
        assert f"127.0.0.1:{port}" in line
        req = urllib.request.Request(
            f"http://127.0.0.1:{port}/_fake/message",
            data=json.dumps({"chat_id": 7, "text": "/start x"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=5) as resp:
            assert json.load(resp)["ok"] is True
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/bot{DEFAULT_TOKEN}/getUpdates", timeout=5
        ) as resp:
            update = json.load(resp)["result"][0]
        assert update["message"]["entities"][0]["type"] == "bot_command"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_fake/calls", timeout=5) as resp:
            assert [c["method"] for c in json.load(resp)] == ["getUpdates"]
    finally:
        proc.terminate()
        proc.wait(READY)
