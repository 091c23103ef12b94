"""Sending staff notifications (email, Telegram): the only code here that talks to the outside."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class DeliveryError(Exception):
    """The message could not be handed over now; the outbox will try again."""


@dataclass(frozen=True)
class Outgoing:
    """One message, ready for a channel: addresses resolved, link added."""

    channel: str
    to: str
    subject: str
    body: str
    message_id: str  # stable per outbox row, so a receiving system can spot a repeat


class Sender(Protocol):
    def send(self, message: Outgoing) -> None:
        """Deliver or raise DeliveryError."""
