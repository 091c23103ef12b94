"""Settings shared by the web app, the bot, the worker and the CLI, read once from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

# The only ENVIRONMENT values (any case, spaces ignored) that let a short SECRET_KEY sign cookies.
# Anything else set, `Production`, `prod` or `live` alike, is production.
LOCAL_ENVIRONMENTS = frozenset({"development", "test"})


def default_database_url() -> str:
    """SQLite file in ./instance, so a fresh machine with only Python works."""
    return f"sqlite:///{(Path.cwd() / 'instance' / 'carevoice.db').as_posix()}"


@dataclass(frozen=True)
class Settings:
    """Everything configurable; built from environment variables by `from_env`."""

    database_url: str = field(default_factory=default_database_url)
    secret_key: str = ""  # unset: refused in production, generated on a local machine
    environment: str = ""  # unset (a local machine), development, test; anything else: production
    public_base_url: str = "http://127.0.0.1:5000"
    redis_url: str | None = None
    telegram_bot_token: str | None = None
    telegram_api_base_url: str | None = None
    telegram_bot_username: str = "carevoice_bot"
    invitation_ttl_days: int = 120
    form_session_minutes: int = 60
    council_name: str = "Your council"
    council_help_phone: str = "0300 123 4567"
    council_out_of_hours_phone: str = "0300 123 4568"
    leaving_care_phone: str = "0300 123 4569"  # the leaving care (after-care) team
    contact_within_hours: int = 24  # the council's pledge to a child who says they are not safe
    quick_exit_url: str = "https://www.bbc.co.uk/weather"  # where "Leave this page" goes
    worry_spool_dir: str = "instance/worries"  # worries kept on disk while the database is down
    safeguarding_email: str = "safeguarding@example.gov.uk"
    smtp_url: str | None = None
    smtp_verify_tls: bool = True  # off only for a private relay whose certificate cannot be checked
    mail_from: str = "carevoice@example.gov.uk"
    alert_staff_chat_id: int | None = None
    escalation_contacts: tuple[str, ...] = ()
    urgent_ack_minutes: int = 60
    # The reading queue: who reads which words ("iro" is the child's IRO; a role name is the first
    # active person with that role; anything else is a staff email), by when, and who is told next.
    reading_review_reader: str = "iro"
    reading_campaign_reader: str = "participation_officer"
    reading_due_working_days: int = 2
    reading_escalate_after_working_days: int = 1  # after the reminder at the due time
    reading_escalation_contacts: tuple[str, ...] = ()  # unset: every active IRO manager
    high_ack_minutes: int = 24 * 60
    staff_idle_minutes: int = 30
    staff_absolute_hours: int = 10
    staff_max_failed_logins: int = 5  # wrong codes (after a right password) before a lock
    staff_lockout_minutes: int = 15
    # Wrong passwords or codes one client may make, whichever accounts it tries.
    staff_login_client_limit: str = "10 per 15 minutes; 30 per day"
    # Wrong passwords for one email from all clients, whether or not the account exists. Each
    # figure is above the client's for the same period, so no one client can lock an account.
    staff_login_account_limit: str = "20 per 15 minutes; 50 per day"
    token_rate_limit: str = "10 per minute; 60 per hour"  # noqa: S105 - not a secret
    proxy_hops: int = 0  # how many trusted reverse proxies set X-Forwarded-For/-Proto
    # The timetable (`carevoice schedule run`; the worker runs it too when SCHEDULE_ENABLED):
    # the consultation before each review N days ahead, review feedback N days after (-1: off).
    schedule_enabled: bool = False
    schedule_pre_review_days: int = 21
    schedule_feedback_days: int = 1
    schedule_letters_dir: str | None = None  # where each run's new letters are written as a PDF
    retention_free_text_days: int = 3 * 365
    retention_expired_invitation_days: int = 90
    retention_chat_days: int = 180
    retention_bot_update_days: int = 7
    retention_staff_session_days: int = 30
    # A closed alert's words (the excerpt and the words the screen matched), counted from when it
    # was closed; an open alert keeps them. Its existence, category, urgency, times and history stay.
    retention_alert_words_days: int = 3 * 365
    # A child's case reference, counted from the last thing about them (a review, an answer, an
    # invitation's expiry, an alert closed); never while an alert about them is open.
    retention_case_reference_days: int = 3 * 365

    @property
    def environment_name(self) -> str:
        return self.environment.strip().casefold()

    @property
    def is_local(self) -> bool:
        """Explicitly development or test: the only places a short SECRET_KEY is accepted."""
        return self.environment_name in LOCAL_ENVIRONMENTS

    @property
    def is_production(self) -> bool:
        """Any ENVIRONMENT that is set and is not development or test: fail closed on spelling."""
        return bool(self.environment_name) and not self.is_local

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Read settings from the environment (names in capitals), then apply overrides."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for name, f in cls.__dataclass_fields__.items():
            raw = env.get(name.upper())
            if raw is None or raw == "":
                continue
            values[name] = _parse(name, raw, str(f.type))
        return replace(cls(**values), **overrides)


_YES = frozenset({"1", "true", "yes", "on"})
_NO = frozenset({"0", "false", "no", "off"})


def _parse(name: str, raw: str, type_name: str) -> Any:
    if type_name == "bool":
        word = raw.strip().casefold()
        if word not in _YES | _NO:
            raise ValueError(f"{name.upper()} must be true or false, not {raw!r}")
        return word in _YES
    if type_name.startswith("int"):
        return int(raw)
    if type_name.startswith("tuple"):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw
