"""Keep tokens, IP addresses and user agents out of logs.

A token in a log file is a working link to a child's form; an IP address or user agent says
where a child was and on what phone, which this service has no need to know (issue 4).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

# A token path as the router sees it: decoded, so "/%72/<token>" and "/r%2F<token>" count too.
_TOKEN_PATH = re.compile(r"/r/+[^/\s]")
# One whitespace- or quote-delimited run of a log line: a request target, a URL.
_RUN = re.compile(r"[^\s\"]+")
# Decoding this often undoes any stack of percent-encodings a server or proxy would undo.
_DECODE_ROUNDS = 3
REDACTED = "/r/[redacted]"
# Werkzeug's request line starts with the client address: "127.0.0.1 - - [date] ...".
_LEADING_ADDRESS = re.compile(r"^\S+ - - \[")
# gunicorn access-log atoms that identify a person: remote address, user agent, referrer.
_PERSONAL_ATOMS = ("h", "a", "f", "{x-forwarded-for}i", "{user-agent}i", "{referer}i")


def _decoded(text: str) -> str:
    for _ in range(_DECODE_ROUNDS):
        text, before = unquote(text), text
        if text == before:
            break
    return text


def _redact_run(match: re.Match[str]) -> str:
    """The whole run goes when its decoded form holds a token path; it is never logged decoded,
    since decoding could put line breaks into the log."""
    return REDACTED if _TOKEN_PATH.search(_decoded(match.group(0))) else match.group(0)


def _scrub(value: Any) -> Any:
    return _RUN.sub(_redact_run, value) if isinstance(value, str) else value


class RedactTokens(logging.Filter):
    """Rewrite /r/<token> to /r/[redacted], and drop client addresses, in every record that passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = _LEADING_ADDRESS.sub("- - - [", _scrub(record.msg))
        args = record.args
        if isinstance(args, Mapping):
            record.args = {k: ("-" if k in _PERSONAL_ATOMS else _scrub(v)) for k, v in args.items()}
        elif isinstance(args, tuple):
            record.args = tuple(_scrub(a) for a in args)
        return True


def install_token_redaction() -> None:
    """Attach the filter to the loggers that record request lines (werkzeug, gunicorn)."""
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error", "flask-limiter"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
