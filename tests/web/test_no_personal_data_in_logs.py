"""No IP address, user agent or invitation token reaches a log line (werkzeug or gunicorn)."""

from __future__ import annotations

import contextlib
import logging
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from service import migrate
from service.web.cli.serve import ACCESS_LOG_FORMAT
from service.web.logs import RedactTokens
from tests.support.deadlines import READY
from tests.support.processes import free_port, python, stop, wait_for_http

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


@pytest.mark.process
@pytest.mark.slow
def test_gunicorn_access_log_holds_no_address_user_agent_or_token(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'log.db'}"
    migrate.upgrade(url)
    port, log = free_port(), tmp_path / "access.log"
    server = python(
        *("-m", "gunicorn", "--access-logformat", ACCESS_LOG_FORMAT),
        *("--bind", f"127.0.0.1:{port}", "--access-logfile", str(log), "--workers", "1"),
        "service.web.wsgi:app",
        env={"DATABASE_URL": url, "SECRET_KEY": "x" * 40, "PATH": "/usr/bin:/bin"},
        inherit_env=False,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/healthz")
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/r/{TOKEN}",
            headers={"User-Agent": "SecretPhone/1.0", "Referer": "http://school.test/child-page"},
        )
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(request, timeout=READY).close()
    finally:
        stop(server)
    text = log.read_text()
    assert "/r/[redacted]" in text
    for secret in ("127.0.0.1", "SecretPhone", TOKEN, "school.test"):
        assert secret not in text, secret
