"""Engine settings the reports rely on, and pooled connections that outlive their server session."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, event, text

from service.db import make_engine


def test_postgresql_sessions_run_without_jit(engine: Engine, db_backend: str) -> None:
    if db_backend != "postgresql":
        pytest.skip("JIT is a PostgreSQL setting")
    with engine.connect() as conn:
        assert conn.execute(text("SHOW jit")).scalar() == "off"


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_a_connection_the_server_closed_is_replaced_before_it_is_lent(
    engine: Engine, db_backend: str
) -> None:
    """After a database restart (here: the server ends the pooled connection's session), the
    next request gets a fresh connection instead of an error, with no query spent checking."""
    if db_backend != "postgresql":
        pytest.skip("SQLite has no server to close a connection")
    pooled = make_engine(engine.url.render_as_string(hide_password=False), pool_size=1)
    try:
        first = _backend_pid(pooled)
        assert _backend_pid(pooled) == first  # a live connection is kept, not replaced
        with engine.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": first})
        statements: list[str] = []
        event.listen(pooled, "before_cursor_execute", lambda *a: statements.append(a[2]))
        replacement = _backend_pid(pooled)
        assert replacement != first
        assert statements == ["SELECT pg_backend_pid()"]  # nothing sent to check the connection
    finally:
        pooled.dispose()
