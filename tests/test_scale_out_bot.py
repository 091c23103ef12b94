"""Two bot webhook workers and two web servers, as real processes on one database: no response,
alert or reply duplicated or lost.

Young people answer deep-linked questionnaires in Telegram. Each update is posted to one of two
`carevoice bot --webhook` workers, and every third to both at once (as Telegram does when it
retries after a slow answer). Meanwhile other children submit the web form to two
`carevoice serve` processes, each invitation to both servers twice.
"""

from __future__ import annotations

import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from typing import Any

import pytest
from sqlalchemy import func, select

from service.models import Alert, BotUpdate, Channel, Response, ResponseStatus
from service.runtime import Runtime
from service.web import create_app
from tests.bots.conftest import form_of
from tests.factories import make_invitation
from tests.fakes.bot_api import DEFAULT_TOKEN, ThreadedFakeBotApi, post_webhook
from tests.support.deadlines import wait_for
from tests.support.form_cookies import form_cookie
from tests.support.processes import free_port, running
from tests.test_scale_out import post

pytestmark = pytest.mark.process

BOT_CHATS = 8
WEB_INVITATIONS = 12
SECRET = "scale-out-bot-test"
HOOK_SECRET = "scale-out-hook"
# What a child sends at each step, and the first words of the reply that shows it was handled.
STEPS = (
    ("/start {token}", "Question 1 of 6"),
    ("a:{form}:0:yes", "Question 2 of 6"),
    ("a:{form}:1:no", "Question 3 of 6"),
    ("a:{form}:2:happy", "Question 4 of 6"),
    ("Somewhere quieter for the meeting, please.", "Question 5 of 6"),
    ("a:{form}:4:no", "Question 6 of 6"),  # may we quote it: no
    ("a:{form}:5:{safe}", "Your answers have been sent"),
)
REPLIES = [
    "Hello!",
    "Question 1 of 6",
    "Question 2 of 6",
    "Question 3 of 6",
    "Question 4 of 6",
    "✓ Saved.",
    "Question 5 of 6",
    "Question 6 of 6",
]


def expected_replies(safe: bool) -> list[str]:
    """The first words of every message a child gets, in order, each once."""
    return [*REPLIES, *([] if safe else ["Thank you for telling us."]), STEPS[-1][1]]


def test_two_bot_workers_and_two_web_servers_store_everything_exactly_once(
    live_runtime: Runtime,
) -> None:
    pick = random.Random(8)
    with live_runtime.sessions.begin() as db:
        issued = [
            make_invitation(db, live_runtime.now(), child_ref=f"T{n}") for n in range(BOT_CHATS)
        ]
        tokens = [i.token for i in issued]
        bot_ids = [i.invitation.id for i in issued]
        web_ids = [
            make_invitation(db, live_runtime.now(), child_ref=f"W{n}").invitation.id
            for n in range(WEB_INVITATIONS)
        ]
    bot_safe = {30_000 + n: n % 3 != 1 for n in range(BOT_CHATS)}
    web_unsafe = set(pick.sample(web_ids, WEB_INVITATIONS // 4))
    app = create_app({"DATABASE_URL": live_runtime.settings.database_url, "SECRET_KEY": SECRET})
    web_jobs = []
    for invitation_id in web_ids:
        cookie, csrf = form_cookie(
            app,
            invitation_id=invitation_id,
            questionnaire="review_child",
            started=live_runtime.now(),
        )
        answer = "not_safe" if invitation_id in web_unsafe else "safe"
        body = {"csrf_token": csrf, "page": "review", "move": "next", "review_rating": "ok"}
        web_jobs.append((cookie, {**body, "feel_safe": answer}))
    app.extensions["carevoice"].dispose()

    env = {"DATABASE_URL": live_runtime.settings.database_url, "SECRET_KEY": SECRET}
    with ThreadedFakeBotApi() as api, ExitStack() as processes:
        bot_env = {
            **env,
            "TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN,
            "TELEGRAM_API_BASE_URL": api.base_url,
        }
        hooks = []
        for _ in range(2):
            port = free_port()
            hooks.append(f"http://127.0.0.1:{port}/telegram")
            args = ("bot", "--webhook", "--url", hooks[-1], "--port", str(port))
            processes.enter_context(running(*args, "--secret", HOOK_SECRET, env=bot_env))
        web_ports = [free_port(), free_port()]
        for port in web_ports:
            processes.enter_context(
                running(
                    "serve",
                    *("--port", str(port), "--workers", "2"),
                    env=env,
                    ready_url=f"http://127.0.0.1:{port}/healthz",
                )
            )
        wait_for(
            lambda: (
                {c.params.get("url") for c in api.calls if c.method == "setWebhook"} >= set(hooks)
            ),
            "both bot workers to register their webhook",
        )

        def child_in_telegram(chat_id: int, token: str, pool: ThreadPoolExecutor) -> None:
            message: dict[str, Any] = {}
            for n, (step, reply) in enumerate(STEPS):
                safe = "safe" if bot_safe[chat_id] else "not_safe"
                form = form_of(message) if step.startswith("a:") else 0
                text = step.format(token=token, safe=safe, form=form)
                update = (
                    api.make_callback_update(chat_id, text, message["message_id"])
                    if text.startswith("a:")
                    else api.make_message_update(chat_id, text)
                )
                targets = hooks if (chat_id + n) % 3 == 0 else [hooks[(chat_id + n) % 2]]
                posts = [pool.submit(post_webhook, url, update, HOOK_SECRET, 30) for url in targets]
                assert [p.result() for p in posts] == [200] * len(targets)

                def replied(prefix: str = reply) -> dict[str, Any] | None:
                    sent = api.sent_messages(chat_id)
                    return next((m for m in sent if m["text"].startswith(prefix)), None)

                shown = wait_for(replied, f"{reply!r} in chat {chat_id}")
                if shown.get("reply_markup"):  # the question's buttons, for the next press
                    message = shown

        statuses: Counter[int] = Counter()
        with ThreadPoolExecutor(max_workers=32) as pool, ThreadPoolExecutor(8) as posting:
            chats = [
                pool.submit(child_in_telegram, chat_id, token, posting)
                for chat_id, token in zip(bot_safe, tokens, strict=True)
            ]
            forms = [
                pool.submit(post, port, cookie, body)
                for cookie, body in web_jobs
                for port in web_ports * 2
            ]
            for form in forms:
                statuses[form.result()] += 1
            for chat in chats:
                chat.result()

        def all_handled() -> bool:
            with live_runtime.sessions() as db:
                waiting = BotUpdate.processed_at.is_(None)
                return not db.scalar(select(func.count()).select_from(BotUpdate).where(waiting))

        wait_for(all_handled, "every stored update to be marked done")
        sent = {chat_id: [m["text"] for m in api.sent_messages(chat_id)] for chat_id in bot_safe}

    assert statuses == Counter({303: WEB_INVITATIONS * 4})
    for chat_id, texts in sent.items():
        expected = expected_replies(bot_safe[chat_id])
        assert len(texts) == len(expected), (chat_id, texts)
        assert all(t.startswith(e) for t, e in zip(texts, expected, strict=True)), texts
    with live_runtime.sessions() as db:
        rows = db.execute(select(Response.invitation_id, Response.channel, Response.status)).all()
        assert len(rows) == BOT_CHATS + WEB_INVITATIONS
        assert len({invitation for invitation, _, _ in rows}) == len(rows)
        assert Counter(channel for _, channel, _ in rows) == Counter(
            {Channel.TELEGRAM: BOT_CHATS, Channel.WEB: WEB_INVITATIONS}
        )
        assert {status for _, _, status in rows} == {ResponseStatus.SUBMITTED}
        alerted = db.execute(
            select(Response.channel, Response.invitation_id).join(
                Alert, Alert.response_id == Response.id
            )
        ).all()
        assert sorted(i for c, i in alerted if c == Channel.WEB) == sorted(web_unsafe)
        unsafe_chats = [i for i, safe in zip(bot_ids, bot_safe.values(), strict=True) if not safe]
        assert sorted(i for c, i in alerted if c == Channel.TELEGRAM) == sorted(unsafe_chats)
        updates = db.scalars(select(BotUpdate)).all()
        assert len(updates) == BOT_CHATS * len(STEPS)
        workers = {(u.claimed_by or "").rsplit("/", 1)[0] for u in updates}
    assert len(workers) == 2  # both bot workers took part
