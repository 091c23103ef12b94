"""What the bot's libraries may write to the logs: never an update's content (a child's words,
a link's token) or the bot token, at any level.

python-telegram-bot logs whole updates and request parameters at DEBUG, and the raw data of an
update it cannot parse at CRITICAL; httpx logs every request URL, which holds the bot token, at
INFO. Records from python-telegram-bot keep their message and lose their arguments; httpx's
request lines are not written at all.
"""

from __future__ import annotations

import logging
from typing import Any

_REDACTED = "[not logged]"
_installed = False


def keep_updates_out_of_logs() -> None:
    """Install the rule for every logger in this process (idempotent)."""
    global _installed
    if _installed:
        return
    make_record = logging.getLogRecordFactory()

    def record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        made = make_record(*args, **kwargs)
        if made.name.startswith("telegram") and made.args:
            arguments = made.args if isinstance(made.args, tuple) else (made.args,)
            made.args = tuple(_REDACTED for _ in arguments)
        return made

    logging.setLogRecordFactory(record)
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    _installed = True
