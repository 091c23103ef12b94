"""A fake Telegram Bot API server for tests.

The real python-telegram-bot ``Application`` talks to it over HTTP::

    async with FakeBotApi() as api:
        app = ApplicationBuilder().token(TOKEN).base_url(api.base_url).build()
        ...
        await api.inject(api.make_message_update(42, "/start abc"))
        call = await api.next_call("sendMessage")
        assert call.params["text"] == "Hello"

Sync and subprocess tests use :class:`ThreadedFakeBotApi`, which runs the same server on its own
event loop in a daemon thread. ``python -m tests.fakes.bot_api --port 8081`` runs it by hand; the
``/_fake/...`` control endpoints (see :meth:`FakeBotApi._control`) let a person or another process
inject updates and read the recorded calls.

What it models (only what the bot needs, as Telegram does it):

* ``getUpdates`` is a real long-poll: it honours ``offset`` (updates below it are confirmed and
  forgotten, a negative offset keeps only the last ``-offset`` updates), ``limit`` and ``timeout``.
  A second concurrent ``getUpdates`` ends the first with 409 Conflict, and ``getUpdates`` while a
  webhook is set answers 409, like Telegram.
* PTB posts form fields whose non-string values are JSON strings; they are decoded (fields that are
  strings in the Bot API, such as ``text``, are kept as sent).
* Fault injection: :meth:`FakeBotApi.fail_next` (429 with ``parameters.retry_after``, or 5xx) and
  :meth:`FakeBotApi.block_chat` (403 "Forbidden: bot was blocked by the user").
* Validation that catches real bugs: empty or >4096-character message text, and callback data
  longer than 64 bytes, answer 400 as Telegram does.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from tests.support.deadlines import READY

DEFAULT_TOKEN = "123456:TEST-token_abc"
# Methods that PTB calls on its own; next_call() without a method skips them.
HOUSEKEEPING = frozenset({"getUpdates", "getMe", "deleteWebhook", "getWebhookInfo"})
MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64
# Bot API fields whose values are strings; PTB sends them raw, so they must not be JSON-decoded
# (a message text "42" must stay the string "42").
STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "url",
        "secret_token",
        "ip_address",
        "language_code",
        "business_connection_id",
        "message_effect_id",
        "action",
    }
)
_BAD_GATEWAY_HTML = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>"
)


@dataclass(frozen=True)
class Call:
    """One request the bot made. Unpacks as ``method, params = call``."""

    method: str
    params: dict[str, Any]
    status: int = 200
    result: Any = None
    at: float = field(default_factory=time.monotonic)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def __iter__(self) -> Iterator[Any]:
        return iter((self.method, self.params))


@dataclass
class _Fault:
    remaining: int
    status: int
    retry_after: int | None
    description: str | None


def decode_params(raw: dict[str, Any]) -> dict[str, Any]:
    """Decode PTB's form fields: JSON for non-string fields, raw for Bot API string fields."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if not isinstance(value, str) or key in STRING_FIELDS:
            out[key] = value
            continue
        try:
            out[key] = json.loads(value)
        except ValueError:
            out[key] = value
    return out


def _callback_data_too_long(reply_markup: Any) -> bool:
    if not isinstance(reply_markup, dict):
        return False
    for row in reply_markup.get("inline_keyboard") or []:
        for button in row:
            data = button.get("callback_data")
            if data is not None and len(str(data).encode()) > MAX_CALLBACK_DATA:
                return True
    return False


class FakeBotApi:
    """The fake server, on the running asyncio loop. Use ``async with FakeBotApi() as api``."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        token: str | None = None,
        bot_username: str = "carevoice_test_bot",
    ) -> None:
        self.host = host
        self.port = port
        self.token = token  # None: accept any well-formed token
        self.bot_username = bot_username
        self.calls: list[Call] = []
        self.commands: list[dict[str, Any]] = []
        self.webhook: dict[str, Any] = {}
        self.messages: dict[tuple[int | str, int], dict[str, Any]] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(100_001)
        self._message_ids = itertools.count(1001)
        self._query_ids = itertools.count(1)
        self._faults: dict[str, list[_Fault]] = {}
        self._blocked: set[int | str] = set()
        self._consumed: set[int] = set()
        self._poll_generation = 0
        self.polls_waiting = 0  # getUpdates long-polls currently held open
        self._stopping = False
        self._runner: web.AppRunner | None = None
        self._updates_cond: asyncio.Condition | None = None
        self._calls_cond: asyncio.Condition | None = None
        self.loop: asyncio.AbstractEventLoop | None = None

    # ---------------------------------------------------------------- lifecycle
    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """What to pass to ``ApplicationBuilder().base_url(...)``."""
        return f"{self.url}/bot"

    async def start(self) -> FakeBotApi:
        self.loop = asyncio.get_running_loop()
        self._updates_cond = asyncio.Condition()
        self._calls_cond = asyncio.Condition()
        app = web.Application()
        app.router.add_route("*", "/_fake/{action}", self._control)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        if self._runner is None:
            return
        self._stopping = True
        # Wake the long-polls at once, or runner.cleanup() waits for their timeout.
        assert self._updates_cond is not None
        async with self._updates_cond:
            self._updates_cond.notify_all()
        runner, self._runner = self._runner, None
        await runner.cleanup()

    async def __aenter__(self) -> FakeBotApi:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ---------------------------------------------------------------- test helpers
    def _user(self, chat_id: int | str, user_id: int | None = None) -> dict[str, Any]:
        uid = user_id if user_id is not None else (chat_id if isinstance(chat_id, int) else 1)
        return {"id": uid, "is_bot": False, "first_name": "Test", "language_code": "en"}

    def _chat(self, chat_id: int | str) -> dict[str, Any]:
        if isinstance(chat_id, int) and chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": "Test"}
        return {"id": chat_id, "type": "group", "title": "Test group"}

    def bot_user(self) -> dict[str, Any]:
        bot_id = int((self.token or DEFAULT_TOKEN).split(":")[0])
        return {
            "id": bot_id,
            "is_bot": True,
            "first_name": "CareVoice Test",
            "username": self.bot_username,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def make_message_update(
        self, chat_id: int, text: str, *, user_id: int | None = None
    ) -> dict[str, Any]:
        """A ``message`` update; a leading ``/command`` gets its ``bot_command`` entity."""
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self._user(chat_id, user_id),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        self.messages[(chat_id, message["message_id"])] = message
        return {"update_id": next(self._update_ids), "message": message}

    def make_callback_update(
        self, chat_id: int, data: str, message_id: int, *, user_id: int | None = None
    ) -> dict[str, Any]:
        """A ``callback_query`` update: a press on a button of the bot's message ``message_id``."""
        message = self.messages.get((chat_id, message_id)) or {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self.bot_user(),
            "text": "",
        }
        query_id = f"cbq-{next(self._query_ids)}"
        return {
            "update_id": next(self._update_ids),
            "callback_query": {
                "id": query_id,
                "from": self._user(chat_id, user_id),
                "chat_instance": f"ci-{chat_id}",
                "message": message,
                "data": data,
            },
        }

    async def inject(self, update: dict[str, Any]) -> None:
        """Queue an update for the next ``getUpdates``."""
        if "update_id" not in update:
            update = {"update_id": next(self._update_ids), **update}
        assert self._updates_cond is not None, "start() the server first"
        async with self._updates_cond:
            self._updates.append(update)
            self._updates_cond.notify_all()

    def pending_updates(self) -> list[dict[str, Any]]:
        return list(self._updates)

    def fail_next(
        self,
        method: str,
        n: int = 1,
        status: int = 429,
        retry_after: int | None = 1,
        *,
        description: str | None = None,
    ) -> None:
        """Answer the next ``n`` calls of ``method`` with ``status`` (429 or 5xx, say).

        429 answers carry ``parameters.retry_after`` as Telegram's do; 5xx answers are nginx's HTML
        (PTB raises ``NetworkError``). The failed calls are recorded with their status.
        """
        self._faults.setdefault(method, []).append(
            _Fault(n, status, retry_after if status == 429 else None, description)
        )

    def block_chat(self, chat_id: int | str) -> None:
        """From now on, sending to ``chat_id`` answers 403 "bot was blocked by the user"."""
        self._blocked.add(chat_id)

    def unblock_chat(self, chat_id: int | str) -> None:
        self._blocked.discard(chat_id)

    def sent_messages(self, chat_id: int | str) -> list[dict[str, Any]]:
        """Params of each successful ``sendMessage`` to ``chat_id``, with its ``message_id``."""
        return [
            {**c.params, "message_id": c.result["message_id"]}
            for c in self.calls
            if c.method == "sendMessage" and c.ok and c.params.get("chat_id") == chat_id
        ]

    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def next_call(
        self,
        method: str | None = None,
        timeout: float = READY,
        *,
        ignore: frozenset[str] = HOUSEKEEPING,
        ok_only: bool = False,
    ) -> Call:
        """The oldest recorded call not yet returned by ``next_call``, waiting up to ``timeout``.

        With ``method``, the oldest such call of that method (others stay for later); without
        one, the oldest call whose method is not in ``ignore`` (PTB's own polling and start-up
        calls). Raises ``TimeoutError`` listing the calls seen.
        """
        assert self._calls_cond is not None, "start() the server first"

        def find() -> Call | None:
            for i, c in enumerate(self.calls):
                if i in self._consumed or (ok_only and not c.ok):
                    continue
                if (method is None and c.method not in ignore) or c.method == method:
                    self._consumed.add(i)
                    return c
            return None

        try:
            async with asyncio.timeout(timeout), self._calls_cond:
                while (found := find()) is None:
                    await self._calls_cond.wait()
                return found
        except TimeoutError:
            seen = [f"{c.method}:{c.status}" for c in self.calls if c.method != "getUpdates"]
            raise TimeoutError(
                f"no {method or 'non-housekeeping'} call within {timeout}s; calls so far: {seen}"
            ) from None

    async def wait_until(self, predicate: Callable[[], bool], timeout: float = READY) -> None:
        """Wait until ``predicate()`` is true, checking it again after each recorded call."""
        assert self._calls_cond is not None, "start() the server first"
        async with asyncio.timeout(timeout), self._calls_cond:
            await self._calls_cond.wait_for(predicate)

    async def wait_for_poll(self, timeout: float = READY) -> None:
        """Wait until a ``getUpdates`` long-poll is being held open: the bot is up and polling.

        (Calls are recorded when they are answered, so a long-poll shows in :attr:`calls` only
        at its end.)
        """
        assert self._calls_cond is not None, "start() the server first"
        try:
            async with asyncio.timeout(timeout), self._calls_cond:
                await self._calls_cond.wait_for(lambda: self.polls_waiting > 0)
        except TimeoutError:
            raise TimeoutError(f"no getUpdates long-poll within {timeout}s") from None

    async def _set_polls_waiting(self, delta: int) -> None:
        assert self._calls_cond is not None
        self.polls_waiting += delta
        if delta > 0:
            async with self._calls_cond:
                self._calls_cond.notify_all()

    # ---------------------------------------------------------------- HTTP
    async def _record(self, call: Call) -> None:
        assert self._calls_cond is not None
        async with self._calls_cond:
            self.calls.append(call)
            self._calls_cond.notify_all()

    @staticmethod
    def _error(status: int, description: str, **parameters: Any) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=status)

    async def _read_params(self, request: web.Request) -> dict[str, Any]:
        raw: dict[str, Any] = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
                return {**decode_params(raw), **(body or {})}
            form = await request.post()
            raw.update({k: v for k, v in form.items() if isinstance(v, str)})
        return decode_params(raw)

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        token = request.match_info["token"]
        params = await self._read_params(request)
        if ":" not in token or (self.token is not None and token != self.token):
            await self._record(Call(method, params, 401))
            return self._error(401, "Unauthorized")
        faults = self._faults.get(method)
        if faults:
            fault = faults[0]
            fault.remaining -= 1
            if fault.remaining <= 0:
                faults.pop(0)
            await self._record(Call(method, params, fault.status))
            if fault.status == 429:
                wait = fault.retry_after or 1
                return self._error(
                    429,
                    fault.description or f"Too Many Requests: retry after {wait}",
                    retry_after=wait,
                )
            if fault.status >= 500 and fault.description is None:
                return web.Response(
                    status=fault.status, text=_BAD_GATEWAY_HTML, content_type="text/html"
                )
            return self._error(fault.status, fault.description or "Error")
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            await self._record(Call(method, params, 404))
            return self._error(404, "Not Found: method not found")
        status, result = await handler(params)
        await self._record(Call(method, params, status, result))
        if status != 200:
            return self._error(status, result)
        return web.json_response({"ok": True, "result": result})

    # ---------------------------------------------------------------- Bot API methods
    # Each returns (status, result-or-error-description).
    async def _m_getMe(self, p: dict[str, Any]) -> tuple[int, Any]:
        return 200, self.bot_user()

    async def _m_setMyCommands(self, p: dict[str, Any]) -> tuple[int, Any]:
        self.commands = list(p.get("commands") or [])
        return 200, True

    async def _m_getMyCommands(self, p: dict[str, Any]) -> tuple[int, Any]:
        return 200, self.commands

    async def _m_deleteWebhook(self, p: dict[str, Any]) -> tuple[int, Any]:
        self.webhook = {}
        if p.get("drop_pending_updates"):
            self._updates.clear()
        return 200, True

    async def _m_setWebhook(self, p: dict[str, Any]) -> tuple[int, Any]:
        url = p.get("url") or ""
        if not url:
            return await self._m_deleteWebhook(p)
        if not url.startswith("https://") and not url.startswith("http://"):
            return 400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
        self.webhook = {k: v for k, v in p.items() if k != "certificate"}
        if p.get("drop_pending_updates"):
            self._updates.clear()
        return 200, True

    async def _m_getWebhookInfo(self, p: dict[str, Any]) -> tuple[int, Any]:
        info: dict[str, Any] = {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        for key in ("max_connections", "allowed_updates", "ip_address"):
            if key in self.webhook:
                info[key] = self.webhook[key]
        return 200, info

    async def _m_getUpdates(self, p: dict[str, Any]) -> tuple[int, Any]:
        if self.webhook.get("url"):
            return 409, (
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first"
            )
        offset = int(p.get("offset") or 0)
        limit = max(1, min(100, int(p.get("limit") or 100)))
        timeout = max(0.0, float(p.get("timeout") or 0))
        assert self._updates_cond is not None
        deadline = time.monotonic() + timeout
        async with self._updates_cond:
            self._poll_generation += 1
            generation = self._poll_generation
            self._updates_cond.notify_all()  # ends any older long-poll with 409
            if offset < 0:
                del self._updates[: max(0, len(self._updates) + offset)]
            elif offset:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and not self._stopping:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                await self._set_polls_waiting(+1)
                try:
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(remaining):
                            await self._updates_cond.wait()
                finally:
                    await self._set_polls_waiting(-1)
                if generation != self._poll_generation:
                    return 409, (
                        "Conflict: terminated by other getUpdates request; make sure that "
                        "only one bot instance is running"
                    )
            return 200, self._updates[:limit]

    def _new_message(self, chat_id: Any, p: dict[str, Any]) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self.bot_user(),
            "text": p.get("text", ""),
        }
        markup = p.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        return message

    def _check_text(self, p: dict[str, Any]) -> str | None:
        text = p.get("text")
        if text is None or not str(text).strip():
            return "Bad Request: message text is empty"
        if len(str(text)) > MAX_TEXT:
            return "Bad Request: message is too long"
        if _callback_data_too_long(p.get("reply_markup")):
            return "Bad Request: BUTTON_DATA_INVALID"
        return None

    async def _m_sendMessage(self, p: dict[str, Any]) -> tuple[int, Any]:
        chat_id = p.get("chat_id")
        if chat_id is None:
            return 400, "Bad Request: chat_id is empty"
        if chat_id in self._blocked:
            return 403, "Forbidden: bot was blocked by the user"
        if problem := self._check_text(p):
            return 400, problem
        message = self._new_message(chat_id, p)
        self.messages[(chat_id, message["message_id"])] = message
        return 200, message

    def _find_message(self, p: dict[str, Any]) -> dict[str, Any] | None:
        chat_id, message_id = p.get("chat_id"), p.get("message_id")
        found = self.messages.get((chat_id, message_id))
        if found is None and message_id is not None:
            # An injected callback may point at a message the fake never saw.
            found = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": self._chat(chat_id),
                "from": self.bot_user(),
                "text": "",
            }
            self.messages[(chat_id, message_id)] = found
        return found

    async def _m_editMessageText(self, p: dict[str, Any]) -> tuple[int, Any]:
        if p.get("inline_message_id"):
            return 200, True
        if problem := self._check_text(p):
            return 400, problem
        message = self._find_message(p)
        if message is None:
            return 400, "Bad Request: message to edit not found"
        message["text"] = p["text"]
        message["edit_date"] = int(time.time())
        markup = p.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        return 200, dict(message)

    async def _m_editMessageReplyMarkup(self, p: dict[str, Any]) -> tuple[int, Any]:
        if p.get("inline_message_id"):
            return 200, True
        if _callback_data_too_long(p.get("reply_markup")):
            return 400, "Bad Request: BUTTON_DATA_INVALID"
        message = self._find_message(p)
        if message is None:
            return 400, "Bad Request: message to edit not found"
        markup = p.get("reply_markup")
        if isinstance(markup, dict) and markup.get("inline_keyboard"):
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        message["edit_date"] = int(time.time())
        return 200, dict(message)

    async def _m_answerCallbackQuery(self, p: dict[str, Any]) -> tuple[int, Any]:
        if not p.get("callback_query_id"):
            return (
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        return 200, True

    async def _m_deleteMessage(self, p: dict[str, Any]) -> tuple[int, Any]:
        key = (p.get("chat_id"), p.get("message_id"))
        self.messages.pop(key, None)
        return 200, True

    async def _m_sendChatAction(self, p: dict[str, Any]) -> tuple[int, Any]:
        if p.get("chat_id") in self._blocked:
            return 403, "Forbidden: bot was blocked by the user"
        return 200, True

    # ---------------------------------------------------------------- control endpoints
    async def _control(self, request: web.Request) -> web.Response:
        """``/_fake/message`` ``{"chat_id", "text"}``, ``/_fake/callback``
        ``{"chat_id", "data", "message_id"}``, ``/_fake/update`` (a raw update), ``/_fake/calls``
        (GET: every call as ``{"method", "params", "status"}``), ``/_fake/fail``
        ``{"method", "n", "status", "retry_after"}`` and ``/_fake/block`` ``{"chat_id"}``."""
        action = request.match_info["action"]
        body: dict[str, Any] = {}
        if request.method == "POST" and request.can_read_body:
            body = await request.json()
        if action == "calls":
            return web.json_response(
                [{"method": c.method, "params": c.params, "status": c.status} for c in self.calls]
            )
        if action == "message":
            update = self.make_message_update(int(body["chat_id"]), str(body["text"]))
        elif action == "callback":
            update = self.make_callback_update(
                int(body["chat_id"]), str(body["data"]), int(body["message_id"])
            )
        elif action == "update":
            update = body
        elif action == "fail":
            self.fail_next(
                body["method"],
                int(body.get("n", 1)),
                int(body.get("status", 429)),
                int(body.get("retry_after", 1)),
            )
            return web.json_response({"ok": True})
        elif action == "block":
            self.block_chat(body["chat_id"])
            return web.json_response({"ok": True})
        else:
            return web.json_response({"ok": False, "description": "unknown action"}, status=404)
        await self.inject(update)
        return web.json_response({"ok": True, "update_id": update.get("update_id")})


class ThreadedFakeBotApi:
    """:class:`FakeBotApi` on its own event loop in a daemon thread, for sync and subprocess tests.

    ``with ThreadedFakeBotApi() as api:`` then give ``api.base_url`` (or ``api.url``) to the bot.
    Every method is safe to call from any thread.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, **kwargs: Any) -> None:
        self.api = FakeBotApi(host, port, **kwargs)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="fake-bot-api", daemon=True)
        self._ready = threading.Event()
        self._error: BaseException | None = None

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self.api.start())
        except BaseException as exc:  # surfaced to start()
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        self._loop.run_forever()

    def start(self) -> ThreadedFakeBotApi:
        self._thread.start()
        self._ready.wait(READY)
        if self._error is not None:
            raise self._error
        return self

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        asyncio.run_coroutine_threadsafe(self.api.stop(), self._loop).result(READY)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(READY)
        self._loop.close()

    def __enter__(self) -> ThreadedFakeBotApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _call(self, fn: Any, *args: Any, timeout: float = READY, **kwargs: Any) -> Any:
        async def run() -> Any:
            value = fn(*args, **kwargs)
            return await value if asyncio.iscoroutine(value) else value

        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(timeout)

    @property
    def url(self) -> str:
        return self.api.url

    @property
    def base_url(self) -> str:
        return self.api.base_url

    @property
    def port(self) -> int:
        return self.api.port

    @property
    def calls(self) -> list[Call]:
        return self._call(lambda: list(self.api.calls))

    def make_message_update(self, chat_id: int, text: str, **kw: Any) -> dict[str, Any]:
        return self._call(self.api.make_message_update, chat_id, text, **kw)

    def make_callback_update(self, chat_id: int, data: str, message_id: int, **kw: Any) -> dict:
        return self._call(self.api.make_callback_update, chat_id, data, message_id, **kw)

    def inject(self, update: dict[str, Any]) -> None:
        self._call(self.api.inject, update)

    def send_text(self, chat_id: int, text: str) -> dict[str, Any]:
        """Shortcut: make a message update from ``chat_id`` and inject it."""
        update = self.make_message_update(chat_id, text)
        self.inject(update)
        return update

    def wait_for_call(self, method: str | None = None, timeout: float = READY, **kw: Any) -> Call:
        """Blocking :meth:`FakeBotApi.next_call`."""
        return self._call(self.api.next_call, method, timeout, timeout=timeout + 5, **kw)

    def wait_for_poll(self, timeout: float = READY) -> None:
        """Blocking :meth:`FakeBotApi.wait_for_poll`: the bot is up and long-polling."""
        self._call(self.api.wait_for_poll, timeout, timeout=timeout + 5)

    def sent_messages(self, chat_id: int | str) -> list[dict[str, Any]]:
        return self._call(self.api.sent_messages, chat_id)

    def fail_next(self, method: str, n: int = 1, status: int = 429, retry_after: int = 1) -> None:
        self._call(self.api.fail_next, method, n, status, retry_after)

    def block_chat(self, chat_id: int | str) -> None:
        self._call(self.api.block_chat, chat_id)

    def unblock_chat(self, chat_id: int | str) -> None:
        self._call(self.api.unblock_chat, chat_id)


def post_webhook(
    url: str, update: dict[str, Any], secret_token: str | None = None, timeout: float = READY
) -> int:
    """POST ``update`` to a bot's webhook as Telegram does; returns the HTTP status.

    Blocking: do not call it from the event loop that serves the webhook (use
    :func:`post_webhook_async` there).
    """
    headers = {"Content-Type": "application/json"}
    if secret_token is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret_token
    req = urllib.request.Request(
        url, data=json.dumps(update).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


async def post_webhook_async(
    url: str, update: dict[str, Any], secret_token: str | None = None, timeout: float = READY
) -> int:
    """:func:`post_webhook` for use inside an event loop."""
    headers = {}
    if secret_token is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret_token
    async with (
        aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session,
        session.post(url, json=update, headers=headers) as resp,
    ):
        return resp.status


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the fake Telegram Bot API server.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=None, help="accept only this token (default: any)")
    args = parser.parse_args(argv)

    async def serve() -> None:
        api = FakeBotApi(args.host, args.port, token=args.token)
        await api.start()
        print(f"Fake Bot API on {api.url}  (bot base_url: {api.base_url})", flush=True)
        print(
            f'inject: curl -d \'{{"chat_id": 42, "text": "/start"}}\' '
            f"-H 'Content-Type: application/json' {api.url}/_fake/message",
            flush=True,
        )
        try:
            await asyncio.Event().wait()
        finally:
            await api.stop()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())


if __name__ == "__main__":
    main()
