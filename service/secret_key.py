"""A SECRET_KEY for a local machine where none is set, so `carevoice demo` works with nothing
configured without ever signing cookies with a value published in the source code."""

from __future__ import annotations

import logging
import os
import secrets
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


def key_path() -> Path:
    """Beside the default SQLite database (./instance), which is also per machine."""
    return Path.cwd() / "instance" / "secret_key"


def generated_secret_key(path: Path | None = None) -> str:
    """The key kept at `path`, created readable by its owner only the first time.

    Every process on the machine (gunicorn workers, the bot, the CLI) reads the same key, and a
    restart keeps signed-in staff and children's half-filled forms. When several processes start
    at once, the first to link its file wins and the others read that one.
    """
    path = path or key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, draft = tempfile.mkstemp(dir=path.parent, prefix=".secret_key.")  # mode 0600
        try:
            with os.fdopen(fd, "w", encoding="ascii") as out:
                out.write(secrets.token_urlsafe(48) + "\n")
            os.link(draft, path)
            log.warning("SECRET_KEY is not set: generated one for this machine in %s", path)
        except FileExistsError:
            pass
        finally:
            os.unlink(draft)
    return path.read_text(encoding="ascii").strip()
