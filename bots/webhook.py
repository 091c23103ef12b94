"""Webhook mode: Telegram POSTs each update; it is stored before the answer, and a 5xx answer
when it could not be stored makes Telegram send it again."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
from typing import Any

from aiohttp import web

from bots.inbox import Inbox

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105  # nosec B105 - a header name
RETRY_PENDING_SECONDS = 30.0


def derive_secret(secret_key: str, bot_token: str) -> str:
    """A webhook secret every worker can compute alike (Telegram allows A-Z, a-z, 0-9, _ and -)."""
    digest = hmac.new(
        secret_key.encode(), b"telegram-webhook:" + bot_token.encode(), hashlib.sha256
    )
    return digest.hexdigest()


class WebhookServer:
    """An aiohttp app with one POST route; handling runs in the background, in inbox order."""

    def __init__(self, inbox: Inbox, *, path: str, secret: str) -> None:
        self.inbox = inbox
        self.path = "/" + path.strip("/")
        self.secret = secret
        self._wake = asyncio.Event()
        self._worker: asyncio.Task[None] | None = None
        self.app = web.Application(client_max_size=1024 * 1024)
        self.app.router.add_post(self.path, self.receive)
        self.app.on_startup.append(self._start_worker)
        self.app.on_cleanup.append(self._stop_worker)

    async def receive(self, request: web.Request) -> web.Response:
        """Check the secret, store the update, answer; 503 if it could not be stored."""
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            return web.Response(status=403)
        try:
            body: Any = await request.json()
        except ValueError:
            return web.Response(status=400)
        if not isinstance(body, dict) or not isinstance(body.get("update_id"), int):
            return web.Response(status=400)
        try:
            await self.inbox.receive([body])
        except Exception:
            log.exception("could not store a webhook update; Telegram will send it again")
            return web.Response(status=503)
        self._wake.set()
        return web.Response(status=200)

    async def _start_worker(self, _app: web.Application) -> None:
        self._worker = asyncio.create_task(self._work())

    async def _stop_worker(self, _app: web.Application) -> None:
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker

    async def _work(self) -> None:
        """Handle stored updates when woken, and now and then retry ones that failed."""
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), RETRY_PENDING_SECONDS)
            self._wake.clear()
            try:
                await self.inbox.process_pending()
            except Exception:
                log.exception("processing the inbox failed; will try again")
