"""Shared fixtures: every database test runs on SQLite and on the real PostgreSQL.

PostgreSQL: a fresh database per test run on 127.0.0.1:5432 (override with CAREVOICE_TEST_PG).
Outside CI a missing server skips those tests with a message; with CI=true it fails the run.

One clock per test: in-process tests run on the fixed, movable test clock (`clock`, `runtime`);
a test that starts a `carevoice` process is marked `process` and makes its data relative to the
real now (`live_runtime`), since the process reads the real clock. Mixing the two is refused.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from service import migrate
from service.db import Base, make_engine, make_session_factory
from service.runtime import Runtime
from service.settings import Settings
from service.web import create_app
from tests.support import processes
from tests.support.fixtures import browser, mobile_page, mobile_page_nojs  # noqa: F401

# Tests sign cookies with short keys, which only development and test accept; every app and
# `carevoice` subprocess a test starts inherits this (tests of other environments override it).
os.environ["ENVIRONMENT"] = "test"

PG_ADMIN_URL = os.environ.get(
    "CAREVOICE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() == "true"
START = datetime(2026, 11, 2, 9, 30)


def _missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: PostgreSQL is required)", pytrace=False)
    pytest.skip(f"{reason}; start PostgreSQL or set CAREVOICE_TEST_PG to run these tests")


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated, empty database for this test run, one per backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'carevoice.db'}"
        migrate.upgrade(url)
        yield url
        return
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as error:
        admin.dispose()
        _missing(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {error.__class__.__name__}")
    name = f"carevoice_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        migrate.upgrade(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def empty_all_tables(engine: Engine) -> None:
    """Remove every row, keeping the migrated schema.

    The audit log's guards (migration 0008_audit_guards) refuse this, as they should anywhere
    else: only here, as the tables' owner, the test lifts them for the one transaction.
    """
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            conn.execute(text("ALTER TABLE audit_events ENABLE TRIGGER USER"))
            return
        guards = conn.execute(
            text(
                "SELECT name, sql FROM sqlite_master "
                "WHERE type = 'trigger' AND tbl_name = 'audit_events'"
            )
        ).all()
        for name, _sql in guards:
            conn.execute(text(f'DROP TRIGGER "{name}"'))
        for table in tables:
            conn.execute(text(f"DELETE FROM {table}"))
        for _name, sql in guards:
            conn.execute(text(sql))


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    eng = make_engine(database_url)
    empty_all_tables(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def db_backend(engine: Engine) -> str:
    return engine.dialect.name


@dataclass
class Clock:
    """A clock tests can move."""

    current: datetime = START

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        secret_key="test-secret",
        environment="test",
        public_base_url="https://feedback.test",
        council_name="Testshire Council",
        worry_spool_dir=str(tmp_path / "worries"),
    )


@pytest.fixture
def runtime(settings: Settings, engine: Engine, clock: Clock) -> Runtime:
    return Runtime(settings, engine, make_session_factory(engine), clock=clock)


@pytest.fixture
def live_runtime(settings: Settings, engine: Engine) -> Runtime:
    """The runtime on the real clock, for tests that start processes: what they are shown is made
    relative to the real now, so it stays valid whatever today's date is."""
    return Runtime(settings, engine, make_session_factory(engine))


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test that starts processes (real clock) may not also use the fixed test clock."""
    if item.get_closest_marker("process") and "clock" in getattr(item, "fixturenames", ()):
        pytest.fail(
            "a `process` test uses the fixed test clock (`clock` or `runtime`): the processes it "
            "starts read the real clock, so make its data with `live_runtime` instead",
            pytrace=False,
        )


@pytest.fixture(autouse=True)
def _processes_only_where_marked(request: pytest.FixtureRequest) -> Iterator[None]:
    processes.allow_processes(request.node.get_closest_marker("process") is not None)
    yield
    processes.allow_processes(False)


@pytest.fixture
def session(runtime: Runtime) -> Iterator[Session]:
    with runtime.sessions() as db:
        yield db


@pytest.fixture
def app(runtime: Runtime, tmp_path: Path) -> Flask:
    config: dict[str, Any] = {
        "TESTING": True,
        "RUNTIME": runtime,
        "DATABASE_URL": runtime.settings.database_url,
        "SECRET_KEY": "test-secret",
        "PUBLIC_BASE_URL": "https://feedback.test",
        "COUNCIL_NAME": "Testshire Council",
    }
    flask_app = create_app(config)
    flask_app.instance_path = str(tmp_path / "instance")
    return flask_app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()
