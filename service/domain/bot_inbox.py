"""The bot's update inbox: every Telegram update is stored before it is handled and marked done
after, so any bot worker can take any update, a crash loses nothing, and each update is handled
once, in order per chat.

Only what the bot uses is kept (see `minimal_update`): never a Telegram username or name, and
a handled update's content is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, ColumnElement, bindparam, or_, select, update
from sqlalchemy.orm import Session, aliased

from service.domain.upsert import upsert_insert
from service.models import BotUpdate

# After this many failed attempts an update is set aside, so one bad update cannot block its chat.
# Attempts that failed only because Telegram or the database was unreachable do not count.
MAX_ATTEMPTS = 5


def minimal_update(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The parts of a Telegram update the bot uses; names, usernames and everything else dropped."""
    kept: dict[str, Any] = {"update_id": int(raw["update_id"])}
    message = raw.get("message")
    if isinstance(message, Mapping):
        kept["message"] = _minimal_message(message)
    query = raw.get("callback_query")
    if isinstance(query, Mapping):
        kept["callback_query"] = {
            "id": str(query.get("id", "")),
            "from": _minimal_user(query.get("from")),
            "chat_instance": str(query.get("chat_instance", "")),
            "data": str(query.get("data", ""))[:64],
        }
        if isinstance(query.get("message"), Mapping):
            inner = query["message"]
            kept["callback_query"]["message"] = {
                "message_id": int(inner.get("message_id", 0)),
                "date": int(inner.get("date", 0)),
                "chat": _minimal_chat(inner.get("chat")),
            }
    member = raw.get("my_chat_member")
    if isinstance(member, Mapping):
        kept["my_chat_member"] = {
            "chat": _minimal_chat(member.get("chat")),
            "from": _minimal_user(member.get("from")),
            "date": int(member.get("date", 0)),
            "old_chat_member": _minimal_member(member.get("old_chat_member")),
            "new_chat_member": _minimal_member(member.get("new_chat_member")),
        }
    return kept


def _minimal_user(user: Any) -> dict[str, Any]:
    user = user if isinstance(user, Mapping) else {}
    kept: dict[str, Any] = {
        "id": int(user.get("id", 0)),
        "is_bot": bool(user.get("is_bot", False)),
        "first_name": "",  # required by the Bot API's User; the real name is never kept
    }
    if isinstance(user.get("language_code"), str):
        kept["language_code"] = user["language_code"][:16]
    return kept


def _minimal_chat(chat: Any) -> dict[str, Any]:
    chat = chat if isinstance(chat, Mapping) else {}
    return {"id": int(chat.get("id", 0)), "type": str(chat.get("type", "private"))}


# What a message that is not text is kept as: only its kind, with empty file ids, so the bot
# can answer it kindly but nothing here can ever fetch the voice note or photo itself.
_NO_FILE = {"file_id": "", "file_unique_id": ""}
UNREADABLE: dict[str, Any] = {
    "voice": {**_NO_FILE, "duration": 0},
    "audio": {**_NO_FILE, "duration": 0},
    "video_note": {**_NO_FILE, "length": 0, "duration": 0},
    "video": {**_NO_FILE, "width": 0, "height": 0, "duration": 0},
    "photo": [{**_NO_FILE, "width": 0, "height": 0}],
    "document": dict(_NO_FILE),
    "sticker": {
        **_NO_FILE,
        "type": "regular",
        "width": 0,
        "height": 0,
        "is_animated": False,
        "is_video": False,
    },
}


def _minimal_message(message: Mapping[str, Any]) -> dict[str, Any]:
    kept: dict[str, Any] = {
        "message_id": int(message.get("message_id", 0)),
        "date": int(message.get("date", 0)),
        "chat": _minimal_chat(message.get("chat")),
    }
    for kind, marker in UNREADABLE.items():
        if message.get(kind):
            kept[kind] = marker
            if isinstance(message.get("caption"), str):
                kept["caption"] = message["caption"]
            break
    if "from" in message:
        kept["from"] = _minimal_user(message.get("from"))
    if isinstance(message.get("text"), str):
        kept["text"] = message["text"]
        entities = message.get("entities")
        if isinstance(entities, list):
            kept["entities"] = [
                {"type": e["type"], "offset": e["offset"], "length": e["length"]}
                for e in entities
                if isinstance(e, Mapping) and e.get("type") == "bot_command"
            ]
    return kept


def _minimal_member(member: Any) -> dict[str, Any]:
    member = member if isinstance(member, Mapping) else {}
    kept: dict[str, Any] = {
        "status": str(member.get("status", "member")),
        "user": _minimal_user(member.get("user")),
    }
    if kept["status"] == "kicked":
        kept["until_date"] = int(member.get("until_date", 0))
    return kept


def update_chat(payload: Mapping[str, Any]) -> int | None:
    """The chat an update belongs to (None for an update about no chat)."""
    for key in ("message", "my_chat_member"):
        part = payload.get(key)
        if isinstance(part, Mapping):
            return int(part["chat"]["id"])
    query = payload.get("callback_query")
    if isinstance(query, Mapping):
        if isinstance(query.get("message"), Mapping):
            return int(query["message"]["chat"]["id"])
        return int(query["from"]["id"])  # a private chat's id is the person's id
    return None


def store_updates(session: Session, raws: Iterable[Mapping[str, Any]], now: datetime) -> int:
    """Put updates in the inbox before anything else happens; how many were new (an update
    already there, stored by this or another worker, is left as it is)."""
    rows: dict[int, dict[str, Any]] = {}
    for raw in raws:
        payload = minimal_update(raw)
        rows[payload["update_id"]] = {
            "update_id": payload["update_id"],
            "payload": payload,
            "received_at": now,
            "chat_id": update_chat(payload),
            "attempts": 0,
            "transient_failures": 0,
        }
    if not rows:
        return 0
    stored = session.execute(
        upsert_insert(session, BotUpdate)
        .values(list(rows.values()))
        .on_conflict_do_nothing(index_elements=["update_id"])
        .returning(BotUpdate.update_id)
    )
    return len(stored.all())


def store_update(session: Session, raw: Mapping[str, Any], now: datetime) -> bool:
    """Store one update; False if it was already there."""
    return store_updates(session, [raw], now) == 1


@dataclass(frozen=True)
class PendingUpdate:
    """An update a worker has claimed, with how often handling it was tried."""

    update_id: int
    payload: dict[str, Any]
    attempts: int
    transient_failures: int = 0

    @property
    def failures_counted(self) -> int:
        """Attempts that count towards setting the update aside, this one included."""
        return self.attempts - self.transient_failures


def _lease_free(now: datetime) -> ColumnElement[bool]:
    return or_(BotUpdate.claimed_until.is_(None), BotUpdate.claimed_until <= now)


def claim_updates(
    session: Session, worker: str, now: datetime, *, lease: timedelta, limit: int
) -> list[PendingUpdate]:
    """Lease up to `limit` waiting updates to `worker`, oldest first, at most one per chat: the
    oldest waiting update of its chat, so a chat's updates are handled in order, one at a time.

    PostgreSQL skips rows another worker is claiming (FOR UPDATE SKIP LOCKED); SQLite has one
    writer at a time, and the UPDATE checks the lease again in any case.
    """
    earlier = aliased(BotUpdate)
    waits_behind = (
        select(earlier.update_id)
        .where(
            earlier.chat_id == BotUpdate.chat_id,
            earlier.processed_at.is_(None),
            earlier.update_id < BotUpdate.update_id,
        )
        .exists()
    )
    ids = session.scalars(
        select(BotUpdate.update_id)
        .where(BotUpdate.processed_at.is_(None), _lease_free(now), ~waits_behind)
        .order_by(BotUpdate.update_id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    if not ids:
        return []
    claimed = session.execute(
        update(BotUpdate)
        .where(BotUpdate.update_id.in_(ids), BotUpdate.processed_at.is_(None), _lease_free(now))
        .values(claimed_by=worker, claimed_until=now + lease, attempts=BotUpdate.attempts + 1)
        .returning(
            BotUpdate.update_id,
            BotUpdate.payload,
            BotUpdate.attempts,
            BotUpdate.transient_failures,
        )
        .execution_options(synchronize_session=False)
    ).all()
    found = [PendingUpdate(int(u), dict(p), int(a), int(t)) for u, p, a, t in claimed]
    return sorted(found, key=lambda item: item.update_id)


def renew_leases(session: Session, worker: str, update_ids: Iterable[int], until: datetime) -> int:
    """Keep the updates `worker` is still working on; how many it still holds."""
    ids = list(update_ids)
    if not ids:
        return 0
    renewed = session.execute(
        update(BotUpdate)
        .where(
            BotUpdate.update_id.in_(ids),
            BotUpdate.claimed_by == worker,
            BotUpdate.processed_at.is_(None),
        )
        .values(claimed_until=until)
        .execution_options(synchronize_session=False)
    )
    return int(renewed.rowcount)  # type: ignore[attr-defined]


def try_again(
    session: Session,
    worker: str,
    update_id: int,
    now: datetime,
    *,
    lease: timedelta,
    transient: bool,
) -> bool:
    """Count one more attempt at an update `worker` holds (the last one failed, and
    `transient` says if only because Telegram or the database could not be reached);
    False if the lease was lost to another worker meanwhile."""
    tried = session.execute(
        update(BotUpdate)
        .where(
            BotUpdate.update_id == update_id,
            BotUpdate.claimed_by == worker,
            BotUpdate.processed_at.is_(None),
        )
        .values(
            attempts=BotUpdate.attempts + 1,
            transient_failures=BotUpdate.transient_failures + int(transient),
            claimed_until=now + lease,
        )
        .execution_options(synchronize_session=False)
    )
    return bool(tried.rowcount == 1)  # type: ignore[attr-defined]


def mark_updates_done(
    session: Session, worker: str, update_ids: Iterable[int], now: datetime
) -> None:
    """Mark updates handled (or set aside) and drop their content: what a child typed is kept
    only in answers. Updates whose lease `worker` lost are left to the worker that took them."""
    rows = [{"done_id": u, "emptied": {"update_id": u}} for u in update_ids]
    if not rows:
        return
    # Executed on the connection, as one statement with many parameter sets.
    session.connection().execute(
        update(BotUpdate)
        .where(
            BotUpdate.update_id == bindparam("done_id"),
            BotUpdate.claimed_by == worker,
            BotUpdate.processed_at.is_(None),
        )
        .values(processed_at=now, claimed_until=None, payload=bindparam("emptied", type_=JSON)),
        rows,
    )


def release_leases(session: Session, holders: str | None = None) -> int:
    """Free the leases of workers known to be gone: those whose name starts with `holders`, or
    every lease (a polling bot is the only process of its bot token). How many were freed."""
    condition: ColumnElement[bool] = BotUpdate.claimed_by.is_not(None)
    if holders is not None:
        condition = BotUpdate.claimed_by.startswith(holders, autoescape=True)
    released = session.execute(
        update(BotUpdate)
        .where(BotUpdate.processed_at.is_(None), condition)
        .values(claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    return int(released.rowcount)  # type: ignore[attr-defined]
