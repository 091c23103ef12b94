"""Children in Care Council broadcasts: opted-in chats only, rate-limited, stopping for blocks."""

from __future__ import annotations

import itertools
import os

import pytest
from redis import Redis
from redis.exceptions import RedisError
from telegram import Bot

from bots import broadcast, texts
from bots.texts import t
from bots.throttles import SendThrottle, StartLimiter
from service.domain import chats
from service.i18n import SUPPORTED
from service.models import BotChat
from service.runtime import Runtime
from tests.fakes.bot_api import DEFAULT_TOKEN, FakeBotApi

pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")
REDIS_URL = os.environ.get("CAREVOICE_TEST_REDIS", "redis://127.0.0.1:6379/15")


def add_chats(runtime: Runtime, *specs: tuple[int, bool, bool, bool]) -> None:
    """(chat id, opted in, stopped, blocked) for each chat."""
    with runtime.sessions.begin() as db:
        for chat_id, opted_in, stopped, blocked in specs:
            chat = chats.open_chat(db, chat_id, runtime.now())
            chat.cicc_opt_in, chat.stopped, chat.blocked = opted_in, stopped, blocked


class Recorder:
    """A clock that only moves when the throttle sleeps: records the spacing without waiting."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


async def test_broadcast_reaches_only_opted_in_chats_and_marks_blocks(
    fake_api: FakeBotApi, runtime: Runtime
) -> None:
    add_chats(
        runtime,
        (1, True, False, False),
        (2, True, False, False),
        (3, False, False, False),  # never opted in
        (4, True, True, False),  # sent /stop
        (5, True, False, True),  # blocked earlier
    )
    fake_api.block_chat(2)
    async with Bot(DEFAULT_TOKEN, base_url=fake_api.base_url) as bot:
        render = broadcast.you_said_we_did(
            "Meetings are too big.", "Reviews now have 4 people at most."
        )
        result = await broadcast.broadcast(bot, runtime, render)
        assert (result.sent, result.blocked, result.failed) == (1, 1, 0)
        (message,) = fake_api.sent_messages(1)
        assert message["text"] == (
            "You said: Meetings are too big.\n\nWe did: Reviews now have 4 people at most."
            "\n\nSend /stop to stop these messages."
        )
        again = await broadcast.broadcast(bot, runtime, broadcast.plain("Second news"))
    assert (again.sent, again.blocked) == (1, 0)  # the blocked chat is not tried again
    with runtime.sessions() as db:
        assert db.query(BotChat).filter_by(chat_id=2).one().blocked is True
    assert [c.params["chat_id"] for c in fake_api.calls_of("sendMessage")] == [1, 2, 1]


async def test_broadcast_waits_out_429(fake_api: FakeBotApi, runtime: Runtime) -> None:
    add_chats(runtime, (1, True, False, False), (2, True, False, False))
    fake_api.fail_next("sendMessage", 1, status=429, retry_after=1)
    async with Bot(DEFAULT_TOKEN, base_url=fake_api.base_url) as bot:
        result = await broadcast.broadcast(bot, runtime, broadcast.plain("News"))
    assert (result.sent, result.failed) == (2, 0)
    assert [c.status for c in fake_api.calls_of("sendMessage")] == [429, 200, 200]


async def test_poll_broadcast_carries_a_button_to_the_campaign(
    fake_api: FakeBotApi, runtime: Runtime
) -> None:
    add_chats(runtime, (1, True, False, False))
    async with Bot(DEFAULT_TOKEN, base_url=fake_api.base_url) as bot:
        await broadcast.broadcast(bot, runtime, broadcast.poll("Summer poll", "abcDEF123"))
    (message,) = fake_api.sent_messages(1)
    assert message["reply_markup"]["inline_keyboard"] == [
        [{"text": "Answer the poll", "callback_data": "c:abcDEF123"}]
    ]


async def test_throttle_keeps_30_a_second_overall_and_1_a_second_per_chat() -> None:
    rec = Recorder()
    throttle = SendThrottle(clock=rec.clock, sleep=rec.sleep)
    sent_at: list[tuple[float, int]] = []
    for chat_id in [*range(60), 7, 7]:
        await throttle.wait(chat_id)
        sent_at.append((rec.now, chat_id))
    times = [t for t, _ in sent_at]
    assert all(b - a >= 1 / 30 - 1e-9 for a, b in itertools.pairwise(times))
    for window_start in times:
        assert sum(window_start <= t < window_start + 1 - 1e-9 for t in times) <= 30
    chat7 = [t for t, c in sent_at if c == 7]
    assert all(b - a >= 1 - 1e-9 for a, b in itertools.pairwise(chat7))


async def test_throttle_without_chat_skips_per_chat_spacing() -> None:
    rec = Recorder()
    throttle = SendThrottle(clock=rec.clock, sleep=rec.sleep)
    for _ in range(3):
        await throttle.wait(None)
    assert rec.now == pytest.approx(2 / 30)


def test_start_limiter_counts_per_chat_in_memory() -> None:
    limiter = StartLimiter("memory://", "3 per minute")
    assert [limiter.allow(1) for _ in range(4)] == [True, True, True, False]
    assert limiter.allow(2) is True


def test_start_limiter_shares_counts_through_redis() -> None:
    try:
        Redis.from_url(REDIS_URL).flushdb()
    except RedisError as error:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis not reachable at {REDIS_URL}: {error} (CI=true: Redis is required)")
        pytest.skip(f"Redis not reachable at {REDIS_URL}; start Redis to run this test")
    first, second = StartLimiter(REDIS_URL, "3 per minute"), StartLimiter(REDIS_URL, "3 per minute")
    assert [first.allow(9), second.allow(9), first.allow(9), second.allow(9)] == [
        True,
        True,
        True,
        False,
    ]


def test_start_limiter_falls_back_to_memory_when_redis_is_down() -> None:
    limiter = StartLimiter("redis://127.0.0.1:1/0", "2 per minute")
    assert [limiter.allow(5) for _ in range(3)] == [True, True, False]


@pytest.mark.parametrize("language", [lang for lang in SUPPORTED if lang != "en"])
def test_you_said_we_did_is_framed_in_each_chats_language(language: str) -> None:
    said = broadcast.you_said_we_did("Meetings are too big.", "Reviews now have 4 people.")(
        language
    )
    assert said.text == (
        f"{t(texts.YOU_SAID, language)} Meetings are too big.\n\n"
        f"{t(texts.WE_DID, language)} Reviews now have 4 people.\n\n"
        f"{t(texts.BROADCAST_FOOTER, language)}"
    )
    assert "You said" not in said.text and "/stop" in said.text


def test_you_said_we_did_uses_the_words_staff_wrote_in_each_chats_language() -> None:
    render = broadcast.you_said_we_did(
        "Meetings are too big.",
        "Smaller meetings.",
        {"ar": ("الاجتماعات كبيرة.", "اجتماعات أصغر.")},
    )
    arabic, albanian = render("ar").text, render("sq").text
    assert "اجتماعات أصغر." in arabic and "Smaller meetings." not in arabic
    assert "Smaller meetings." in albanian  # no Albanian words yet: English, framed in Albanian
    assert t(texts.WE_DID, "sq") in albanian
