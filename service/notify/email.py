"""Email through the council's SMTP server (SMTP_URL: smtp://, smtp+starttls:// or smtps://)."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import unquote, urlsplit

from service.notify import DeliveryError, Outgoing

TIMEOUT_SECONDS = 20


@dataclass(frozen=True)
class SmtpSender:
    """Hands each message to the SMTP server; any refusal or network fault is a DeliveryError."""

    smtp_url: str
    mail_from: str

    def send(self, message: Outgoing) -> None:
        email = EmailMessage()
        email["From"] = self.mail_from
        email["To"] = message.to
        email["Subject"] = message.subject
        email["Date"] = formatdate(usegmt=True)
        email["Message-ID"] = message.message_id
        email.set_content(message.body)
        url = urlsplit(self.smtp_url)
        host = url.hostname or "localhost"
        try:
            if url.scheme == "smtps":
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    host, url.port or 465, timeout=TIMEOUT_SECONDS
                )
            else:
                client = smtplib.SMTP(host, url.port or 25, timeout=TIMEOUT_SECONDS)
            with client:
                if url.scheme == "smtp+starttls":
                    client.starttls()
                if url.username:
                    client.login(unquote(url.username), unquote(url.password or ""))
                client.send_message(email)
        except (TimeoutError, smtplib.SMTPException, OSError) as error:
            raise DeliveryError(f"SMTP {host}: {error.__class__.__name__}: {error}") from error
