"""Done when: `carevoice bot`, a real process pointed at a local Bot API server, completes a
deep-linked questionnaire, and `carevoice responses summary --json` shows it with channel telegram."""

from __future__ import annotations

import json
import signal
from pathlib import Path
from typing import Any

import pytest

from service import migrate
from service.db import utcnow
from service.runtime import Runtime
from service.settings import Settings
from tests.bots.conftest import form_of
from tests.factories import make_invitation
from tests.fakes.bot_api import DEFAULT_TOKEN, ThreadedFakeBotApi
from tests.support.deadlines import READY, wait_for
from tests.support.processes import carevoice, run_carevoice

CHAT = 5151


@pytest.fixture
def database(tmp_path: Path) -> tuple[str, str]:
    """A migrated SQLite file holding one invitation; returns (url, token)."""
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    migrate.upgrade(url)
    runtime = Runtime.from_settings(Settings(database_url=url))
    try:
        with runtime.sessions.begin() as db:
            token = make_invitation(db, utcnow()).token
    finally:
        runtime.dispose()
    return url, token


@pytest.mark.process
def test_carevoice_bot_completes_a_deep_linked_questionnaire(database: tuple[str, str]) -> None:
    url, token = database
    with ThreadedFakeBotApi() as api:
        env = {
            "DATABASE_URL": url,
            "SECRET_KEY": "cli-test-secret",
            "TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "REDIS_URL": None,
        }
        proc = carevoice("bot", "--poll-timeout", "1", env=env)
        try:
            api.wait_for_poll()

            def last_question(number: int) -> dict[str, Any]:
                def found() -> dict[str, Any] | None:
                    sent = api.sent_messages(CHAT)
                    ok = sent and sent[-1]["text"].startswith(f"Question {number} of 6")
                    return sent[-1] if ok else None

                return wait_for(found, f"question {number}")

            def press(key: str, number: int) -> None:
                message = last_question(number)
                api.inject(
                    api.make_callback_update(
                        CHAT, f"a:{form_of(message)}:{number - 1}:{key}", message["message_id"]
                    )
                )

            api.send_text(CHAT, f"/start {token}")
            press("yes", 1)
            press("yes", 2)
            press("very_happy", 3)
            last_question(4)
            api.send_text(CHAT, "More time to talk before the meeting")
            press("yes", 5)  # may we quote it
            press("safe", 6)
            wait_for(
                lambda: api.sent_messages(CHAT)[-1]["text"].startswith(
                    "Your answers have been sent"
                ),
                "thanks",
            )
        finally:
            proc.send_signal(signal.SIGTERM)
            output = proc.communicate(timeout=READY)[0].decode(errors="replace")
        assert proc.returncode == 0, output
        assert DEFAULT_TOKEN not in output  # the bot token never reaches the logs
        assert token not in output
    summary = run_carevoice(
        "responses", "summary", "--json", env={"DATABASE_URL": url, "SECRET_KEY": "cli-test-secret"}
    )
    responses = json.loads(summary)["responses"]
    assert responses["submitted"] == 1
    assert responses["by_channel"] == {"telegram": 1}
