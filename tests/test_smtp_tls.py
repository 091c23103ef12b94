"""Alert email over TLS verifies the server: an impostor gets neither the mail nor the password."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.notify import DeliveryError, Outgoing
from service.notify.email import SmtpSender
from service.notify.routing import build_senders
from service.settings import Settings
from tests.support.certificates import Certificates, make_certificates
from tests.support.smtp import LocalSmtp

MESSAGE = Outgoing(
    channel="email",
    to="lead@council.test",
    subject="Alert A000001",
    body="An alert needs you.",
    message_id="<outbox-1.test@carevoice>",
)


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return make_certificates(tmp_path_factory.mktemp("tls"))


@pytest.fixture(params=["starttls", "smtps"])
def implicit_tls(request: pytest.FixtureRequest) -> bool:
    return bool(request.param == "smtps")


@pytest.fixture
def impostor(certificates: Certificates, implicit_tls: bool) -> Iterator[LocalSmtp]:
    server = LocalSmtp(certificates.impostor, implicit_tls=implicit_tls).start()
    yield server
    server.stop()


@pytest.fixture
def genuine(
    certificates: Certificates, implicit_tls: bool, monkeypatch: pytest.MonkeyPatch
) -> Iterator[LocalSmtp]:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificates.ca))  # the council's own CA, trusted
    server = LocalSmtp(certificates.genuine, implicit_tls=implicit_tls).start()
    yield server
    server.stop()


def test_a_server_with_someone_elses_certificate_gets_no_mail_and_no_password(
    impostor: LocalSmtp,
) -> None:
    with pytest.raises(DeliveryError, match="CERTIFICATE_VERIFY_FAILED"):
        SmtpSender(impostor.url, "carevoice@council.test").send(MESSAGE)
    assert impostor.messages == [] and impostor.logins == []


def test_a_trusted_server_gets_the_mail(genuine: LocalSmtp) -> None:
    SmtpSender(genuine.url, "carevoice@council.test").send(MESSAGE)
    assert [str(m["Subject"]) for m in genuine.messages] == ["Alert A000001"]
    assert genuine.logins == [(b"alerts", b"mail-password")]


def test_verification_can_be_switched_off_for_a_private_relay_and_says_so_loudly(
    impostor: LocalSmtp, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings.from_env({"SMTP_URL": impostor.url, "SMTP_VERIFY_TLS": "false"})
    with caplog.at_level(logging.WARNING):
        sender = build_senders(settings)["email"]
    assert any("NOT verified" in r.getMessage() for r in caplog.records)
    sender.send(MESSAGE)
    assert len(impostor.messages) == 1


@pytest.mark.parametrize("url", ["smtp+tls://mail.test:587", "smtps+starttls://mail.test"])
def test_an_unknown_scheme_is_refused_rather_than_sent_in_clear(url: str) -> None:
    with pytest.raises(DeliveryError, match="scheme"):
        SmtpSender(url, "carevoice@council.test").send(MESSAGE)


def test_settings_read_yes_and_no(tmp_path: Path) -> None:
    assert Settings.from_env({"SMTP_VERIFY_TLS": "No"}).smtp_verify_tls is False
    assert Settings.from_env({}).smtp_verify_tls is True
    with pytest.raises(ValueError, match="SMTP_VERIFY_TLS"):
        Settings.from_env({"SMTP_VERIFY_TLS": "perhaps"})
