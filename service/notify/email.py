"""Email through the council's SMTP server (SMTP_URL: smtp://, smtp+starttls:// or smtps://).

TLS always verifies the server's certificate against the system's trusted CAs (SSL_CERT_FILE
adds a council's own CA): otherwise anyone on the network path could present a certificate of
their own and receive every alert email and the SMTP password.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import unquote, urlsplit

from service.notify import DeliveryError, Outgoing

TIMEOUT_SECONDS = 20
# Each scheme and its default port; anything else is refused, never sent without TLS.
SCHEMES = {"smtp": 25, "smtp+starttls": 25, "smtps": 465}

log = logging.getLogger(__name__)


def tls_context(*, verify: bool) -> ssl.SSLContext:
    """The system's default, verifying context; unverified only when an operator said so."""
    context = ssl.create_default_context()
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


@dataclass(frozen=True)
class SmtpSender:
    """Hands each message to the SMTP server; any refusal or network fault is a DeliveryError."""

    smtp_url: str
    mail_from: str
    verify_tls: bool = True

    def __post_init__(self) -> None:
        if not self.verify_tls:
            log.warning(
                "SMTP_VERIFY_TLS is off: the certificate of %s is NOT verified, so anyone on the "
                "network path can read alert emails and the SMTP password",
                urlsplit(self.smtp_url).hostname,
            )

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
        if url.scheme not in SCHEMES:
            raise DeliveryError(
                f"SMTP_URL scheme {url.scheme!r} is not one of {', '.join(SCHEMES)}"
            )
        port = url.port or SCHEMES[url.scheme]
        try:
            if url.scheme == "smtps":
                context = tls_context(verify=self.verify_tls)
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    host, port, timeout=TIMEOUT_SECONDS, context=context
                )
            else:
                client = smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS)
            with client:
                if url.scheme == "smtp+starttls":
                    client.starttls(context=tls_context(verify=self.verify_tls))
                if url.username:
                    client.login(unquote(url.username), unquote(url.password or ""))
                client.send_message(email)
        except (TimeoutError, smtplib.SMTPException, OSError) as error:
            raise DeliveryError(f"SMTP {host}: {error.__class__.__name__}: {error}") from error
