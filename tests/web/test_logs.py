"""Request logs never contain a working invitation link."""

from __future__ import annotations

import logging

from service.web.logs import RedactTokens


def record(msg: str, args: object) -> logging.LogRecord:
    return logging.LogRecord("werkzeug", logging.INFO, __file__, 1, msg, args, None)  # type: ignore[arg-type]


def test_werkzeug_request_line_is_redacted() -> None:
    rec = record('"%s" %s %s', ("GET /r/AbCdEfGhIjKlMnOpQrStUv HTTP/1.1", "303", "-"))
    RedactTokens().filter(rec)
    assert rec.getMessage() == '"GET /r/[redacted] HTTP/1.1" 303 -'


def test_gunicorn_access_atoms_are_redacted() -> None:
    rec = record('"%(r)s" %(s)s', {"r": "GET /r/AbCdEfGhIjKlMnOpQrStUv HTTP/1.1", "s": "303"})
    RedactTokens().filter(rec)
    assert rec.getMessage() == '"GET /r/[redacted] HTTP/1.1" 303'


def test_other_paths_are_left_alone() -> None:
    rec = record('"%s"', ("GET /form HTTP/1.1",))
    RedactTokens().filter(rec)
    assert rec.getMessage() == '"GET /form HTTP/1.1"'
