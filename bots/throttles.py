"""Rate limits: deep-link starts per chat (so tokens cannot be guessed through the bot) and
outgoing messages (Telegram allows about 30 a second overall and 1 a second per chat)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger(__name__)

START_LIMITS = "5 per 10 minutes; 20 per day"


class StartLimiter:
    """Counts `/start <token>` per chat; Redis when configured, so every bot worker shares counts."""

    def __init__(self, storage_uri: str = "memory://", limits: str = START_LIMITS) -> None:
        self._items: list[RateLimitItem] = parse_many(limits)
        self._limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))
        # If Redis is unreachable, count in memory rather than stop children answering.
        self._fallback = MovingWindowRateLimiter(MemoryStorage())

    @classmethod
    def from_redis_url(cls, redis_url: str | None) -> StartLimiter:
        return cls(redis_url or "memory://")

    def allow(self, chat_id: int) -> bool:
        """Count one deep-link start for this chat; False once it is over the limit."""
        try:
            return all(self._limiter.hit(item, "bot-start", str(chat_id)) for item in self._items)
        except Exception:  # the shared store is down: fall back, never fail open
            log.warning("rate-limit storage unavailable; counting in memory")
            return all(self._fallback.hit(item, "bot-start", str(chat_id)) for item in self._items)


class SendThrottle:
    """Spaces out messages: at most `per_second` overall and one per `per_chat_seconds` in a chat."""

    def __init__(
        self,
        per_second: float = 30.0,
        per_chat_seconds: float = 1.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._interval = 1.0 / per_second
        self._per_chat = per_chat_seconds
        self._clock = clock
        self._sleep = sleep
        self._next_any = 0.0
        self._next_chat: dict[int, float] = {}
        self._lock = asyncio.Lock()

    async def wait(self, chat_id: int | None = None) -> None:
        """Wait for this message's turn; `chat_id` None skips the per-chat spacing."""
        async with self._lock:
            now = self._clock()
            at = max(now, self._next_any)
            if chat_id is not None:
                at = max(at, self._next_chat.get(chat_id, 0.0))
                self._next_chat[chat_id] = at + self._per_chat
            self._next_any = at + self._interval
        if at > now:
            await self._sleep(at - now)
