"""The reading queue: every response with words, a worried answer or text the screen cannot
read is an item for a named reader (the child's IRO; the participation officer for campaigns and
anonymous words), created in the transaction that stores it. The screen orders the queue and
raises alerts; it never decides alone that words need no reader, and only a person marks an item
read. Readers are told by email with a link only; the worker reminds them at the due time and
then tells the IRO managers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, case, func, select, update
from sqlalchemy.orm import Session

from service.domain.audit import Actor, record_audit
from service.domain.errors import DomainError
from service.domain.outbox import enqueue
from service.domain.reading_policy import ReadingPolicy, needs_interpreter
from service.models import (
    Alert,
    ReadingItem,
    ReadingOutcome,
    Response,
    Review,
    StaffRole,
    User,
)

URGENCIES = ("urgent", "high", "none")  # the screen's urgency, most urgent first
TOLD_AS_OVER = "told as over: check"
# In the order an item names them. TOLD_AS_OVER: the screen held back an alert because the
# worry is told as over (SafetyFinding.told_as_over); a person reads it first, to be sure.
REASONS = ("words", TOLD_AS_OVER, "worry", "interpreter")
NOTE_LENGTH = 4000
# Who may open the queue; managers see every item, everyone else only their own.
READER_ROLES = (
    StaffRole.IRO,
    StaffRole.PARTICIPATION_OFFICER,
    StaffRole.IRO_MANAGER,
    StaffRole.SAFEGUARDING_LEAD,
)
MANAGER_ROLES = frozenset({StaffRole.IRO_MANAGER, StaffRole.SAFEGUARDING_LEAD})
IRO_RULE = "iro"
T = TypeVar("T", bound=Any)


class ReadingStateError(DomainError):
    """The item cannot be marked read like this (already read, no outcome, not interpreted)."""


def item_number(item_id: int) -> str:
    """The number staff use for an item in messages (no name, no words)."""
    return f"R{item_id:06d}"


def reading_path(item_id: int) -> str:
    return f"/staff/reading/{item_id}"


# ---------------------------------------------------------------- into the queue


@dataclass(frozen=True)
class ToRead:
    """Why a response is queued and how it is ordered: the part of an item its words decide."""

    reason: str
    urgency_rank: int
    needs_interpreter: bool


def to_read(
    texts: Sequence[str], urgencies: Sequence[str], language: str, *, told_as_over: bool = False
) -> ToRead | None:
    """Why a response with these words and screen urgencies must be read, or None: no words
    and no worry. `told_as_over`: the screen found a worry in them told as over."""
    worried = any(u != "none" for u in urgencies)
    interpreter = any(needs_interpreter(text, language) for text in texts)
    if not (texts or worried):
        return None
    reasons = [
        ("words", bool(texts)),
        (TOLD_AS_OVER, told_as_over and bool(texts)),
        ("worry", worried),
        ("interpreter", interpreter),
    ]
    rank = min((URGENCIES.index(u) for u in urgencies if u in URGENCIES), default=2)
    return ToRead(", ".join(name for name, applies in reasons if applies), rank, interpreter)


def told_as_over(safety: Mapping[str, Any] | None) -> bool:
    """Whether a stored screen finding held back an alert for a worry told as over."""
    return bool((safety or {}).get("told_as_over"))


def queue_for_reading(
    session: Session, response: Response, *, policy: ReadingPolicy, now: datetime
) -> ReadingItem | None:
    """Put a response or addendum in its reader's queue if it has words, a worry or text the
    screen cannot read, and tell the reader (a link only); once per response: called again (a
    worry raised mid-way, then the response sent), the item takes in what came since."""
    session.flush()
    texts = [a.text for a in response.answers if a.text]
    urgencies = [a.safety.get("urgency", "none") for a in response.answers if a.safety]
    urgencies += [
        u.value
        for u in session.scalars(select(Alert.urgency).where(Alert.response_id == response.id))
    ]
    told = any(told_as_over(a.safety) for a in response.answers)
    found = to_read(texts, urgencies, response.language, told_as_over=told)
    if found is None:
        return None
    existing = session.scalar(select(ReadingItem).where(ReadingItem.response_id == response.id))
    if existing is not None:  # queued when a worry came mid-way; sending adds what came since
        given = set(existing.reason.split(", ")) | set(found.reason.split(", "))
        existing.reason = ", ".join(name for name in REASONS if name in given)
        existing.urgency_rank = min(existing.urgency_rank, found.urgency_rank)
        existing.needs_interpreter = existing.needs_interpreter or found.needs_interpreter
        return existing
    role, reader = _reader(session, response, policy)
    item = ReadingItem(
        response_id=response.id,
        reader_id=reader.id if reader else None,
        reader_role=role,
        urgency_rank=found.urgency_rank,
        needs_interpreter=found.needs_interpreter,
        received_at=now,
        due_at=policy.due(now),
        reason=found.reason,
    )
    session.add(item)
    session.flush()
    if reader is not None:
        subject, body = _message(item, "Words to read")
        enqueue(
            session,
            key=f"reading:{item.id}:new",
            channel="email",
            recipient=reader.email,
            subject=subject,
            body=body,
            reading_item_id=item.id,
            now=now,
        )
    return item


def reader_rule(policy: ReadingPolicy, *, for_review: bool) -> str:
    """The council's routing rule for a response to a review, or to a campaign."""
    return policy.review_reader if for_review else policy.campaign_reader


def reader_where(
    rule: str, review_iro: SQLColumnExpression[str] | str | None
) -> tuple[StaffRole, tuple[ColumnElement[bool], ...] | None]:
    """Which active member of staff (the first by id) `rule` names, as conditions on `User`,
    and the reader's role when nobody matches (a match is read as their own role). None: the
    rule cannot name anyone (the child's IRO when there is no review)."""
    if rule == IRO_RULE:
        if review_iro is None:
            return StaffRole.IRO, None
        return StaffRole.IRO, (User.role == StaffRole.IRO, User.iro_code == review_iro)
    if rule in {r.value for r in StaffRole}:
        return StaffRole(rule), (User.role == StaffRole(rule),)
    return StaffRole.PARTICIPATION_OFFICER, (func.lower(User.email) == rule.strip().lower(),)


def first_active(*where: ColumnElement[bool]) -> Select[User]:
    """The first active member of staff (by id) meeting `where`."""
    return select(User).where(User.is_active.is_(True), *where).order_by(User.id).limit(1)


def _reader(
    session: Session, response: Response, policy: ReadingPolicy
) -> tuple[StaffRole, User | None]:
    """The named reader the council's routing gives for this response."""
    rule = reader_rule(policy, for_review=response.review_id is not None)
    iro = None
    if rule == IRO_RULE and response.review_id is not None:
        review = session.get(Review, response.review_id)
        iro = review.iro if review is not None else None
    role, where = reader_where(rule, iro)
    if where is None:
        return role, None
    reader = session.scalar(first_active(*where))
    return (reader.role if reader else role), reader


def reader_message(
    heading: str, number: str, received_at: datetime, due_at: datetime, interpreter: bool
) -> tuple[str, str]:
    """Subject and body for a reader: which item and by when, never who or what was said."""
    subject = f"{heading}: {number}"
    body = (
        f"A child's answer ({number}) is waiting for a person to read it.\n"
        f"Received: {received_at:%Y-%m-%d %H:%M} UTC. "
        f"Read by: {due_at:%Y-%m-%d %H:%M} UTC.\n"
        + ("It needs an interpreter.\n" if interpreter else "")
    )
    return subject, body


def _message(item: ReadingItem, heading: str) -> tuple[str, str]:
    return reader_message(
        heading, item_number(item.id), item.received_at, item.due_at, item.needs_interpreter
    )


# ---------------------------------------------------------------- reading


def _visible(query: Select[T], viewer_id: int, role: StaffRole) -> Select[T]:
    """Managers see every item; anyone else only the items they are the reader of."""
    if role in MANAGER_ROLES:
        return query
    return query.where(ReadingItem.reader_id == viewer_id)


@dataclass(frozen=True)
class Queue:
    """What a reader sees: unread items, most urgent first (of one urgency, worries told as
    over first), then soonest due; then the latest read."""

    unread: Sequence[ReadingItem]
    read: Sequence[ReadingItem]


def reading_queue(session: Session, viewer_id: int, role: StaffRole, *, limit: int = 100) -> Queue:
    """The items this person may see, unread first."""
    unread = session.scalars(
        _visible(select(ReadingItem), viewer_id, role)
        .where(ReadingItem.read_at.is_(None))
        .order_by(
            ReadingItem.urgency_rank,
            case((ReadingItem.reason.contains(TOLD_AS_OVER), 0), else_=1),
            ReadingItem.due_at,
            ReadingItem.id,
        )
        .limit(limit)
    ).all()
    read = session.scalars(
        _visible(select(ReadingItem), viewer_id, role)
        .where(ReadingItem.read_at.is_not(None))
        .order_by(ReadingItem.read_at.desc(), ReadingItem.id.desc())
        .limit(limit)
    ).all()
    return Queue(unread, read)


def item_for(session: Session, item_id: int, viewer_id: int, role: StaffRole) -> ReadingItem | None:
    """The item if this person may see it; None either way otherwise (no hint it exists)."""
    return session.scalar(
        _visible(select(ReadingItem).where(ReadingItem.id == item_id), viewer_id, role)
    )


def open_item(session: Session, item: ReadingItem, *, actor: Actor, now: datetime) -> Response:
    """The response behind an item, to read its words; every opening is audited."""
    response = session.get_one(Response, item.response_id)
    record_audit(
        session,
        actor=actor,
        action="reading_item_viewed",
        now=now,
        object_type="reading_item",
        object_id=item.id,
        child_id=response.child_id,
    )
    return response


def mark_read(
    session: Session,
    item: ReadingItem,
    *,
    actor: Actor,
    outcome: str,
    note: str,
    interpreted: bool,
    now: datetime,
) -> None:
    """A person read the words and says what follows; words that needed an interpreter are
    marked read only when the person says they were interpreted."""
    if item.read_at is not None:
        raise ReadingStateError("This item has already been read.")
    try:
        chosen = ReadingOutcome(outcome)
    except ValueError:
        raise ReadingStateError("Please choose what follows from reading it.") from None
    if item.needs_interpreter and not interpreted:
        raise ReadingStateError(
            "These words need an interpreter: mark them read once they have been interpreted."
        )
    item.read_at = now
    item.read_by_id = actor.id
    item.outcome = chosen
    item.interpreted = item.needs_interpreter and interpreted
    item.note = note.strip()[:NOTE_LENGTH] or None
    record_audit(
        session,
        actor=actor,
        action="reading_item_read",
        now=now,
        object_type="reading_item",
        object_id=item.id,
        detail={"outcome": chosen.value, "interpreted": item.interpreted},
    )
    session.flush()


def outcome_label(item: ReadingItem) -> str | None:
    """The outcome as the audit shows it: "interpreted, " before it when words were interpreted."""
    if item.outcome is None:
        return None
    return f"interpreted, {item.outcome.value}" if item.interpreted else item.outcome.value


# ---------------------------------------------------------------- reminders and escalation


@dataclass(frozen=True)
class Chased:
    reminded: int
    escalated: int


def _managers(session: Session, policy: ReadingPolicy) -> list[str]:
    if policy.escalation_contacts:
        return list(policy.escalation_contacts)
    return list(
        session.scalars(
            select(User.email)
            .where(User.role == StaffRole.IRO_MANAGER, User.is_active.is_(True))
            .order_by(User.id)
        )
    )


def _tell(
    session: Session, item: ReadingItem, key: str, to: list[str], heading: str, now: datetime
) -> None:
    subject, body = _message(item, heading)
    for recipient in to:
        enqueue(
            session,
            key=f"reading:{item.id}:{key}:{recipient}",
            channel="email",
            recipient=recipient,
            subject=subject,
            body=body,
            reading_item_id=item.id,
            now=now,
        )


def chase_unread(session: Session, *, policy: ReadingPolicy, now: datetime) -> Chased:
    """Remind the reader of each unread item past its due time, then, a further while later,
    tell the IRO managers. Safe with several workers: each step moves by a conditional UPDATE."""
    reminded = escalated = 0
    due = session.scalars(
        select(ReadingItem)
        .where(
            ReadingItem.read_at.is_(None),
            ReadingItem.due_at <= now,
            ReadingItem.escalated_at.is_(None),
        )
        .order_by(ReadingItem.due_at, ReadingItem.id)
    ).all()
    for item in due:
        if item.reminded_at is None and _claim(session, item, ReadingItem.reminded_at, now):
            reader = session.get(User, item.reader_id) if item.reader_id else None
            to = [reader.email] if reader else _managers(session, policy)
            _tell(session, item, "reminder", to, "Reminder, not read yet", now)
            reminded += 1
        elif (
            item.reminded_at is not None
            and policy.escalation_due(item.due_at) <= now
            and _claim(session, item, ReadingItem.escalated_at, now)
        ):
            _tell(session, item, "escalation", _managers(session, policy), "Not read in time", now)
            escalated += 1
    session.flush()
    return Chased(reminded, escalated)


def _claim(session: Session, item: ReadingItem, column: Any, now: datetime) -> bool:
    moved = session.execute(
        update(ReadingItem)
        .where(ReadingItem.id == item.id, ReadingItem.read_at.is_(None), column.is_(None))
        .values({column: now})
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        return False
    session.refresh(item)
    return True


# ---------------------------------------------------------------- the audit


@dataclass(frozen=True)
class ReadingSummary:
    items: int
    read: int
    read_in_time_pct: float | None
    overdue: int

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def reading_audit(
    session: Session, start: date, end: date, *, now: datetime
) -> tuple[list[dict[str, Any]], ReadingSummary]:
    """Every item received from `start` to `end` (inclusive): its reader (a member of staff's
    name, never a child's), times and outcome; and how many were read, in time, or are overdue."""
    items = session.scalars(
        select(ReadingItem)
        .where(
            ReadingItem.received_at >= datetime.combine(start, datetime.min.time()),
            ReadingItem.received_at
            < datetime.combine(end + timedelta(days=1), datetime.min.time()),
        )
        .order_by(ReadingItem.received_at, ReadingItem.id)
    ).all()
    names = {u.id: u.display_name or u.email for u in session.scalars(select(User))}
    rows = [
        {
            "response_id": item.response_id,
            "reader": names.get(item.reader_id or -1)
            or f"no {item.reader_role.value.replace('_', ' ')} named",
            "received_at": _iso(item.received_at),
            "due_at": _iso(item.due_at),
            "read_at": _iso(item.read_at),
            "outcome": outcome_label(item),
        }
        for item in items
    ]
    return rows, summarise(items, now=now)


def summarise(items: Sequence[ReadingItem], *, now: datetime) -> ReadingSummary:
    """How many items were read, the share read by their due time, and how many are overdue."""
    read = [i for i in items if i.read_at is not None]
    in_time = sum(1 for i in read if i.read_at is not None and i.read_at <= i.due_at)
    return ReadingSummary(
        items=len(items),
        read=len(read),
        read_in_time_pct=round(100 * in_time / len(items), 1) if items else None,
        overdue=sum(1 for i in items if i.read_at is None and i.due_at < now),
    )
