"""Refuse to run in production with settings that would leak or lose what children say."""

from __future__ import annotations

from sqlalchemy import Engine, text

from service.db import CLOCK_OFFSET, CLOCK_OFFSET_VARIABLE
from service.settings import DEFAULT_SECRET_KEY, Settings

MIN_SECRET_KEY_LENGTH = 32
# SQLite PRAGMA synchronous values: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA.
SQLITE_FULL = 2


class UnsafeToStart(RuntimeError):
    """Production settings that must be fixed before the service may start."""


def durability_problems(engine: Engine) -> list[str]:
    """What would let a committed response vanish after a crash or power cut."""
    problems: list[str] = []
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            level = int(conn.exec_driver_sql("PRAGMA synchronous").scalar_one())
            if level < SQLITE_FULL:
                problems.append(f"SQLite synchronous is {level}; it must be FULL (2) or EXTRA (3)")
        elif engine.dialect.name == "postgresql":
            for name in ("fsync", "synchronous_commit"):
                value = str(conn.execute(text(f"SHOW {name}")).scalar_one())
                if value.lower() == "off":
                    problems.append(f"PostgreSQL {name} is off; committed answers could be lost")
    return problems


def production_problems(settings: Settings, engine: Engine, *, debug: bool) -> list[str]:
    """Every reason this configuration must not serve real children; empty when it may."""
    problems: list[str] = []
    if settings.secret_key == DEFAULT_SECRET_KEY:
        problems.append("SECRET_KEY is the development default; set a long random one")
    elif len(settings.secret_key) < MIN_SECRET_KEY_LENGTH:
        problems.append(f"SECRET_KEY is shorter than {MIN_SECRET_KEY_LENGTH} characters")
    if debug:
        problems.append("debug mode is on; it shows code and data to anyone who triggers an error")
    if not settings.public_base_url.startswith("https://"):
        problems.append("PUBLIC_BASE_URL must be https:// so links and cookies are encrypted")
    if CLOCK_OFFSET:
        problems.append(
            f"{CLOCK_OFFSET_VARIABLE} moves the clock; deadlines and expiry would be wrong"
        )
    return problems + durability_problems(engine)


def refuse_unsafe_production(settings: Settings, engine: Engine, *, debug: bool) -> None:
    """Raise UnsafeToStart listing every problem, when running in production."""
    if not settings.is_production:
        return
    problems = production_problems(settings, engine, debug=debug)
    if problems:
        raise UnsafeToStart("refusing to start in production: " + "; ".join(problems))
