"""A staff Telegram chat, through the Bot API (TELEGRAM_API_BASE_URL for a self-hosted server)."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from service.notify import DeliveryError, Outgoing

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
TIMEOUT_SECONDS = 20


@dataclass(frozen=True)
class TelegramSender:
    """Posts sendMessage; the base URL follows python-telegram-bot's form (…/bot, token appended)."""

    token: str
    base_url: str = DEFAULT_BASE_URL

    def send(self, message: Outgoing) -> None:
        url = f"{self.base_url}{self.token}/sendMessage"
        payload = {
            # Numeric ids go as numbers; "@channel" names as text.
            "chat_id": int(message.to) if message.to.lstrip("-").isdigit() else message.to,
            "text": f"{message.subject}\n\n{message.body}",
            "link_preview_options": {"is_disabled": True},
        }
        try:
            reply = httpx.post(url, json=payload, timeout=TIMEOUT_SECONDS)
        except httpx.HTTPError as error:
            # The token is part of the URL: never put the URL into a stored error.
            raise DeliveryError(f"Telegram: {error.__class__.__name__}") from error
        if reply.status_code != 200:
            raise DeliveryError(f"Telegram: HTTP {reply.status_code} {reply.text[:200]}")
