"""No IP address, user agent or invitation token reaches a log line (werkzeug or gunicorn)."""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from service import migrate
from service.web.cli.serve import ACCESS_LOG_FORMAT
from service.web.logs import RedactTokens

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "Abc123SecretTokenValue"


def _record(msg: str, args: object) -> logging.LogRecord:
    return logging.LogRecord("werkzeug", logging.INFO, __file__, 1, msg, args, None)  # type: ignore[arg-type]


def test_werkzeug_request_lines_lose_the_address_and_token() -> None:
    record = _record(
        '203.0.113.9 - - [02/Nov/2026 09:30:00] "%s" %s %s\n',
        (f"GET /r/{TOKEN} HTTP/1.1", "303", "-"),
    )
    RedactTokens().filter(record)
    line = record.getMessage()
    assert "203.0.113.9" not in line and TOKEN not in line
    assert '"GET /r/[redacted] HTTP/1.1" 303' in line


def test_gunicorn_style_mapping_arguments_are_scrubbed() -> None:
    atoms = {
        "h": "203.0.113.9",
        "a": "Mozilla/5.0 (SecretPhone)",
        "r": f"GET /r/{TOKEN} HTTP/1.1",
        "s": "303",
    }
    record = _record('%(h)s "%(r)s" %(s)s "%(a)s"', atoms)
    RedactTokens().filter(record)
    line = record.getMessage()
    assert "203.0.113.9" not in line and "SecretPhone" not in line and TOKEN not in line


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_gunicorn_access_log_holds_no_address_user_agent_or_token(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'log.db'}"
    migrate.upgrade(url)
    port, log = _free_port(), tmp_path / "access.log"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--access-logformat",
            ACCESS_LOG_FORMAT,
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            str(log),
            "--workers",
            "1",
            "service.web.wsgi:app",
        ],
        cwd=ROOT,
        env={"DATABASE_URL": url, "SECRET_KEY": "x" * 40, "PATH": "/usr/bin:/bin"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/r/{TOKEN}",
            headers={"User-Agent": "SecretPhone/1.0", "Referer": "http://school.test/child-page"},
        )
        for _ in range(600):  # up to a minute on a busy machine
            try:
                urllib.request.urlopen(request, timeout=20)
                break
            except urllib.error.HTTPError:
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
    finally:
        server.terminate()
        server.wait(timeout=10)
    text = log.read_text()
    assert "/r/[redacted]" in text
    for secret in ("127.0.0.1", "SecretPhone", TOKEN, "school.test"):
        assert secret not in text, secret
