"""The bot's inbox shared by several workers: leases, per-chat order, and who may mark what done."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from service.domain import bot_inbox
from service.models import BotUpdate
from service.runtime import Runtime

LEASE = timedelta(seconds=30)


def message(update_id: int, chat_id: int, text: str = "/help") -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 0,
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Sam"},
            "text": text,
        },
    }


def store(runtime: Runtime, *updates: dict[str, Any]) -> None:
    with runtime.sessions.begin() as db:
        bot_inbox.store_updates(db, updates, runtime.now())


def claim(runtime: Runtime, worker: str, limit: int = 10) -> list[int]:
    with runtime.sessions.begin() as db:
        found = bot_inbox.claim_updates(db, worker, runtime.now(), lease=LEASE, limit=limit)
        return [item.update_id for item in found]


def done(runtime: Runtime, worker: str, *update_ids: int) -> None:
    with runtime.sessions.begin() as db:
        bot_inbox.mark_updates_done(db, worker, update_ids, runtime.now())


def row(runtime: Runtime, update_id: int) -> BotUpdate:
    """The stored row, read in a transaction of its own (on SQLite, an open one would hold the
    write lock)."""
    with runtime.sessions() as db:
        found = db.get(BotUpdate, update_id)
    assert found is not None
    return found


def test_same_update_stored_twice_is_kept_once(runtime: Runtime) -> None:
    with runtime.sessions.begin() as db:
        assert bot_inbox.store_updates(db, [message(1, 7), message(1, 7)], runtime.now()) == 1
        assert bot_inbox.store_updates(db, [message(1, 7), message(2, 7)], runtime.now()) == 1
    assert row(runtime, 1).chat_id == 7


def test_claimed_update_is_not_claimed_again_while_its_lease_lasts(
    runtime: Runtime, clock: Any
) -> None:
    store(runtime, message(1, 7))
    assert claim(runtime, "a/1") == [1]
    clock.advance(seconds=29)
    assert claim(runtime, "b/1") == []


def test_update_whose_lease_passed_is_taken_over(runtime: Runtime, clock: Any) -> None:
    store(runtime, message(1, 7))
    assert claim(runtime, "dead/1") == [1]
    clock.advance(seconds=31)
    assert claim(runtime, "alive/1") == [1]
    taken = row(runtime, 1)
    assert (taken.claimed_by, taken.attempts) == ("alive/1", 2)


def test_renewed_lease_keeps_the_update(runtime: Runtime, clock: Any) -> None:
    store(runtime, message(1, 7))
    claim(runtime, "a/1")
    clock.advance(seconds=20)
    with runtime.sessions.begin() as db:
        assert bot_inbox.renew_leases(db, "a/1", [1], runtime.now() + LEASE) == 1
    clock.advance(seconds=20)
    assert claim(runtime, "b/1") == []


def test_chats_later_update_waits_until_its_earlier_one_is_done(runtime: Runtime) -> None:
    store(runtime, message(1, 7), message(2, 7))
    assert claim(runtime, "a/1") == [1]
    assert claim(runtime, "b/1") == []
    done(runtime, "a/1", 1)
    assert claim(runtime, "b/1") == [2]


def test_different_chats_are_claimed_together_oldest_first(runtime: Runtime) -> None:
    store(runtime, message(3, 9), message(1, 7), message(2, 7), message(4, 8))
    assert claim(runtime, "a/1", limit=2) == [1, 3]
    assert claim(runtime, "b/1") == [4]


def test_worker_that_lost_its_lease_cannot_mark_the_update_done(
    runtime: Runtime, clock: Any
) -> None:
    store(runtime, message(1, 7))
    claim(runtime, "slow/1")
    clock.advance(seconds=31)
    claim(runtime, "fast/1")
    done(runtime, "slow/1", 1)
    assert row(runtime, 1).processed_at is None
    done(runtime, "fast/1", 1)
    assert row(runtime, 1).processed_at is not None


def test_done_update_forgets_what_was_said(runtime: Runtime) -> None:
    store(runtime, message(1, 7, "I am not safe at home"))
    claim(runtime, "a/1")
    done(runtime, "a/1", 1)
    assert row(runtime, 1).payload == {"update_id": 1}


def test_transient_failures_are_counted_apart(runtime: Runtime) -> None:
    store(runtime, message(1, 7))
    claim(runtime, "a/1")
    with runtime.sessions.begin() as db:
        assert bot_inbox.try_again(db, "a/1", 1, runtime.now(), lease=LEASE, transient=True)
        assert bot_inbox.try_again(db, "a/1", 1, runtime.now(), lease=LEASE, transient=False)
        assert not bot_inbox.try_again(db, "b/1", 1, runtime.now(), lease=LEASE, transient=True)
    stored = row(runtime, 1)
    assert (stored.attempts, stored.transient_failures) == (3, 1)


def test_restarted_worker_takes_back_only_its_own_leases(runtime: Runtime) -> None:
    store(runtime, message(1, 7), message(2, 8))
    claim(runtime, "host:8443/old", limit=1)
    claim(runtime, "host:8444/live", limit=1)
    with runtime.sessions.begin() as db:
        assert bot_inbox.release_leases(db, "host:8443/") == 1
    assert claim(runtime, "host:8443/new") == [1]


def test_button_press_belongs_to_the_chat_it_was_pressed_in() -> None:
    press = {
        "update_id": 5,
        "callback_query": {
            "id": "q",
            "from": {"id": 11, "is_bot": False, "first_name": "Sam"},
            "chat_instance": "c",
            "data": "a:0:yes",
            "message": {"message_id": 3, "date": 0, "chat": {"id": 11, "type": "private"}},
        },
    }
    assert bot_inbox.update_chat(bot_inbox.minimal_update(press)) == 11
    assert bot_inbox.update_chat({"update_id": 6}) is None
