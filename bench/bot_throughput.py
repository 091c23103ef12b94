"""How fast one bot process handles a deep-linked questionnaire, end to end.

The real python-telegram-bot Application polls the fake Bot API server on 127.0.0.1 and stores
into a fresh SQLite file (WAL, synchronous=FULL). CHATS young people answer the 5-question review
questionnaire at the same time (6 updates each). Prints updates handled per second and the time
from an update's injection to the reply, median and 95th percentile.

    .venv/bin/python bench/bot_throughput.py [CHATS]

Figures only: this is not a test.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service import migrate  # noqa: E402
from service.db import utcnow  # noqa: E402
from service.runtime import Runtime  # noqa: E402
from service.settings import Settings  # noqa: E402
from tests.bots.conftest import Chat, start_bot  # noqa: E402
from tests.factories import make_invitation  # noqa: E402
from tests.fakes.bot_api import FakeBotApi  # noqa: E402


async def one_child(chat: Chat, token: str, latencies: list[float]) -> None:
    async def timed(step: object) -> None:
        t0 = time.perf_counter()
        await step  # type: ignore[misc]
        latencies.append(time.perf_counter() - t0)

    await timed(chat.say(f"/start {token}"))
    for key in ("yes", "no", "happy"):
        await timed(chat.answer(key))
    await timed(chat.say("More time to talk before the meeting, please."))
    await timed(chat.answer("safe"))


async def main(chats: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        migrate.upgrade(url)
        runtime = Runtime.from_settings(Settings(database_url=url))
        with runtime.sessions.begin() as db:
            tokens = [
                make_invitation(db, utcnow(), child_ref=f"REF-{i}").token for i in range(chats)
            ]
        api = await FakeBotApi().start()
        bot = await start_bot(api, runtime)
        latencies: list[float] = []
        t0 = time.perf_counter()
        await asyncio.gather(
            *(one_child(Chat(api, runtime, 10_000 + i), tokens[i], latencies) for i in range(chats))
        )
        took = time.perf_counter() - t0
        await bot.stop()
        await api.stop()
        runtime.dispose()
    updates = len(latencies)
    p95 = statistics.quantiles(latencies, n=20)[-1]
    print(f"chats {chats}, updates {updates}, {took:.2f} s: {updates / took:.1f} updates/s")
    print(
        f"update to reply: median {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"
    )


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20))
