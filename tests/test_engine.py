"""Engine settings the reports rely on."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text


def test_postgresql_sessions_run_without_jit(engine: Engine, db_backend: str) -> None:
    if db_backend != "postgresql":
        pytest.skip("JIT is a PostgreSQL setting")
    with engine.connect() as conn:
        assert conn.execute(text("SHOW jit")).scalar() == "off"
