"""How fast the bot handles deep-linked questionnaires, end to end to the database.

The real python-telegram-bot Application talks to the fake Bot API server on 127.0.0.1 and
stores into a fresh database (SQLite: WAL, synchronous=FULL; PostgreSQL: a scratch database on
CAREVOICE_TEST_PG). CHATS young people answer the 5-question review questionnaire at the same
time (6 updates each, each sent when the reply to the one before has arrived, as a person would).

- polling: one `carevoice bot` process's loop fetches from the fake server's getUpdates;
- webhook: each update is POSTed to a webhook worker as Telegram does (round robin over WORKERS
  workers, each its own Application and database pool, sharing one inbox).

Sends are spaced as Telegram asks (30 a second per worker, one a second per chat), which caps a
worker at about 15 updates a second (each needs about two Bot API calls); `--limit none` lifts
that to show what the inbox and the database can do.

Prints, for each database, mode and limit: updates per second (until every update is marked
handled in the database), the time from an update's arrival to the bot's reply (median and p95),
database commits per update (the bot's, store to done; each is a disk flush), CPU time per
update (this process: bot, fake server and children; steadier than the rates on a busy
machine), and replies sent more than once (should be 0).

    .venv/bin/python bench/bot_throughput.py [--chats 20] [--db sqlite|postgresql|both]
        [--mode polling|webhook|both] [--workers 2] [--limit telegram|none|both]

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, func, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bots.app import BotApp, build_application  # noqa: E402
from bots.inbox import Inbox  # noqa: E402
from bots.polling import poll  # noqa: E402
from bots.runner import WebhookOptions, serve_webhook  # noqa: E402
from bots.throttles import SendThrottle, StartLimiter  # noqa: E402
from service import migrate  # noqa: E402
from service.db import utcnow  # noqa: E402
from service.models import BotUpdate  # noqa: E402
from service.runtime import Runtime  # noqa: E402
from service.settings import Settings  # noqa: E402
from tests.factories import make_invitation  # noqa: E402
from tests.fakes.bot_api import DEFAULT_TOKEN, FakeBotApi, post_webhook_async  # noqa: E402
from tests.support.processes import free_port  # noqa: E402

PG_ADMIN = os.environ.get("CAREVOICE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SECRET = "bench-secret-long-enough-for-any-environment"
# The questionnaire as a child answers it: (update to send, reply that shows it was handled).
STEPS = (
    ("start", "Question 1 of 5"),
    ("a:0:yes", "Question 2 of 5"),
    ("a:1:no", "Question 3 of 5"),
    ("a:2:happy", "Question 4 of 5"),
    ("More time to talk before the meeting, please.", "Question 5 of 5"),
    ("a:4:safe", "Your answers have been sent"),
)


@dataclass(frozen=True)
class Result:
    seconds: float  # until every update was marked handled
    latencies: list[float]  # update to reply
    replies: int  # sendMessage calls that succeeded
    commits: int  # database commits by the bot while it worked
    cpu: float  # CPU seconds this process used (the bot, the fake Bot API and the children)


Deliver = Callable[[dict[str, Any]], Awaitable[None]]
Stop = Callable[[], Awaitable[None]]
INBOX_OPTIONS: list[Any] = []  # --concurrency, when given
REPLIES_PER_CHILD = 8  # sendMessage calls one questionnaire needs; more means a reply was doubled


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


async def wait_sent(api: FakeBotApi, chat_id: int, prefix: str, checked: int) -> tuple[int, int]:
    """Wait for a message the bot sends to `chat_id` starting with `prefix`, looking only at
    calls after the first `checked` (so waiting costs the bot under test little CPU); returns
    (its message id, calls checked)."""
    found: list[int] = []

    def arrived() -> bool:
        nonlocal checked
        calls = api.calls
        for call in calls[checked:]:
            params = call.params
            if (
                call.method == "sendMessage"
                and call.ok
                and params.get("chat_id") == chat_id
                and str(params.get("text", "")).startswith(prefix)
            ):
                found.append(call.result["message_id"])
        checked = len(calls)
        return bool(found)

    await api.wait_until(arrived, timeout=60)
    return found[0], checked


async def one_child(
    api: FakeBotApi, deliver: Deliver, chat_id: int, token: str, latencies: list[float]
) -> None:
    message_id, checked = 0, 0
    for step, reply in STEPS:
        if step == "start":
            update = api.make_message_update(chat_id, f"/start {token}")
        elif step.startswith("a:"):
            update = api.make_callback_update(chat_id, step, message_id)
        else:
            update = api.make_message_update(chat_id, step)
        checked = len(api.calls)
        t0 = time.perf_counter()
        await deliver(update)
        message_id, checked = await wait_sent(api, chat_id, reply, checked)
        latencies.append(time.perf_counter() - t0)


def unhandled(runtime: Runtime) -> int:
    with runtime.sessions() as db:
        return int(
            db.scalar(
                select(func.count()).select_from(BotUpdate).where(BotUpdate.processed_at.is_(None))
            )
            or 0
        )


def throttle(rate: float | None) -> SendThrottle:
    """Telegram's limit (`rate` messages a second, one a second per chat), or none at all."""
    if rate is None:
        return SendThrottle(per_second=1e9, per_chat_seconds=0)
    return SendThrottle(per_second=rate)


async def start_application(api: FakeBotApi, runtime: Runtime, rate: float | None) -> BotApp:
    app = build_application(
        runtime,
        token=DEFAULT_TOKEN,
        base_url=api.base_url,
        start_limiter=StartLimiter("memory://", "1000 per day"),
        throttle=throttle(rate),
    )
    await app.initialize()
    return app


async def start_polling(
    api: FakeBotApi, runtime: Runtime, rate: float | None, stops: list[Stop]
) -> None:
    app = await start_application(api, runtime, rate)
    stop = asyncio.Event()
    inbox = Inbox(app, runtime, *INBOX_OPTIONS)
    task = asyncio.create_task(poll(app, inbox, stop, timeout=1))

    async def halt() -> None:
        stop.set()
        await asyncio.wait_for(task, 30)
        await app.shutdown()

    stops.append(halt)
    await api.wait_for_poll()


async def start_webhook(
    api: FakeBotApi, runtime: Runtime, rate: float | None, stops: list[Stop]
) -> str:
    app = await start_application(api, runtime, rate)
    port = free_port()
    options = WebhookOptions(
        url=f"http://127.0.0.1:{port}/hook", secret=SECRET, port=port, path="hook"
    )
    stop = asyncio.Event()
    task = asyncio.create_task(serve_webhook(app, runtime, options, stop, *INBOX_OPTIONS))
    await api.wait_until(
        lambda: any(c.params.get("url") == options.url for c in api.calls_of("setWebhook"))
    )

    async def halt() -> None:
        stop.set()
        await asyncio.wait_for(task, 30)
        await app.shutdown()

    stops.append(halt)
    return options.url


async def run(url: str, mode: str, chats: int, workers: int, rate: float | None) -> Result:
    """Run the children's questionnaires through the bot and measure."""
    runtimes = [Runtime.from_settings(Settings(database_url=url, secret_key=SECRET))]
    with runtimes[0].sessions.begin() as db:
        tokens = [make_invitation(db, utcnow(), child_ref=f"REF-{i}").token for i in range(chats)]
    api = await FakeBotApi().start()
    stops: list[Stop] = []
    if mode == "polling":
        await start_polling(api, runtimes[0], rate, stops)
        deliver: Deliver = api.inject
    else:
        runtimes += [Runtime.from_settings(runtimes[0].settings) for _ in range(workers - 1)]
        urls = [await start_webhook(api, runtime, rate, stops) for runtime in runtimes]
        ring = itertools.cycle(urls)

        async def deliver(update: dict[str, Any]) -> None:
            status = await post_webhook_async(next(ring), update, SECRET, timeout=30)
            assert status == 200, status

    commits = [0]

    def count(_connection: object) -> None:
        commits[0] += 1

    for runtime in runtimes:
        event.listen(runtime.engine, "commit", count)
    latencies: list[float] = []
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    await asyncio.gather(
        *(one_child(api, deliver, 10_000 + i, tokens[i], latencies) for i in range(chats))
    )
    while await asyncio.to_thread(unhandled, runtimes[0]):
        await asyncio.sleep(0.01)
    took = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    for runtime in runtimes:
        event.remove(runtime.engine, "commit", count)
    for stop in stops:
        await stop()
    replies = len([c for c in api.calls_of("sendMessage") if c.ok])
    await api.stop()
    for runtime in runtimes:
        runtime.dispose()
    return Result(took, latencies, replies, commits[0], cpu)


def report(kind: str, mode: str, workers: int, rate: float | None, result: Result) -> None:
    took, lat, replies = result.seconds, result.latencies, result.replies
    chats = len(lat) // len(STEPS)
    where = f"{mode} ({workers} workers)" if mode == "webhook" else mode
    limit = f"{rate:g}/s" if rate else "none"
    p95 = statistics.quantiles(lat, n=20)[-1]
    print(
        f"{kind:10} {where:20} send limit {limit:5} {len(lat)} updates from {chats} chats in "
        f"{took:5.2f} s: {len(lat) / took:6.1f} updates/s; update to reply median "
        f"{statistics.median(lat) * 1000:4.0f} ms, p95 {p95 * 1000:4.0f} ms; "
        f"{result.commits / len(lat):.1f} commits and "
        f"{result.cpu / len(lat) * 1000:.0f} ms CPU per update; "
        f"doubled replies {replies - chats * REPLIES_PER_CHILD}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("chats_positional", nargs="?", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--chats", type=int, default=20)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--mode", choices=("polling", "webhook", "both"), default="both")
    parser.add_argument("--workers", type=int, default=2, help="webhook workers")
    parser.add_argument(
        "--limit",
        choices=("telegram", "none", "both"),
        default="both",
        help="space sends as Telegram asks (30/s per worker, 1/s per chat), or not at all",
    )
    parser.add_argument("--concurrency", type=int, help="chats a worker handles at once")
    args = parser.parse_args()
    if args.concurrency:
        from bots.inbox import InboxOptions

        INBOX_OPTIONS.append(InboxOptions(concurrency=args.concurrency))
    chats = args.chats_positional or args.chats
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    kinds = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    modes = ("polling", "webhook") if args.mode == "both" else (args.mode,)
    rates: tuple[float | None, ...] = {"telegram": (30.0,), "none": (None,), "both": (30.0, None)}[
        args.limit
    ]
    for kind in kinds:
        for mode in modes:
            for rate in rates:
                with database(kind) as url:
                    result = asyncio.run(run(url, mode, chats, args.workers, rate))
                report(kind, mode, args.workers, rate, result)


if __name__ == "__main__":
    main()
