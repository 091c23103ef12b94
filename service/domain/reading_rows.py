"""A whole response's place in the reading queue written as statements, not through the ORM: the
item and its reader's link-only email, as `reading.queue_for_reading` writes them for a response
sent at once (no item yet, no alert). On PostgreSQL they are part of the one statement that
sends the response; on SQLite three statements in its transaction. An ORM session here cost more
than the rest of the submission (about nine statements and their objects, where the send is one).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    Connection,
    Integer,
    Select,
    SQLColumnExpression,
    String,
    Text,
    bindparam,
    case,
    cast,
    false,
    func,
    insert,
    literal,
    literal_column,
    select,
    true,
    union_all,
)

from service.domain.reading import (
    IRO_RULE,
    ToRead,
    first_active,
    item_number,
    reader_message,
    reader_rule,
    reader_where,
)
from service.domain.reading_policy import ReadingPolicy
from service.models import OutboxMessage, OutboxStatus, ReadingItem, Review, StaffRole, User

HEADING = "Words to read"
_SLOT = "\x00"  # where the item's number goes in the email; never in its fixed text
_ROLE = ReadingItem.__table__.c.reader_role.type
_STATUS = OutboxMessage.__table__.c.status.type


def _sql(constant: str) -> ColumnElement[str]:
    """A constant written into the statement, not a parameter: the statement must stay under
    psycopg's 4,096 characters, above which it parses the statement's text on every execution
    (a fifth of the POST's CPU when it did)."""
    return literal_column(constant, Text)


def item_number_sql(item_id: SQLColumnExpression[int]) -> ColumnElement[str]:
    """`reading.item_number` worked out by PostgreSQL: R and at least six digits."""
    digits = cast(item_id, Text)
    small = item_id < literal_column("1000000")
    return _sql("'R'") + case((small, func.lpad(digits, 6, _sql("'0'"))), else_=digits)


def reading_parameters(found: ToRead, policy: ReadingPolicy, now: datetime) -> dict[str, Any]:
    """What the statement needs to know about one response's item: its reasons, due time, and
    its email's text around the item's number (from the one definition, `reader_message`)."""
    due = policy.due(now)
    subject, body = reader_message(HEADING, _SLOT, now, due, found.needs_interpreter)
    subject_before, subject_after = subject.split(_SLOT)
    body_before, body_after = body.split(_SLOT)
    return {
        "reading_rank": found.urgency_rank,
        "reading_interpreter": found.needs_interpreter,
        "reading_due": due,
        "reading_reason": found.reason,
        "subject_before": subject_before,
        "subject_after": subject_after,
        "body_before": body_before,
        "body_after": body_after,
    }


def _param(name: str, type_: Any) -> ColumnElement[Any]:
    return bindparam(name, type_=type_)


def queue_ctes(sent: CTE, now: ColumnElement[datetime], policy: ReadingPolicy) -> tuple[CTE, ...]:
    """PostgreSQL: the item and its email as CTEs of the statement that inserts `sent` (columns
    id and review_id), each reader found by the council's routing in the same statement."""
    branches: list[Select[int, str, StaffRole]] = []
    fallback: dict[bool, Any] = {}
    for for_review in (True, False):
        rule = reader_rule(policy, for_review=for_review)
        iro = Review.iro if rule == IRO_RULE else None
        role, where = reader_where(rule, iro)
        fallback[for_review] = literal(role, _ROLE)
        if where is None:
            continue
        branch = (
            first_active(*where)
            .with_only_columns(User.id, User.email, User.role)
            .limit(literal_column("1", Integer))
            .select_from(sent)
            .join(User, true())
            .where(sent.c.review_id.is_not(None) if for_review else sent.c.review_id.is_(None))
        )
        if iro is not None:
            branch = branch.join(Review, Review.id == sent.c.review_id)
        branches.append(branch)
    if not branches:  # no rule can name anyone: an empty reader
        branches.append(select(User.id, User.email, User.role).where(false()))
    reader = (union_all(*branches) if len(branches) > 1 else branches[0]).cte("reader")
    reader_role = func.coalesce(
        reader.c.role, case((sent.c.review_id.is_(None), fallback[False]), else_=fallback[True])
    )
    item = select(
        sent.c.id,
        reader.c.id,
        reader_role,
        _param("reading_rank", Integer),
        _param("reading_interpreter", ReadingItem.__table__.c.needs_interpreter.type),
        now,
        _param("reading_due", ReadingItem.__table__.c.due_at.type),
        _param("reading_reason", String),
        false(),
    ).select_from(sent.outerjoin(reader, true()))
    columns = [
        "response_id",
        "reader_id",
        "reader_role",
        "urgency_rank",
        "needs_interpreter",
        "received_at",
        "due_at",
        "reason",
        "interpreted",
    ]
    queued = (
        insert(ReadingItem)
        .from_select(columns, item)
        .returning(
            ReadingItem.id,
            ReadingItem.reader_id,
            item_number_sql(ReadingItem.id).label("number"),
        )
        .cte("queued")
    )
    email = select(
        _sql("'reading:'") + cast(queued.c.id, Text) + _sql("':new'"),
        _sql("'email'"),
        reader.c.email,
        _param("subject_before", Text) + queued.c.number + _param("subject_after", Text),
        _param("body_before", Text) + queued.c.number + _param("body_after", Text),
        queued.c.id,
        literal(OutboxStatus.PENDING, _STATUS),
        literal_column("0", Integer),
        now,
        now,
    ).select_from(queued.join(reader, reader.c.id == queued.c.reader_id))
    told = (
        insert(OutboxMessage)
        .from_select(
            [
                "idempotency_key",
                "channel",
                "recipient",
                "subject",
                "body",
                "reading_item_id",
                "status",
                "attempts",
                "next_attempt_at",
                "created_at",
            ],
            email,
        )
        .cte("told")
    )
    return queued, told


def queue_by_statements(
    connection: Connection,
    response_id: int,
    review_id: int | None,
    found: ToRead,
    policy: ReadingPolicy,
    now: datetime,
) -> None:
    """SQLite: the same rows in the connection's transaction: the reader, the item, its email."""
    rule = reader_rule(policy, for_review=review_id is not None)
    iro = None
    if rule == IRO_RULE and review_id is not None:
        iro = select(Review.iro).where(Review.id == review_id).scalar_subquery()
    role, where = reader_where(rule, iro)
    reader = None
    if where is not None:
        reader = connection.execute(
            first_active(*where).with_only_columns(User.id, User.email, User.role)
        ).first()
    due = policy.due(now)
    item_id = connection.execute(
        insert(ReadingItem)
        .values(
            response_id=response_id,
            reader_id=reader.id if reader else None,
            reader_role=reader.role if reader else role,
            urgency_rank=found.urgency_rank,
            needs_interpreter=found.needs_interpreter,
            received_at=now,
            due_at=due,
            reason=found.reason,
            interpreted=False,
        )
        .returning(ReadingItem.id)
    ).scalar_one()
    if reader is None:
        return
    subject, body = reader_message(HEADING, item_number(item_id), now, due, found.needs_interpreter)
    connection.execute(
        insert(OutboxMessage).values(
            idempotency_key=f"reading:{item_id}:new",
            channel="email",
            recipient=reader.email,
            subject=subject,
            body=body,
            reading_item_id=item_id,
            status=OutboxStatus.PENDING,
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
    )
