"""Webhook mode: Telegram POSTs each update; it is stored before the answer, and a 5xx answer
when it could not be stored makes Telegram send it again."""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any

from aiohttp import web

from bots.inbox import Inbox
from service.domain.bot_inbox import minimal_update

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105  # nosec B105 - a header name


def derive_secret(secret_key: str, bot_token: str) -> str:
    """A webhook secret every worker can compute alike (Telegram allows A-Z, a-z, 0-9, _ and -)."""
    digest = hmac.new(
        secret_key.encode(), b"telegram-webhook:" + bot_token.encode(), hashlib.sha256
    )
    return digest.hexdigest()


class WebhookServer:
    """An aiohttp app with one POST route that stores updates; the inbox's `run` handles them."""

    def __init__(self, inbox: Inbox, *, path: str, secret: str) -> None:
        self.inbox = inbox
        self.path = "/" + path.strip("/")
        self.secret = secret
        self.app = web.Application(client_max_size=1024 * 1024)
        self.app.router.add_post(self.path, self.receive)

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
            minimal_update(body)
        except (KeyError, TypeError, ValueError):  # stored with others, it would fail them all
            return web.Response(status=400)
        try:
            await self.inbox.receive([body])
        except Exception:
            log.exception("could not store a webhook update; Telegram will send it again")
            return web.Response(status=503)
        return web.Response(status=200)
