"""The app refuses to start with a missing or short secret (unless explicitly development or test),
and in production with debug on or durability off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, event

from service import startup_checks
from service.db import parse_clock_offset
from service.runtime import Runtime
from service.settings import Settings
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
        "REDIS_URL": "redis://127.0.0.1:6379/0",
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
            redis_url="redis://127.0.0.1:6379/0",
        ),
        runtime.engine,
        runtime.sessions,
    )
    assert create_app(_production(safe, RUNTIME=safe)).config["SECRET_KEY"] == GOOD_SECRET


def test_refuses_a_missing_secret_key(runtime: Runtime) -> None:
    settings = Settings(environment="production", public_base_url="https://x.test")
    problems = production_problems(settings, runtime.engine, debug=False)
    assert any("SECRET_KEY is not set" in p for p in problems)


def test_create_app_refuses_debug_in_production(runtime: Runtime) -> None:
    prod = Runtime(
        Settings(
            secret_key=GOOD_SECRET, environment="production", public_base_url="https://x.test"
        ),
        runtime.engine,
        runtime.sessions,
    )
    with pytest.raises(UnsafeToStart, match="debug"):
        create_app(_production(prod, DEBUG=True))


def test_development_starts_with_a_short_key(runtime: Runtime) -> None:
    assert create_app({"RUNTIME": runtime, "ENVIRONMENT": "development", "SECRET_KEY": "dev"})


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


WEAK_KEY = "dev-only-not-secret"  # the old public default


@pytest.mark.parametrize("spelling", ["Production", "PRODUCTION", "prod", "live", "production "])
def test_any_environment_but_development_or_test_refuses_a_weak_secret_key(
    runtime: Runtime, spelling: str
) -> None:
    with pytest.raises(UnsafeToStart, match="SECRET_KEY"):
        create_app({"RUNTIME": runtime, "ENVIRONMENT": spelling, "SECRET_KEY": WEAK_KEY})


def test_without_an_environment_a_short_secret_key_is_refused(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ENVIRONMENT", raising=False)
    with pytest.raises(UnsafeToStart, match="SECRET_KEY is shorter"):
        create_app({"RUNTIME": runtime, "SECRET_KEY": WEAK_KEY})


@pytest.mark.parametrize("spelling", ["development", "Development", " TEST ", "test"])
def test_explicit_development_or_test_may_use_a_short_key(runtime: Runtime, spelling: str) -> None:
    app = create_app({"RUNTIME": runtime, "ENVIRONMENT": spelling, "SECRET_KEY": "short"})
    assert app.config["SECRET_KEY"] == "short"


def test_production_without_a_secret_key_is_refused(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(UnsafeToStart, match="SECRET_KEY is not set"):
        create_app({"RUNTIME": runtime, "ENVIRONMENT": "Production"})


def test_a_fresh_machine_generates_a_key_and_keeps_it_in_the_instance_folder(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """What `carevoice demo` needs on a machine where nothing is configured."""
    monkeypatch.delenv("ENVIRONMENT", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.chdir(tmp_path)
    key = create_app({"RUNTIME": runtime}).config["SECRET_KEY"]
    assert len(key) >= 32 and key != WEAK_KEY
    stored = tmp_path / "instance" / "secret_key"
    assert stored.read_text().strip() == key
    assert stored.stat().st_mode & 0o077 == 0  # readable by its owner only
    assert create_app({"RUNTIME": runtime}).config["SECRET_KEY"] == key


def _problems(runtime: Runtime, **settings: object) -> list[str]:
    safe: dict[str, object] = {
        "environment": "production",
        "secret_key": GOOD_SECRET,
        "public_base_url": "https://x.test",
        "redis_url": "redis://127.0.0.1:6379/0",
    }
    configured = Settings(**{**safe, **settings})  # type: ignore[arg-type]
    return production_problems(configured, runtime.engine, debug=False)


@pytest.mark.parametrize("url", ["smtp://mail.council.test:25", "smtp+tls://mail.council.test"])
def test_production_refuses_alert_email_without_tls(runtime: Runtime, url: str) -> None:
    assert any("SMTP_URL" in p for p in _problems(runtime, smtp_url=url))


@pytest.mark.parametrize(
    "url",
    [
        "smtp://127.0.0.1:25",
        "smtp://localhost",
        "smtp+starttls://u:p@mail.test",
        "smtps://mail.test",
    ],
)
def test_production_accepts_tls_or_a_relay_on_the_same_machine(runtime: Runtime, url: str) -> None:
    assert _problems(runtime, smtp_url=url) == []


def test_production_refuses_rate_limits_counted_per_worker(runtime: Runtime) -> None:
    assert any("REDIS_URL" in p for p in _problems(runtime, redis_url=None))
