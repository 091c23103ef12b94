"""Telegram chats and the update inbox: conversation state in the database, so any bot worker
can take any update, a restart resumes where a child got to, and each update is handled once.

Only what the bot needs is kept: the chat id, language, what the chat is answering, where it
got to and its opt-ins. Never a Telegram username or name (see `minimal_update`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, ColumnElement, bindparam, delete, or_, select, update
from sqlalchemy.orm import Session, aliased, object_session

from service.domain.upsert import upsert_insert
from service.models import BotChat, BotUpdate, Campaign, Invitation, Response

# Updates already applied to a chat, remembered so a re-delivered update changes nothing twice.
APPLIED_MEMORY = 30
# After this many failed attempts an update is set aside, so one bad update cannot block its chat.
# Attempts that failed only because Telegram or the database was unreachable do not count.
MAX_ATTEMPTS = 5


# ---------------------------------------------------------------- the inbox


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


def _minimal_message(message: Mapping[str, Any]) -> dict[str, Any]:
    kept: dict[str, Any] = {
        "message_id": int(message.get("message_id", 0)),
        "date": int(message.get("date", 0)),
        "chat": _minimal_chat(message.get("chat")),
    }
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


# ---------------------------------------------------------------- chats


def find_chat(session: Session, chat_id: int, *, lock: bool = False) -> BotChat | None:
    """A chat's stored state; with `lock`, held until commit so two workers cannot interleave."""
    query = select(BotChat).where(BotChat.chat_id == chat_id)
    if lock:
        query = query.with_for_update()
    return session.scalar(query)


def open_chat(session: Session, chat_id: int, now: datetime, *, language: str = "en") -> BotChat:
    """The chat's state, created on first need (a questionnaire, a language, an opt-in)."""
    chat = find_chat(session, chat_id, lock=True)
    if chat is not None:
        return chat
    chat = BotChat(chat_id=chat_id, language=language, state={}, created_at=now, updated_at=now)
    session.add(chat)
    session.flush()
    return chat


def was_applied(chat: BotChat | None, update_id: int) -> bool:
    """True if this update already changed this chat (it is being delivered again)."""
    return chat is not None and update_id in (chat.state or {}).get("applied", [])


def note_applied(chat: BotChat, update_id: int, now: datetime) -> None:
    """Remember that an update changed this chat, so a second delivery changes nothing."""
    state = dict(chat.state or {})
    applied = [*state.get("applied", []), update_id][-APPLIED_MEMORY:]
    state["applied"] = applied
    chat.state = state
    chat.updated_at = now


def begin_answering(
    chat: BotChat,
    response: Response,
    *,
    now: datetime,
    invitation: Invitation | None = None,
    campaign: Campaign | None = None,
    band: str | None = None,
    position: int = 0,
) -> None:
    """Link the chat to what it is answering, starting at `position`."""
    chat.invitation_id = invitation.id if invitation is not None else None
    chat.campaign_id = campaign.id if campaign is not None else None
    if response.id is None:  # a response just begun gets its id
        session = object_session(response)
        if session is None:
            raise ValueError("begin_answering needs a response from start_response")
        session.flush()
    chat.response_id = response.id
    applied = (chat.state or {}).get("applied", [])
    chat.state = {"band": band, "position": position, "previous": [], "applied": applied}
    chat.updated_at = now


def current_response(session: Session, chat: BotChat) -> Response | None:
    """The response this chat is filling in, if any."""
    if chat.response_id is None:
        return None
    return session.get(Response, chat.response_id)


def move_to(chat: BotChat, position: int, *, remember: bool, now: datetime) -> None:
    """Go to another question; `remember` keeps the way back for the "back" button."""
    state = dict(chat.state or {})
    previous = list(state.get("previous", []))
    if remember:
        previous.append(int(state.get("position", 0)))
    state["position"] = position
    state["previous"] = previous
    state["picked"] = []
    chat.state = state
    chat.updated_at = now


def go_back(chat: BotChat, now: datetime) -> int | None:
    """Return to the question before; None when there is none."""
    state = dict(chat.state or {})
    previous = list(state.get("previous", []))
    if not previous:
        return None
    state["position"] = previous.pop()
    state["previous"] = previous
    state["picked"] = []
    chat.state = state
    chat.updated_at = now
    return int(state["position"])


def set_picked(chat: BotChat, picked: list[str], now: datetime) -> None:
    """The choices ticked so far on a question that allows several."""
    state = dict(chat.state or {})
    state["picked"] = picked
    chat.state = state
    chat.updated_at = now


def finish_answering(chat: BotChat, now: datetime) -> None:
    """Unlink the chat from a sent response: nothing left to resume, nothing kept that need not be."""
    chat.invitation_id = None
    chat.campaign_id = None
    chat.response_id = None
    chat.state = {"applied": (chat.state or {}).get("applied", [])}
    chat.updated_at = now


def set_language(chat: BotChat, language: str, now: datetime) -> None:
    chat.language = language
    chat.updated_at = now


def set_cicc_opt_in(chat: BotChat, opted_in: bool, now: datetime) -> None:
    """Opt in to (or out of) Children in Care Council updates and polls."""
    chat.cicc_opt_in = opted_in
    if opted_in:
        chat.stopped = False
    chat.updated_at = now


def stop_messages(chat: BotChat, now: datetime) -> None:
    """No more messages the person did not ask for (updates, polls)."""
    chat.stopped = True
    chat.cicc_opt_in = False
    chat.updated_at = now


def mark_blocked(session: Session, chat_id: int, blocked: bool, now: datetime) -> None:
    """Telegram said the person blocked (or unblocked) the bot: stop (or allow) sending."""
    session.execute(
        update(BotChat)
        .where(BotChat.chat_id == chat_id, BotChat.blocked != blocked)
        .values(blocked=blocked, updated_at=now)
    )


def forget_chat(session: Session, chat_id: int) -> bool:
    """Delete the chat's link to any invitation or response and its chat id; answers already sent stay."""
    deleted = session.execute(delete(BotChat).where(BotChat.chat_id == chat_id))
    return bool(deleted.rowcount)  # type: ignore[attr-defined]


def broadcast_recipients(session: Session) -> list[tuple[int, str]]:
    """(chat id, language) of chats that opted in to Children in Care Council updates and have
    neither stopped nor blocked the bot."""
    rows = session.execute(
        select(BotChat.chat_id, BotChat.language)
        .where(
            BotChat.cicc_opt_in.is_(True),
            BotChat.stopped.is_(False),
            BotChat.blocked.is_(False),
        )
        .order_by(BotChat.id)
    )
    return [(int(chat_id), str(language)) for chat_id, language in rows]
