"""Statements run on the driver (`driver_statements`) send what SQLAlchemy sends and read back
what it reads: same text, same parameters after its bind processors, same row values after its
result processors; errors as SQLAlchemy raises them; the connection back in the pool as it came."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, Integer, String, bindparam, cast, event, select
from sqlalchemy.exc import DataError
from sqlalchemy.orm import Session

from service.domain.answering import _UNBEGUN
from service.domain.reading import to_read
from service.domain.reading_policy import ReadingPolicy
from service.domain.reading_rows import reading_parameters
from service.domain.whole_responses import _send_and_queue
from service.driver_statements import first_row
from service.models import Channel, Invitation, ResponseStatus, Role
from tests.factories import make_invitation

NOW = datetime(2026, 3, 2, 10, 0)
Sent = list[tuple[str, Any]]


def _plain(parameters: Any) -> Any:
    """Parameters comparable by value (psycopg's JSON wrapper compares by identity)."""
    if isinstance(parameters, dict):
        return {key: getattr(value, "obj", value) for key, value in parameters.items()}
    return tuple(getattr(value, "obj", value) for value in parameters)


def _both_ways(engine: Engine, statement: Any, parameters: dict[str, Any]) -> tuple[Sent, Any, Any]:
    sent: Sent = []

    def record(_conn: Any, _cursor: Any, sql: str, values: Any, *_args: Any) -> None:
        if not sql.startswith("BEGIN"):  # SQLite's, for the ORM path's transaction
            sent.append((sql, _plain(values)))

    event.listen(engine, "before_cursor_execute", record)
    try:
        with engine.connect() as connection:
            found = connection.execute(statement, parameters).first()
            expected = None if found is None else tuple(found)
            connection.rollback()
        got = first_row(engine, statement, parameters)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return sent, expected, got


def test_a_row_is_read_as_sqlalchemy_reads_it(session: Session, engine: Engine) -> None:
    issued = make_invitation(session, NOW, role=Role.CARER, age=9)
    session.commit()
    sent, expected, got = _both_ways(engine, _UNBEGUN, {"invitation_id": issued.invitation.id})
    assert sent[0] == sent[1]
    assert got == expected and got is not None
    assert got[4] is Role.CARER and isinstance(got[1], datetime)  # enum and time converted


def test_the_submit_statement_is_sent_as_sqlalchemy_sends_it(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("the submit is one statement only on PostgreSQL")
    policy = ReadingPolicy()
    found = to_read(["More notice please"], ["none"], "en")
    assert found is not None
    answer = {"question_id": "do_better", "value": None, "values": ["a"], "text": "More notice"}
    answer |= {"sentiment": 0.1, "sentiment_label": "neutral", "themes": ["notice"]}
    answer |= {"safety": {"urgency": "none"}, "analyser_version": "v1"}
    parameters: dict[str, Any] = {
        "invitation": 987654321,  # no such invitation: nothing is written
        "questionnaire": "review_carer",
        "version": 2,
        "via": Channel.WEB,
        "in_language": "en",
        "as_status": ResponseStatus.SUBMITTED,
        "began": NOW,
        "now": NOW,
        "answers": [answer],
        **reading_parameters(found, policy, NOW),
    }
    sent, expected, got = _both_ways(engine, _send_and_queue(policy), parameters)
    assert sent[0] == sent[1]
    assert expected is None and got is None


def test_a_driver_error_is_raised_as_sqlalchemy_raises_it_and_the_pool_is_left_clean(
    engine: Engine,
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite turns any text into a number")
    statement = select(cast(bindparam("text", type_=String), Integer))
    with pytest.raises(DataError) as raised:
        first_row(engine, statement, {"text": "not a number"})
    assert "parameters hidden" in str(raised.value)  # they are what people typed
    with engine.connect() as connection:
        driver: Any = connection.connection.driver_connection
        assert driver.autocommit is False
        assert connection.execute(select(Invitation.id).limit(1)).all() == []


def test_each_statement_is_its_own_transaction(session: Session, engine: Engine) -> None:
    issued = make_invitation(session, NOW, ttl=timedelta(days=1))
    session.commit()
    seen: list[bool] = []

    def record(conn: Any, _cursor: Any, *_args: Any) -> None:
        driver = conn.connection.dbapi_connection
        seen.append(
            driver.autocommit if hasattr(driver, "autocommit") else not driver.in_transaction
        )

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert first_row(engine, _UNBEGUN, {"invitation_id": issued.invitation.id}) is not None
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert seen == [True]
