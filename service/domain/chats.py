"""Telegram chats: where each chat got to, in the database, so any bot worker can take any
update and a restart resumes where a child got to; and what a chat opted in to.

Only what the bot needs is kept: the chat id, language, what the chat is answering, where it
got to and its opt-ins. Each step remembers the update that made it, so an update delivered
twice changes nothing twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from service.models import BotChat, Response

# Updates already applied to a chat, remembered so a re-delivered update changes nothing twice.
APPLIED_MEMORY = 30


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


def _change_state(chat: BotChat, now: datetime, **changes: Any) -> None:
    """Write a new state (JSON is replaced whole, so the change is seen and stored)."""
    chat.state = {**(chat.state or {}), **changes}
    chat.updated_at = now


def was_applied(chat: BotChat | None, update_id: int) -> bool:
    """True if this update already changed this chat (it is being delivered again)."""
    return chat is not None and update_id in (chat.state or {}).get("applied", [])


def note_applied(chat: BotChat, update_id: int, now: datetime) -> None:
    """Remember that an update changed this chat, so a second delivery changes nothing."""
    applied = [*(chat.state or {}).get("applied", []), update_id][-APPLIED_MEMORY:]
    _change_state(chat, now, applied=applied)


def note_helped(chat: BotChat, update_id: int, now: datetime) -> None:
    """Remember that this update called for help, so help is sent again if the update is handled
    again (its messages may not all have reached the child)."""
    helped = [*(chat.state or {}).get("helped", []), update_id][-APPLIED_MEMORY:]
    _change_state(chat, now, helped=helped)


def was_helped(chat: BotChat | None, update_id: int) -> bool:
    return chat is not None and update_id in (chat.state or {}).get("helped", [])


def begin_answering(
    chat: BotChat,
    response_id: int,
    *,
    now: datetime,
    invitation_id: int | None = None,
    campaign_id: int | None = None,
    band: str | None = None,
    audience: str | None = None,
    position: int = 0,
) -> None:
    """Link the chat to the response it is answering, starting at question `position`."""
    chat.invitation_id = invitation_id
    chat.campaign_id = campaign_id
    chat.response_id = response_id
    kept = {k: v for k, v in (chat.state or {}).items() if k in ("applied", "helped")}
    chat.state = {"band": band, "audience": audience, "position": position, "picked": [], **kept}
    chat.updated_at = now


def current_response(session: Session, chat: BotChat) -> Response | None:
    """The response this chat is filling in, if any."""
    if chat.response_id is None:
        return None
    return session.get(Response, chat.response_id)


def move_to(chat: BotChat, position: int, now: datetime) -> None:
    """Go to another question, with nothing ticked on it yet."""
    _change_state(chat, now, position=position, picked=[])


def set_picked(chat: BotChat, picked: list[str], now: datetime) -> None:
    """The choices ticked so far on a question that allows several."""
    _change_state(chat, now, picked=picked)


def finish_answering(chat: BotChat, now: datetime) -> None:
    """Unlink the chat from a sent response: nothing left to resume, nothing kept that need not be."""
    chat.invitation_id = None
    chat.campaign_id = None
    chat.response_id = None
    chat.state = {k: v for k, v in (chat.state or {}).items() if k in ("applied", "helped")}
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
