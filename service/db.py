"""Engine, session factory and the declarative base, for SQLite (embedded) and PostgreSQL."""

from __future__ import annotations

import os
import re
import select
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SQLITE_BUSY_TIMEOUT_MS = 30_000
BRIEF_WAIT_MS = "carevoice_brief_wait_ms"  # an execution option: see `wait_briefly`
READ_ONLY = "carevoice_read_only"  # an execution option: see `only_reading`


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


CLOCK_OFFSET_VARIABLE = "CAREVOICE_CLOCK_OFFSET"
_UNITS = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}


def parse_clock_offset(spec: str) -> timedelta:
    """`365d`, `-2h`, `30m` or `10s` as a timedelta; empty means none."""
    if not spec.strip():
        return timedelta()
    found = re.fullmatch(r"\s*([+-]?\d+)\s*([dhms])\s*", spec)
    if found is None:
        raise ValueError(f"{CLOCK_OFFSET_VARIABLE} must look like 365d, -2h, 30m or 10s")
    return timedelta(**{_UNITS[found.group(2)]: int(found.group(1))})


CLOCK_OFFSET = parse_clock_offset(os.environ.get(CLOCK_OFFSET_VARIABLE, ""))
"""Moves carevoice's clock, in this process and the processes it starts: to rehearse a date on a
copy of the data, and so the tests can run a year ahead and show nothing depends on today's date.
Production refuses to start with it set."""


def utcnow() -> datetime:
    """Naive UTC now (both databases store it the same way): the one real clock carevoice reads."""
    return datetime.now(UTC).replace(tzinfo=None) + CLOCK_OFFSET


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine with the durability and locking settings this service relies on. Its errors
    never quote a statement's parameters, which are what people typed, into logs."""
    kwargs.setdefault("hide_parameters", True)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **kwargs
        )
        _configure_sqlite(engine)
        return engine
    if parsed.get_backend_name() != "postgresql":
        kwargs.setdefault("pool_pre_ping", True)
        return create_engine(url, **kwargs)
    # JIT compiling costs 150-250 ms on each report query and saves less than it costs at a
    # region's scale (measured by bench/reports_at_scale.py), so sessions run without it.
    connect_args = dict(kwargs.pop("connect_args", {}))
    connect_args.setdefault("options", "-c jit=off")
    kwargs["connect_args"] = connect_args
    engine = create_engine(url, **kwargs)
    if not kwargs.get("pool_pre_ping"):
        _discard_closed_connections(engine)
    return engine


def _discard_closed_connections(engine: Engine) -> None:
    """Never lend a pooled connection the server has closed (a restart, an idle timeout, an
    administrator), so a child's answers are not refused after a database restart.

    An idle connection receives nothing from PostgreSQL unless the server is closing it (this
    service does not LISTEN), so anything waiting to be read means the connection is gone. The
    check is a poll of the socket, where `pool_pre_ping` would cost a query on every checkout:
    a round trip was an eighth of the submit POST's CPU. SQLAlchemy opens a fresh connection
    in place of one this refuses.
    """

    @event.listens_for(engine, "checkout")
    def _check(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        if dbapi_connection.closed or dbapi_connection.broken:
            raise DisconnectionError("the connection is closed")
        waiting = select.poll()
        waiting.register(dbapi_connection.fileno(), select.POLLIN | select.POLLHUP)
        if waiting.poll(0):
            raise DisconnectionError("the server has closed the connection")


def _configure_sqlite(engine: Engine) -> None:
    # WAL lets readers and one writer work together; synchronous=FULL so a committed
    # response survives a power cut; BEGIN IMMEDIATE takes the write lock up front so two
    # writers queue on busy_timeout instead of failing with "database is locked" on upgrade.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get(READ_ONLY):
            return  # each statement reads its own snapshot; WAL never makes it wait
        brief = connection.get_execution_options().get(BRIEF_WAIT_MS)
        if not brief:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            return
        connection.exec_driver_sql(f"PRAGMA busy_timeout={int(brief)}")
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        finally:
            connection.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")


def wait_briefly(session: Session, milliseconds: int) -> None:
    """Make the transaction `session` is about to begin give up waiting for a lock after
    `milliseconds`, not the usual 30 seconds: a child who said they are not safe is shown help
    (and their words kept another way) rather than a blank screen. Call it first."""
    connection = session.connection(execution_options={BRIEF_WAIT_MS: milliseconds})
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = {int(milliseconds)}")


def only_reading(session: Session) -> None:
    """Say `session` will only read (call it first): each statement is then its own snapshot,
    with no transaction around them. A form page is one SELECT (two once answers are saved), so
    on PostgreSQL that is one round trip where BEGIN and ROLLBACK made three; on SQLite the page
    no longer takes the write lock, which made views queue behind each other and behind
    submissions, each wait sleeping in SQLite's busy handler."""
    session.connection(execution_options=_reading_options(session.get_bind().dialect.name))


def _reading_options(dialect: str) -> dict[str, Any]:
    options: dict[str, Any] = {READ_ONLY: True}
    if dialect == "postgresql":
        options["isolation_level"] = "AUTOCOMMIT"
    return options


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions keep loaded objects usable after commit, for rendering after the transaction."""
    return sessionmaker(engine, expire_on_commit=False)
