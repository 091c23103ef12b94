"""Worries kept on disk while the database cannot be reached, so a child who said they are not
safe is never told "not sent" and forgotten: the web keeps the page here (written whole and
synced before the child is told it was kept), and `carevoice worker` stores each one, with its
alert, once the database answers again.

Each worry is one file, readable by this service's user only, deleted once stored: it holds a
child's words, so it is kept no longer than the outage.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeptWorry:
    """A page that said something worrying and could not be stored."""

    at: datetime
    questionnaire_key: str
    language: str
    channel: str
    raw: Mapping[str, Sequence[str]]
    invitation_id: int | None = None
    campaign_id: int | None = None
    submission_key: str | None = None


def keep(directory: str | Path, worry: KeptWorry) -> bool:
    """Write `worry` durably; False (and nothing half-written) if the disk would not take it."""
    folder = Path(directory)
    record = {**asdict(worry), "at": worry.at.isoformat()}
    final = folder / f"{worry.at:%Y%m%dT%H%M%S}-{uuid.uuid4().hex}.json"
    partial = final.with_suffix(".partial")
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(record, fh)
            fh.flush()
            os.fsync(fh.fileno())
        partial.replace(final)
        _sync_folder(folder)
    except OSError:
        log.exception("a worry could not be kept on disk")
        partial.unlink(missing_ok=True)
        return False
    return True


def drain(directory: str | Path, store: Callable[[KeptWorry], None]) -> int:
    """Hand each kept worry, oldest first, to `store` (which commits it) and then delete it; stop
    at the first that cannot be stored (the database is still down) and leave it for next time."""
    folder = Path(directory)
    if not folder.is_dir():
        return 0
    stored = 0
    for path in sorted(folder.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        record["at"] = datetime.fromisoformat(record["at"])
        store(KeptWorry(**record))
        path.unlink()
        stored += 1
    return stored


def _sync_folder(folder: Path) -> None:
    """Make the new file's name durable too (POSIX: fsync the directory)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
