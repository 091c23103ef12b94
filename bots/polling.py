"""Polling that never loses an update: fetched updates are stored before the next getUpdates
confirms them to Telegram, and updates left unhandled by a crash are handled first on start.
Fetching goes on while the inbox handles what was stored."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from telegram.error import NetworkError

from bots.app import BotApp
from bots.inbox import Inbox
from bots.sending import with_retry

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ("message", "callback_query", "my_chat_member")
READ_SLACK = 10  # seconds a long-poll's answer may take beyond its own timeout


async def poll(app: BotApp, inbox: Inbox, stop: asyncio.Event, *, timeout: int = 25) -> None:
    """Fetch and store, while the inbox handles what is stored, until `stop` is set."""
    await with_retry(lambda: app.bot.delete_webhook(drop_pending_updates=False))
    # Telegram lets one process poll a bot token, so any lease left is a crashed process's.
    await inbox.take_over(everyone=True)
    async with asyncio.TaskGroup() as tasks:
        tasks.create_task(inbox.run(stop))  # first handles what a crash left behind
        offset = await _fetch(app, inbox, stop, timeout)
        if offset is not None:  # confirm what was stored, so a restart does not fetch it again
            try:
                await app.bot.get_updates(offset=offset, timeout=0, allowed_updates=ALLOWED_UPDATES)
            except NetworkError:
                log.info("final confirmation failed; stored updates will be skipped as duplicates")


async def _fetch(app: BotApp, inbox: Inbox, stop: asyncio.Event, timeout: int) -> int | None:
    """Long-poll and store until `stop`; the offset that confirms everything stored."""
    offset: int | None = None
    backoff = 0.5
    while not stop.is_set():
        fetch = asyncio.ensure_future(_get_updates(app, offset, timeout))
        stopping = asyncio.ensure_future(stop.wait())
        done, _ = await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if fetch not in done:
            fetch.cancel()
            break
        stopping.cancel()
        try:
            updates = fetch.result()
        except Exception as exc:  # any failure, even an update the library cannot read
            log.warning("getUpdates failed (%s); trying again", exc.__class__.__name__)
            await _pause(stop, backoff)
            backoff = min(backoff * 2, 30.0)
            continue
        backoff = 0.5
        if updates:
            try:
                await inbox.receive(updates)
            except Exception:  # database unavailable: do not confirm; Telegram sends them again
                log.exception("could not store updates; they will be fetched again")
                await _pause(stop, 2.0)
                continue
            offset = max(u["update_id"] for u in updates) + 1
    return offset


async def _get_updates(app: BotApp, offset: int | None, timeout: int) -> list[dict[str, Any]]:
    """Updates as Telegram sent them, not parsed here: one the library cannot read must not
    stop the others (the inbox stores it, and sets it aside if it cannot be handled)."""
    arguments: dict[str, Any] = {"timeout": timeout, "allowed_updates": list(ALLOWED_UPDATES)}
    if offset is not None:
        arguments["offset"] = offset
    result = await app.bot.do_api_request(
        "getUpdates", api_kwargs=arguments, read_timeout=timeout + READ_SLACK
    )
    found = [u for u in result if isinstance(u, dict) and isinstance(u.get("update_id"), int)]
    if len(found) != len(result):
        log.warning("getUpdates sent %s updates without an id; skipped", len(result) - len(found))
    return found


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
