"""The update inbox: every update is stored before it is handled and marked done after, so an
update fetched just before a crash is handled after the restart, and a duplicate is handled once."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from telegram import Update
from telegram.ext import Application

from service.domain import chats
from service.runtime import Runtime

log = logging.getLogger(__name__)

FAILED_KEY = "failed_update_ids"


class Inbox:
    """Stores incoming updates and handles the ones not yet done, oldest first."""

    def __init__(
        self, application: Application[Any, Any, Any, Any, Any, Any], runtime: Runtime
    ) -> None:
        self.application = application
        self.runtime = runtime
        self._lock = asyncio.Lock()
        application.bot_data.setdefault(FAILED_KEY, set())

    async def receive(self, raws: Sequence[Mapping[str, Any]]) -> int:
        """Store updates (raises if the database cannot take them: then nothing is confirmed)."""
        return await asyncio.to_thread(self._store, raws)

    def _store(self, raws: Sequence[Mapping[str, Any]]) -> int:
        with self.runtime.sessions.begin() as db:
            return chats.store_updates(db, raws, self.runtime.now())

    async def process_pending(self) -> int:
        """Handle every stored update that is not done yet; how many were handled."""
        handled = 0
        async with self._lock:
            pending = await asyncio.to_thread(self._pending)
            for item in pending:
                if not await asyncio.to_thread(self._claim, item.update_id):
                    continue
                ok = await self._handle(item.payload)
                gave_up = not ok and item.attempts + 1 >= chats.MAX_ATTEMPTS
                if gave_up:
                    log.error(
                        "update %s failed %s times; set aside", item.update_id, chats.MAX_ATTEMPTS
                    )
                if ok or gave_up:
                    await asyncio.to_thread(self._done, item.update_id)
                    handled += ok
        return handled

    def _pending(self) -> list[chats.PendingUpdate]:
        with self.runtime.sessions() as db:
            return chats.pending_updates(db)

    def _claim(self, update_id: int) -> bool:
        with self.runtime.sessions.begin() as db:
            return chats.claim_update(db, update_id)

    def _done(self, update_id: int) -> None:
        with self.runtime.sessions.begin() as db:
            chats.mark_update_done(db, update_id, self.runtime.now())

    async def _handle(self, payload: dict[str, Any]) -> bool:
        """Run the application's handlers; False if one of them failed (the error handler says so)."""
        failed: set[int] = self.application.bot_data[FAILED_KEY]
        update = Update.de_json(payload, self.application.bot)
        await self.application.process_update(update)
        if update.update_id in failed:
            failed.discard(update.update_id)
            return False
        return True
