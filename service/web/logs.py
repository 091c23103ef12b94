"""Keep invitation tokens out of logs: a token in a log file is a working link to a child's form."""

from __future__ import annotations

import logging
import re

_TOKEN_PATH = re.compile(r"/r/[^\s\"?]*")


class RedactTokens(logging.Filter):
    """Rewrite /r/<token> to /r/[redacted] in every record that passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = tuple(
                _TOKEN_PATH.sub("/r/[redacted]", a) if isinstance(a, str) else a
                for a in (record.args if isinstance(record.args, tuple) else (record.args,))
            )
        if isinstance(record.msg, str):
            record.msg = _TOKEN_PATH.sub("/r/[redacted]", record.msg)
        return True


def install_token_redaction() -> None:
    """Attach the filter to the loggers that record request lines (werkzeug, gunicorn)."""
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
