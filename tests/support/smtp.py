"""A real local SMTP server (aiosmtpd) that tests can start late, stop, and make stall; with a
TLS context it speaks STARTTLS (or TLS from the first byte) and records who logged in."""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from tests.support.deadlines import READY


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class _Handler:
    def __init__(self, server: LocalSmtp) -> None:
        self.server = server

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        if self.server.stall_next:
            # Hold the client mid-send; the message is refused, so it never counts as delivered.
            self.server.stall_next = False
            self.server.stalled.set()
            self.server.release.wait(READY)
            return "451 try again later"
        with self.server.lock:
            self.server.messages.append(message_from_bytes(envelope.content))
            self.server.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"


class LocalSmtp:
    """`url` is fixed before the server starts, so a worker can be pointed at a server that is down."""

    def __init__(self, tls: ssl.SSLContext | None = None, *, implicit_tls: bool = False) -> None:
        self.port = free_port()
        self.tls = tls
        self.implicit_tls = implicit_tls
        self.messages: list[Message] = []
        self.recipients: list[list[str]] = []
        self.logins: list[tuple[bytes, bytes]] = []
        self.lock = threading.Lock()
        self.stall_next = False
        self.stalled = threading.Event()
        self.release = threading.Event()
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        if self.tls is None:
            return f"smtp://127.0.0.1:{self.port}"
        scheme = "smtps" if self.implicit_tls else "smtp+starttls"
        return f"{scheme}://alerts:mail-password@127.0.0.1:{self.port}"

    def start(self) -> LocalSmtp:
        options: dict[str, Any] = {}
        if self.tls is not None:
            # aiosmtpd counts only STARTTLS as TLS for AUTH; from the first byte it is TLS anyway.
            options = {"authenticator": self._login, "auth_require_tls": not self.implicit_tls}
            if self.implicit_tls:
                options["ssl_context"] = self.tls
            else:
                options.update(tls_context=self.tls, require_starttls=True)
        self._controller = Controller(
            _Handler(self), hostname="127.0.0.1", port=self.port, **options
        )
        self._controller.start()
        return self

    def _login(
        self, _server: Any, _session: Any, _envelope: Any, _mechanism: str, data: Any
    ) -> Any:
        with self.lock:
            self.logins.append((data.login, data.password))
        return AuthResult(success=True)

    def stop(self) -> None:
        self.release.set()
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def subjects(self) -> list[str]:
        with self.lock:
            return [str(m["Subject"]) for m in self.messages]


@pytest.fixture(name="smtp")
def smtp_server() -> Iterator[LocalSmtp]:
    """A local SMTP server, not yet started (each test decides when the mail server is up)."""
    server = LocalSmtp()
    yield server
    server.stop()
