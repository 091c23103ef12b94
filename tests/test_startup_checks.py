"""In production the app refuses to start with a default secret, debug on, or durability off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, create_engine, event

from service import startup_checks
from service.db import parse_clock_offset
from service.runtime import Runtime
from service.settings import DEFAULT_SECRET_KEY, Settings
from service.startup_checks import UnsafeToStart, durability_problems, production_problems
from service.web import create_app
from tests.support.deadlines import READY
from tests.support.processes import python

GOOD_SECRET = "k" * 48


def _production(runtime: Runtime, **config: object) -> dict[str, object]:
    return {
        "RUNTIME": runtime,
        "ENVIRONMENT": "production",
        "SECRET_KEY": GOOD_SECRET,
        "PUBLIC_BASE_URL": "https://feedback.test",
        **config,
    }


def test_a_safe_production_configuration_starts(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(startup_checks, "CLOCK_OFFSET", timedelta())  # even in a moved test run
    safe = Runtime(
        Settings(
            database_url=runtime.settings.database_url,
            secret_key=GOOD_SECRET,
            environment="production",
            public_base_url="https://feedback.test",
        ),
        runtime.engine,
        runtime.sessions,
    )
    assert create_app(_production(safe, RUNTIME=safe)).config["SECRET_KEY"] == GOOD_SECRET


def test_refuses_the_default_secret_key(runtime: Runtime) -> None:
    settings = Settings(environment="production", public_base_url="https://x.test")
    problems = production_problems(settings, runtime.engine, debug=False)
    assert any("SECRET_KEY" in p for p in problems)
    assert settings.secret_key == DEFAULT_SECRET_KEY


def test_create_app_refuses_debug_in_production(runtime: Runtime) -> None:
    prod = Runtime(
        Settings(
            secret_key=GOOD_SECRET, environment="production", public_base_url="https://x.test"
        ),
        runtime.engine,
        runtime.sessions,
    )
    with pytest.raises(UnsafeToStart, match="debug"):
        create_app({"RUNTIME": prod, "DEBUG": True})


def test_development_starts_with_defaults(runtime: Runtime) -> None:
    assert create_app({"RUNTIME": runtime, "SECRET_KEY": DEFAULT_SECRET_KEY})


def test_sqlite_below_full_synchronous_is_refused(tmp_path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'fast.db'}")

    @event.listens_for(engine, "connect")
    def _normal(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")

    assert durability_problems(engine) == [
        "SQLite synchronous is 1; it must be FULL (2) or EXTRA (3)"
    ]
    engine.dispose()


def test_the_service_engine_passes_the_durability_check(engine: Engine) -> None:
    assert durability_problems(engine) == []


def test_postgresql_with_synchronous_commit_off_is_refused(
    database_url: str, db_backend: str
) -> None:
    if db_backend != "postgresql":
        pytest.skip("PostgreSQL setting")
    unsafe = create_engine(database_url, connect_args={"options": "-c synchronous_commit=off"})
    try:
        assert any("synchronous_commit is off" in p for p in durability_problems(unsafe))
    finally:
        unsafe.dispose()


def test_production_refuses_a_moved_clock(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(startup_checks, "CLOCK_OFFSET", timedelta(days=365))
    settings = Settings(secret_key=GOOD_SECRET, environment="production")
    problems = production_problems(settings, runtime.engine, debug=False)
    assert any("CAREVOICE_CLOCK_OFFSET" in p for p in problems)


@pytest.mark.parametrize(
    ("spec", "offset"),
    [
        ("365d", timedelta(days=365)),
        ("-2h", timedelta(hours=-2)),
        ("", timedelta()),
        (" 30m ", timedelta(minutes=30)),
    ],
)
def test_clock_offsets_are_read_with_their_unit(spec: str, offset: timedelta) -> None:
    assert parse_clock_offset(spec) == offset


@pytest.mark.parametrize("spec", ["365", "1y", "d", "1.5d", "+-1d"])
def test_a_clock_offset_without_a_known_unit_is_refused(spec: str) -> None:
    with pytest.raises(ValueError, match="365d, -2h, 30m or 10s"):
        parse_clock_offset(spec)


@pytest.mark.process
def test_a_clock_offset_moves_the_clock_of_processes_carevoice_starts() -> None:
    """What the year-ahead run of the process tests relies on."""
    before = datetime.now(UTC).replace(tzinfo=None)
    child = python(
        "-c",
        "from service.db import utcnow; print(utcnow().isoformat())",
        env={"CAREVOICE_CLOCK_OFFSET": "365d"},
    )
    output = child.communicate(timeout=READY)[0].decode()
    moved = datetime.fromisoformat(output.strip()) - timedelta(days=365)
    assert before <= moved <= datetime.now(UTC).replace(tzinfo=None)
