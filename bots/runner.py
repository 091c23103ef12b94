"""Running the bot as a process: polling or webhook, started and stopped cleanly."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
from dataclasses import dataclass, replace

from aiohttp import web
from telegram.error import NetworkError

from bots.app import BotApp, build_application, set_commands
from bots.inbox import Inbox, InboxOptions
from bots.polling import ALLOWED_UPDATES, poll
from bots.sending import with_retry
from bots.webhook import WebhookServer
from service.runtime import Runtime

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WebhookOptions:
    """Where Telegram reaches this worker, and the secret it must present."""

    url: str
    secret: str
    listen: str = "127.0.0.1"
    port: int = 8443
    path: str = "telegram"
    # Names this worker's leases in the inbox; stable across restarts, so a restarted worker
    # takes its own unfinished updates back at once (others wait for the lease to pass).
    worker: str = ""

    def worker_name(self) -> str:
        """The given name, or this host and port (unique among running workers on the host)."""
        return self.worker or f"{socket.gethostname()}:{self.port}"


async def _initialize(app: BotApp, stop: asyncio.Event) -> bool:
    """getMe until the Bot API answers (or we are told to stop)."""
    delay = 1.0
    while not stop.is_set():
        try:
            await app.initialize()
            await set_commands(app)
            return True
        except NetworkError as exc:
            log.warning("Bot API not reachable (%s); retrying in %.0f s", exc, delay)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)
            delay = min(delay * 2, 30.0)
    return False


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)


async def run_polling(
    runtime: Runtime, *, token: str, base_url: str | None, poll_timeout: int = 25
) -> None:
    """`carevoice bot`: long-poll until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    _stop_on_signals(stop)
    app = build_application(runtime, token=token, base_url=base_url)
    if not await _initialize(app, stop):
        return
    log.info("bot polling")
    try:
        await poll(app, Inbox(app, runtime), stop, timeout=poll_timeout)
    finally:
        await app.shutdown()


async def serve_webhook(
    app: BotApp,
    runtime: Runtime,
    options: WebhookOptions,
    stop: asyncio.Event,
    inbox_options: InboxOptions | None = None,
) -> None:
    """Register the webhook with Telegram, store what it posts and handle the shared inbox,
    until `stop` is set."""
    inbox_options = replace(inbox_options or InboxOptions(), worker=options.worker_name())
    server = WebhookServer(
        Inbox(app, runtime, inbox_options), path=options.path, secret=options.secret
    )
    runner = web.AppRunner(server.app, access_log=None)  # would hold no tokens, but add nothing
    await runner.setup()
    site = web.TCPSite(runner, options.listen, options.port)
    await site.start()
    try:
        await with_retry(
            lambda: app.bot.set_webhook(
                options.url, secret_token=options.secret, allowed_updates=ALLOWED_UPDATES
            )
        )
        await server.inbox.take_over()  # what this worker's last life was handling
        log.info("bot webhook listening on %s:%s%s", options.listen, options.port, server.path)
        await server.inbox.run(stop)
    finally:
        await runner.cleanup()


async def run_webhook(
    runtime: Runtime, *, token: str, base_url: str | None, options: WebhookOptions
) -> None:
    """`carevoice bot --webhook`: serve until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    _stop_on_signals(stop)
    app = build_application(runtime, token=token, base_url=base_url)
    if not await _initialize(app, stop):
        return
    try:
        await serve_webhook(app, runtime, options, stop)
    finally:
        await app.shutdown()
