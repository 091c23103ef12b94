"""Refuse to run in production with settings that would leak or lose what children say."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from sqlalchemy import Engine, text

from service.db import CLOCK_OFFSET, CLOCK_OFFSET_VARIABLE
from service.notify.email import SCHEMES
from service.settings import Settings

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


def secret_key_problems(settings: Settings) -> list[str]:
    """A missing or short key lets anyone sign cookies: only development and test may have one."""
    if settings.is_local:
        return []
    if not settings.secret_key:
        return ["SECRET_KEY is not set; set a long random one (the same in every process)"]
    if len(settings.secret_key) < MIN_SECRET_KEY_LENGTH:
        return [
            f"SECRET_KEY is shorter than {MIN_SECRET_KEY_LENGTH} characters; set a long random "
            "one, or ENVIRONMENT=development on a machine that serves no real children"
        ]
    return []


def smtp_problems(settings: Settings) -> list[str]:
    """Alert emails name no child, but they and the SMTP password must not cross a network in clear."""
    if not settings.smtp_url:
        return []
    url = urlsplit(settings.smtp_url)
    if url.scheme not in SCHEMES:
        return [f"SMTP_URL must start smtp+starttls://, smtps:// or smtp://, not {url.scheme}://"]
    if url.scheme == "smtp" and not _on_this_machine(url.hostname or "localhost"):
        return ["SMTP_URL is smtp:// to another machine; use smtp+starttls:// or smtps://"]
    return []


def _on_this_machine(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def production_problems(settings: Settings, engine: Engine, *, debug: bool) -> list[str]:
    """Every reason this configuration must not serve real children; empty when it may."""
    problems = secret_key_problems(settings)
    if debug:
        problems.append("debug mode is on; it shows code and data to anyone who triggers an error")
    if not settings.public_base_url.startswith("https://"):
        problems.append("PUBLIC_BASE_URL must be https:// so links and cookies are encrypted")
    if CLOCK_OFFSET:
        problems.append(
            f"{CLOCK_OFFSET_VARIABLE} moves the clock; deadlines and expiry would be wrong"
        )
    if not settings.redis_url:
        problems.append(
            "REDIS_URL is not set: rate limits on links and sign-in would count per worker, so "
            "N workers would allow N times the tries"
        )
    return problems + smtp_problems(settings) + durability_problems(engine)


def refuse_unsafe_production(settings: Settings, engine: Engine, *, debug: bool) -> None:
    """Raise UnsafeToStart listing every problem: in production all checks, elsewhere the key's."""
    if settings.is_production:
        problems = production_problems(settings, engine, debug=debug)
    else:
        problems = secret_key_problems(settings)
    if problems:
        where = "in production" if settings.is_production else "without ENVIRONMENT=development"
        raise UnsafeToStart(f"refusing to start {where}: " + "; ".join(problems))
