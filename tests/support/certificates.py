"""Throwaway TLS certificates made with the openssl command: a test CA with a certificate for
127.0.0.1, and a self-signed certificate for another host (what an impostor would present)."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class Certificates:
    ca: Path  # trust this (SSL_CERT_FILE) and `genuine` verifies
    genuine: ssl.SSLContext  # server side: 127.0.0.1, signed by `ca`
    impostor: ssl.SSLContext  # server side: self-signed, for evil.test


def _openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def _server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def make_certificates(folder: Path) -> Certificates:
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make test certificates")
    key = ("-newkey", "rsa:2048", "-nodes", "-days", "30")
    ca, ca_key = folder / "ca.pem", folder / "ca.key"
    _openssl(
        "req", "-x509", *key, "-keyout", str(ca_key), "-out", str(ca), "-subj", "/CN=Test CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    )  # fmt: skip
    host, host_key, request = folder / "host.pem", folder / "host.key", folder / "host.csr"
    _openssl("req", *key, "-keyout", str(host_key), "-out", str(request), "-subj", "/CN=127.0.0.1")
    extensions = folder / "host.ext"
    extensions.write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    _openssl(
        "x509", "-req", "-in", str(request), "-CA", str(ca), "-CAkey", str(ca_key),
        "-CAcreateserial", "-out", str(host), "-days", "30", "-extfile", str(extensions),
    )  # fmt: skip
    evil, evil_key = folder / "evil.pem", folder / "evil.key"
    _openssl(
        "req", "-x509", *key, "-keyout", str(evil_key), "-out", str(evil), "-subj", "/CN=evil.test",
        "-addext", "subjectAltName=DNS:evil.test",
    )  # fmt: skip
    return Certificates(ca, _server_context(host, host_key), _server_context(evil, evil_key))
