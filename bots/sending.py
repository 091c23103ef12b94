"""Sending to Telegram with retries: python-telegram-bot does not retry 429 or 5xx by itself."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import warnings
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bots.keyboards import Keyboard
from bots.throttles import SendThrottle
from bots.turns import Outgoing

log = logging.getLogger(__name__)

T = TypeVar("T")
ATTEMPTS = 6
MAX_WAIT = 60.0  # seconds; a longer retry_after is waited in pieces by the caller's next try


class ChatBlocked(Exception):
    """The person blocked the bot (403): stop sending to them."""


class NotDelivered(Exception):
    """Telegram kept failing; the update stays in the inbox and is tried again later."""


def markup(buttons: Keyboard) -> InlineKeyboardMarkup | None:
    """Telegram's inline keyboard for our buttons."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in buttons]
    )


def _seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that retry_after will become a timedelta
        warnings.simplefilter("ignore")
        wait = exc.retry_after
    return wait.total_seconds() if isinstance(wait, dt.timedelta) else float(wait)


async def with_retry(
    call: Callable[[], Awaitable[T]],
    *,
    attempts: int = ATTEMPTS,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> T:
    """Run a Bot API call, waiting out 429 (retry_after) and backing off on 5xx and network errors."""
    for attempt in range(attempts):
        try:
            return await call()
        except RetryAfter as exc:
            await sleep(min(_seconds(exc), MAX_WAIT))
        except Forbidden as exc:
            raise ChatBlocked(str(exc)) from exc
        except BadRequest:  # a NetworkError subclass, but retrying cannot help
            raise
        except NetworkError as exc:  # 5xx answers, timeouts, refused connections
            log.warning("Bot API call failed (%s); retrying", exc.__class__.__name__)
            await sleep(min(0.05 * 2**attempt, 5.0))
    raise NotDelivered(f"gave up after {attempts} attempts")


async def deliver(
    bot: Bot,
    chat_id: int,
    message: Outgoing,
    *,
    throttle: SendThrottle | None = None,
    per_chat: bool = False,
) -> None:
    """Send one message, or rewrite an earlier one; an edit that cannot be made is skipped."""
    if throttle is not None:
        await throttle.wait(chat_id if per_chat else None)
    reply_markup = markup(message.buttons)
    if message.edit_message_id is not None:
        message_id = message.edit_message_id
        try:
            await with_retry(
                lambda: bot.edit_message_text(
                    message.text, chat_id=chat_id, message_id=message_id, reply_markup=reply_markup
                )
            )
        except BadRequest as exc:  # "message is not modified" or too old to edit: nothing lost
            log.info("edit skipped: %s", exc.message)
        return
    await with_retry(lambda: bot.send_message(chat_id, message.text, reply_markup=reply_markup))
