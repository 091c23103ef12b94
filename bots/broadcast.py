"""Children in Care Council broadcasts ("you said, we did" and polls) to chats that opted in,
within Telegram's rate limits, and never again to anyone who blocked the bot."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from telegram import Bot

from bots import texts
from bots.keyboards import Button
from bots.sending import ChatBlocked, NotDelivered, deliver
from bots.texts import t
from bots.throttles import SendThrottle
from bots.turns import Outgoing
from service.domain import chats
from service.runtime import Runtime


@dataclass
class BroadcastResult:
    """How a broadcast went; figures only, no chat ids."""

    sent: int = 0
    blocked: int = 0
    failed: int = 0


def you_said_we_did(
    you_said: str, we_did: str, translated: Mapping[str, tuple[str, str]] | None = None
) -> Callable[[str], Outgoing]:
    """A "you said, we did" message in each chat's language: its headings always, its words
    where staff wrote them in that language (`translated`), else in English."""

    def render(language: str) -> Outgoing:
        said, did = (translated or {}).get(language, (you_said, we_did))
        body = f"{t(texts.YOU_SAID, language)} {said}\n\n{t(texts.WE_DID, language)} {did}"
        return Outgoing(body + "\n\n" + t(texts.BROADCAST_FOOTER, language))

    return render


def plain(text: str) -> Callable[[str], Outgoing]:
    """A message staff wrote, with the footer that says how to stop them."""
    return lambda language: Outgoing(text + "\n\n" + t(texts.BROADCAST_FOOTER, language))


def poll(title: str, campaign_code: str) -> Callable[[str], Outgoing]:
    """A poll: its title and a button that starts the campaign's questionnaire in the chat."""

    def render(language: str) -> Outgoing:
        button = Button(t(texts.ANSWER_POLL, language), f"c:{campaign_code}")
        body = title + "\n\n" + t(texts.BROADCAST_FOOTER, language)
        return Outgoing(body, ((button,),))

    return render


async def broadcast(
    bot: Bot,
    runtime: Runtime,
    render: Callable[[str], Outgoing],
    *,
    throttle: SendThrottle | None = None,
) -> BroadcastResult:
    """Send one message to every chat that opted in; a 403 marks the chat blocked."""
    throttle = throttle or SendThrottle()
    recipients = await asyncio.to_thread(_recipients, runtime)
    result = BroadcastResult()
    for chat_id, language in recipients:
        try:
            await deliver(bot, chat_id, render(language), throttle=throttle, per_chat=True)
            result.sent += 1
        except ChatBlocked:
            await asyncio.to_thread(_mark_blocked, runtime, chat_id)
            result.blocked += 1
        except NotDelivered:
            result.failed += 1
    return result


def _recipients(runtime: Runtime) -> list[tuple[int, str]]:
    with runtime.sessions() as db:
        return chats.broadcast_recipients(db)


def _mark_blocked(runtime: Runtime, chat_id: int) -> None:
    with runtime.sessions.begin() as db:
        chats.mark_blocked(db, chat_id, True, runtime.now())
