"""Keep invitation tokens out of logs: a token in a log file is a working link to a child's form."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

_TOKEN_PATH = re.compile(r"/r/[^\s\"?]*")
REDACTED = "/r/[redacted]"


def _redact(value: Any) -> Any:
    return _TOKEN_PATH.sub(REDACTED, value) if isinstance(value, str) else value


class RedactTokens(logging.Filter):
    """Rewrite /r/<token> to /r/[redacted] in every record that passes (werkzeug passes a tuple
    of arguments, gunicorn's access log a mapping of atoms)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, Mapping):
            record.args = {key: _redact(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_redact(arg) for arg in record.args)
        record.msg = _redact(record.msg)
        return True


def install_token_redaction() -> None:
    """Attach the filter to the loggers that record request lines (werkzeug, gunicorn)."""
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
