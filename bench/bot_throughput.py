"""How fast the bot handles deep-linked questionnaires, end to end to the database.

The real python-telegram-bot Application talks to the fake Bot API server on 127.0.0.1 and
stores into a fresh database (SQLite: WAL, synchronous=FULL; PostgreSQL: a scratch database on
CAREVOICE_TEST_PG). CHATS young people answer the 5-question review questionnaire at the same
time (6 updates each, each sent when the reply to the one before has arrived, as a person would).

- polling: one `carevoice bot` process's loop fetches from the fake server's getUpdates;
- webhook: each update is POSTed to a webhook worker as Telegram does (round robin over WORKERS
  workers, each its own Application and database pool, sharing one inbox).

Prints, for each database and mode: updates per second (until every update is marked handled
in the database) and the time from an update's arrival to the bot's reply, median and p95.

    .venv/bin/python bench/bot_throughput.py [--chats 20] [--db sqlite|postgresql|both]
                                             [--mode polling|webhook|both] [--workers 2]

Figures only: this is not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bots.app import build_application  # noqa: E402
from bots.runner import WebhookOptions, serve_webhook  # noqa: E402
from bots.throttles import SendThrottle, StartLimiter  # noqa: E402
from service import migrate  # noqa: E402
from service.db import utcnow  # noqa: E402
from service.models import BotUpdate  # noqa: E402
from service.runtime import Runtime  # noqa: E402
from service.settings import Settings  # noqa: E402
from tests.bots.conftest import start_bot  # noqa: E402
from tests.factories import make_invitation  # noqa: E402
from tests.fakes.bot_api import DEFAULT_TOKEN, FakeBotApi, post_webhook_async  # noqa: E402
from tests.support.processes import free_port  # noqa: E402

PG_ADMIN = os.environ.get("CAREVOICE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SECRET = "bench-secret"
# The questionnaire as a child answers it: (update to send, reply that shows it was handled).
STEPS = (
    ("start", "Question 1 of 5"),
    ("a:0:yes", "Question 2 of 5"),
    ("a:1:no", "Question 3 of 5"),
    ("a:2:happy", "Question 4 of 5"),
    ("More time to talk before the meeting, please.", "Question 5 of 5"),
    ("a:4:safe", "Your answers have been sent"),
)

Deliver = Callable[[dict[str, Any]], Awaitable[None]]


@contextmanager
def database(kind: str) -> Iterator[str]:
    """A fresh, migrated database of `kind`, removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{tmp}/bench.db"
            migrate.upgrade(url)
            yield url
        return
    name = f"carevoice_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    try:
        migrate.upgrade(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


async def wait_sent(api: FakeBotApi, chat_id: int, prefix: str, seen: int) -> int:
    """Wait for the bot's message to `chat_id` that starts with `prefix`, after the first `seen`;
    how many messages the chat has then."""
    found: list[int] = []

    def arrived() -> bool:
        sent = api.sent_messages(chat_id)
        found[:] = [i + 1 for i in range(seen, len(sent)) if sent[i]["text"].startswith(prefix)]
        return bool(found)

    await api.wait_until(arrived, timeout=60)
    return found[0]


async def one_child(
    api: FakeBotApi, deliver: Deliver, chat_id: int, token: str, latencies: list[float]
) -> None:
    seen = 0
    for step, reply in STEPS:
        if step == "start":
            update = api.make_message_update(chat_id, f"/start {token}")
        elif step.startswith("a:"):
            message_id = api.sent_messages(chat_id)[seen - 1]["message_id"]
            update = api.make_callback_update(chat_id, step, message_id)
        else:
            update = api.make_message_update(chat_id, step)
        t0 = time.perf_counter()
        await deliver(update)
        seen = await wait_sent(api, chat_id, reply, seen)
        latencies.append(time.perf_counter() - t0)


def unhandled(runtime: Runtime) -> int:
    with runtime.sessions() as db:
        return int(
            db.scalar(
                select(func.count()).select_from(BotUpdate).where(BotUpdate.processed_at.is_(None))
            )
            or 0
        )


async def run(url: str, mode: str, chats: int, workers: int) -> tuple[float, list[float]]:
    """(seconds until every update was handled, update-to-reply latencies)."""
    runtimes = [Runtime.from_settings(Settings(database_url=url, secret_key=SECRET))]
    with runtimes[0].sessions.begin() as db:
        tokens = [make_invitation(db, utcnow(), child_ref=f"REF-{i}").token for i in range(chats)]
    api = await FakeBotApi().start()
    stops: list[Callable[[], Awaitable[None]]] = []
    if mode == "polling":
        bot = await start_bot(api, runtimes[0])
        stops.append(bot.stop)
        await api.wait_for_poll()
        deliver: Deliver = api.inject
    else:
        urls = []
        for n in range(workers):
            runtime = runtimes[0] if n == 0 else Runtime.from_settings(runtimes[0].settings)
            if n:
                runtimes.append(runtime)
            urls.append(await start_webhook_worker(api, runtime, stops))
        ring = itertools.cycle(urls)

        async def deliver(update: dict[str, Any]) -> None:
            status = await post_webhook_async(next(ring), update, SECRET, timeout=30)
            assert status == 200, status

    latencies: list[float] = []
    t0 = time.perf_counter()
    await asyncio.gather(
        *(one_child(api, deliver, 10_000 + i, tokens[i], latencies) for i in range(chats))
    )
    while await asyncio.to_thread(unhandled, runtimes[0]):
        await asyncio.sleep(0.01)
    took = time.perf_counter() - t0
    for stop in stops:
        await stop()
    await api.stop()
    for runtime in runtimes:
        runtime.dispose()
    return took, latencies


async def start_webhook_worker(
    api: FakeBotApi, runtime: Runtime, stops: list[Callable[[], Awaitable[None]]]
) -> str:
    app = build_application(
        runtime,
        token=DEFAULT_TOKEN,
        base_url=api.base_url,
        start_limiter=StartLimiter("memory://"),
        throttle=SendThrottle(),
    )
    await app.initialize()
    port = free_port()
    options = WebhookOptions(
        url=f"http://127.0.0.1:{port}/hook", secret=SECRET, port=port, path="hook"
    )
    stop = asyncio.Event()
    task = asyncio.create_task(serve_webhook(app, runtime, options, stop))
    while True:  # listening once it has registered itself with the Bot API
        if any(c.params.get("url") == options.url for c in api.calls_of("setWebhook")):
            break
        await asyncio.sleep(0.01)

    async def halt() -> None:
        stop.set()
        await asyncio.wait_for(task, 30)
        await app.shutdown()

    stops.append(halt)
    return options.url


def report(kind: str, mode: str, workers: int, chats: int, took: float, lat: list[float]) -> None:
    where = f"{mode} ({workers} workers)" if mode == "webhook" else mode
    p95 = statistics.quantiles(lat, n=20)[-1]
    print(
        f"{kind:10} {where:20} {len(lat)} updates from {chats} chats in {took:5.2f} s: "
        f"{len(lat) / took:6.1f} updates/s; update to reply median "
        f"{statistics.median(lat) * 1000:4.0f} ms, p95 {p95 * 1000:4.0f} ms",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("chats_positional", nargs="?", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--chats", type=int, default=20)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--mode", choices=("polling", "webhook", "both"), default="both")
    parser.add_argument("--workers", type=int, default=2, help="webhook workers")
    args = parser.parse_args()
    chats = args.chats_positional or args.chats
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    kinds = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    modes = ("polling", "webhook") if args.mode == "both" else (args.mode,)
    for kind in kinds:
        for mode in modes:
            with database(kind) as url:
                took, latencies = asyncio.run(run(url, mode, chats, args.workers))
            report(kind, mode, args.workers, chats, took, latencies)


if __name__ == "__main__":
    main()
