"""The update inbox: every update is stored before it is handled and marked done after, so an
update fetched just before a crash is handled after the restart, and a duplicate is handled once.

Several workers (webhook processes) share one inbox. A worker leases the updates it handles
(`bot_updates.claimed_by`/`claimed_until`), renews the lease while it works, and another worker
takes an update over only once its lease has passed, so a worker that dies loses nothing and a
live worker's update is never handled twice. Different chats are handled at the same time; a
chat's own updates one at a time, in order. To keep commits few, the updates arriving together
are stored in one transaction, and marking finished updates done shares a transaction with
claiming the next ones.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import os
import secrets
import socket
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.ext import Application

from service.domain import bot_inbox
from service.runtime import Runtime

log = logging.getLogger(__name__)

FAILED_KEY = "failed_update_ids"  # bot_data: update id -> whether the failure was transient
LEASE = timedelta(seconds=30)
MAX_BACKOFF = 60.0  # seconds between attempts at an update that keeps failing


class Outcome(enum.Enum):
    """How working on one claimed update ended."""

    DONE = "done"
    SET_ASIDE = "set aside"
    LEFT = "left"  # lease lost to another worker, or an error: its lease passes, then it is retried


@dataclass(frozen=True)
class InboxOptions:
    """How a worker shares the inbox: its name, lease, and how many chats it serves at once."""

    worker: str = ""
    lease: timedelta = LEASE
    concurrency: int = 8
    idle_check: float = 1.0  # seconds between looks for work left by other workers
    drain_timeout: float = 5.0  # seconds a stopping worker lets started updates finish


def default_worker_name() -> str:
    """Host and process id: unique among running workers."""
    return f"{socket.gethostname()}:{os.getpid()}"


def backoff(attempts: int) -> float:
    """Seconds to wait before the next attempt at an update that failed `attempts` times."""
    return float(min(0.5 * 2 ** max(attempts - 1, 0), MAX_BACKOFF))


class Inbox:
    """Stores incoming updates, and (in `run`) handles waiting ones until told to stop."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        runtime: Runtime,
        options: InboxOptions | None = None,
    ) -> None:
        self.application = application
        self.runtime = runtime
        self.options = options or InboxOptions()
        self.worker = self.options.worker or default_worker_name()
        # This process's lease holder: the worker name, and a mark of this life of it, so a
        # restarted worker can tell its own dead leases from the ones it holds now.
        self.holder = f"{self.worker}/{secrets.token_hex(4)}"
        self._wake = asyncio.Event()
        self._to_store: list[tuple[list[Mapping[str, Any]], asyncio.Future[None]]] = []
        self._storing: asyncio.Task[None] | None = None
        self._working: dict[int, asyncio.Task[Outcome]] = {}
        application.bot_data.setdefault(FAILED_KEY, {})

    # ------------------------------------------------------------ storing

    async def receive(self, raws: Sequence[Mapping[str, Any]]) -> None:
        """Store updates (raises if the database cannot take them: then nothing is confirmed).

        Updates that arrive while a store is being committed wait and go together in the next
        commit, so a busy webhook does not pay one disk flush per update."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._to_store.append((list(raws), done))
        if self._storing is None or self._storing.done():
            self._storing = asyncio.create_task(self._store_waiting())
        await done
        self._wake.set()

    async def _store_waiting(self) -> None:
        while self._to_store:
            batch, self._to_store = self._to_store, []
            raws = [raw for part, _ in batch for raw in part]
            try:
                await asyncio.to_thread(self._store, raws)
            except Exception as exc:
                for _, done in batch:
                    if not done.done():
                        done.set_exception(exc)
                continue
            for _, done in batch:
                if not done.done():
                    done.set_result(None)

    def _store(self, raws: list[Mapping[str, Any]]) -> None:
        with self.runtime.sessions.begin() as db:
            bot_inbox.store_updates(db, raws, self.runtime.now())

    # ------------------------------------------------------------ leases

    async def take_over(self, *, everyone: bool = False) -> int:
        """Free leases held by this worker's earlier life (or, for the only polling process,
        by anyone): they belong to processes that are gone. How many were freed."""
        holders = None if everyone else f"{self.worker}/"

        def release() -> int:
            with self.runtime.sessions.begin() as db:
                return bot_inbox.release_leases(db, holders)

        freed = await asyncio.to_thread(release)
        if freed:
            log.info("took over %s updates a stopped worker had claimed", freed)
        return freed

    # ------------------------------------------------------------ handling

    async def run(self, stop: asyncio.Event) -> None:
        """Handle waiting updates as they come until `stop` is set, then let started ones finish."""
        watcher = asyncio.create_task(self._wake_on(stop))
        finished: dict[int, Outcome] = {}
        renew_every = self.options.lease.total_seconds() / 3
        renew_at = time.monotonic() + renew_every
        stopping_since: float | None = None
        try:
            while True:
                self._wake.clear()
                for update_id, task in list(self._working.items()):
                    if task.done():
                        del self._working[update_id]
                        finished[update_id] = task.result()
                if stop.is_set() and stopping_since is None:
                    stopping_since = time.monotonic()
                room = 0 if stopping_since else self.options.concurrency - len(self._working)
                if finished or room:
                    try:
                        claimed = await asyncio.to_thread(self._settle_and_claim, finished, room)
                    except Exception:
                        log.exception("the inbox could not be read; trying again")
                        claimed = []
                    else:
                        finished = {}
                    for item in claimed:
                        task = asyncio.create_task(self._work_on(item))
                        task.add_done_callback(lambda _: self._wake.set())  # settle it soon
                        self._working[item.update_id] = task
                if stopping_since is not None and (
                    not self._working
                    or time.monotonic() - stopping_since >= self.options.drain_timeout
                ):
                    return
                if time.monotonic() >= renew_at:
                    await self._renew()
                    renew_at = time.monotonic() + renew_every
                await self._sleep(min(self.options.idle_check, renew_every))
        finally:
            watcher.cancel()
            await self._abandon()

    async def _wake_on(self, stop: asyncio.Event) -> None:
        await stop.wait()
        self._wake.set()

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)

    async def _abandon(self) -> None:
        """Stop updates still being worked on; their leases pass and another worker (or this
        one after a restart) handles them."""
        for task in self._working.values():
            task.cancel()
        for task in self._working.values():
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._working.clear()

    def _settle_and_claim(
        self, finished: dict[int, Outcome], limit: int
    ) -> list[bot_inbox.PendingUpdate]:
        """One transaction: mark finished updates done, and claim up to `limit` more."""
        now = self.runtime.now()
        with self.runtime.sessions.begin() as db:
            settled = [u for u, outcome in finished.items() if outcome is not Outcome.LEFT]
            bot_inbox.mark_updates_done(db, self.holder, settled, now)
            if limit <= 0:
                return []
            return bot_inbox.claim_updates(
                db, self.holder, now, lease=self.options.lease, limit=limit
            )

    async def _renew(self) -> None:
        working = [u for u, task in self._working.items() if not task.done()]
        if not working:
            return

        def renew() -> int:
            until = self.runtime.now() + self.options.lease
            with self.runtime.sessions.begin() as db:
                return bot_inbox.renew_leases(db, self.holder, working, until)

        try:
            held = await asyncio.to_thread(renew)
        except Exception:
            log.exception("could not renew leases; another worker may take these updates over")
            return
        if held < len(working):
            log.warning("%s updates were taken over by another worker", len(working) - held)

    async def _work_on(self, item: bot_inbox.PendingUpdate) -> Outcome:
        """Handle one claimed update, trying again (after a pause) while it fails."""
        try:
            while True:
                failure = await self._handle(item.payload)
                if failure is None:
                    return Outcome.DONE
                transient = failure is True
                if not transient and item.failures_counted >= bot_inbox.MAX_ATTEMPTS:
                    log.error(
                        "update %s failed %s times; set aside",
                        item.update_id,
                        bot_inbox.MAX_ATTEMPTS,
                    )
                    return Outcome.SET_ASIDE
                await asyncio.sleep(backoff(item.attempts))
                if not await asyncio.to_thread(self._try_again, item.update_id, transient):
                    log.warning("update %s was taken over by another worker", item.update_id)
                    return Outcome.LEFT
                item = bot_inbox.PendingUpdate(
                    item.update_id,
                    item.payload,
                    item.attempts + 1,
                    item.transient_failures + int(transient),
                )
        except Exception:
            log.exception("working on update %s failed; it is retried later", item.update_id)
            return Outcome.LEFT

    def _try_again(self, update_id: int, transient: bool) -> bool:
        with self.runtime.sessions.begin() as db:
            return bot_inbox.try_again(
                db,
                self.holder,
                update_id,
                self.runtime.now(),
                lease=self.options.lease,
                transient=transient,
            )

    async def _handle(self, payload: dict[str, Any]) -> bool | None:
        """Run the application's handlers: None if they succeeded, else whether the failure was
        transient (the error handler records it)."""
        failed: dict[int, bool] = self.application.bot_data[FAILED_KEY]
        update = Update.de_json(payload, self.application.bot)
        await self.application.process_update(update)
        return failed.pop(update.update_id, None)
