"""How long tests wait for something to happen: generously, so a busy machine still passes.

A test waits by polling until what it needs is there (a server answers, a bot polls, a row is
written), up to READY, and then fails saying what it waited for. Nothing here measures speed:
how fast things happen belongs in bench/.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

READY = 180.0
"""Seconds to wait for a server, worker, bot or message: minutes, since a machine whose cores are
both busy can take tens of seconds to start a Python process."""

POLL = 0.05


def wait_for(found: Callable[[], T], what: str, timeout: float = READY) -> T:
    """Poll `found` until it returns something true, and return it; fail after `timeout` seconds
    with a message naming `what` was awaited."""
    deadline = time.monotonic() + timeout
    while not (value := found()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f}s for {what}")
        time.sleep(POLL)
    return value


async def wait_for_async(found: Callable[[], T], what: str, timeout: float = READY) -> T:
    """`wait_for` for async tests: `found` runs in a thread (it may query the database), so the
    event loop serving the bot goes on meanwhile."""
    deadline = time.monotonic() + timeout
    while not (value := await asyncio.to_thread(found)):
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f}s for {what}")
        await asyncio.sleep(POLL)
    return value
