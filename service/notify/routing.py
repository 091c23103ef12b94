"""Turn an outbox row into a message for its channel, using the settings of the sending worker."""

from __future__ import annotations

from service.domain.alerts import SAFEGUARDING_INBOX, STAFF_CHAT, staff_path
from service.domain.reading import reading_path
from service.domain.views_arrived import review_of_notice, review_path
from service.models import OutboxMessage
from service.notify import DeliveryError, Outgoing, Sender
from service.notify.email import SmtpSender
from service.notify.telegram import DEFAULT_BASE_URL, TelegramSender
from service.settings import Settings


def resolve(message: OutboxMessage, settings: Settings) -> Outgoing:
    """Symbolic recipients become configured addresses; alert and reading messages get a link
    to sign in (the link only: never the words, never a name)."""
    to = message.recipient
    if to == SAFEGUARDING_INBOX:
        to = settings.safeguarding_email
    elif to == STAFF_CHAT:
        if settings.alert_staff_chat_id is None:
            raise DeliveryError("ALERT_STAFF_CHAT_ID is not set")
        to = str(settings.alert_staff_chat_id)
    body = message.body
    path = None
    if message.alert_id is not None:
        path = staff_path(message.alert_id)
    elif message.reading_item_id is not None:
        path = reading_path(message.reading_item_id)
    if path is not None:
        link = settings.public_base_url.rstrip("/") + path
        body = f"{body}\nOpen it (sign-in needed): {link}\n"
    review_id = review_of_notice(message)
    if review_id is not None:
        link = settings.public_base_url.rstrip("/") + review_path(review_id)
        body = f"{body}\nOpen it (sign-in needed): {link}\n"
    return Outgoing(
        channel=message.channel,
        to=to,
        subject=message.subject,
        body=body,
        message_id=f"<outbox-{message.id}.{message.idempotency_key.replace(':', '.')}@carevoice>",
    )


def build_senders(settings: Settings) -> dict[str, Sender]:
    """One sender per configured channel; a channel without config leaves its messages waiting."""
    senders: dict[str, Sender] = {}
    if settings.smtp_url:
        senders["email"] = SmtpSender(
            settings.smtp_url, settings.mail_from, verify_tls=settings.smtp_verify_tls
        )
    if settings.telegram_bot_token:
        senders["telegram"] = TelegramSender(
            settings.telegram_bot_token, settings.telegram_api_base_url or DEFAULT_BASE_URL
        )
    return senders
