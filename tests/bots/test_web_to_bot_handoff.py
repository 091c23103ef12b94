"""The web form's "answer in Telegram" link carries a signed handoff, never the invitation's
token: not in the page, not in the cookie; the bot opens the same form with it for a day."""

from __future__ import annotations

import base64
import dataclasses
import re
import zlib

from flask.testing import FlaskClient

from service.runtime import Runtime
from tests.bots.conftest import Chat, RunningBot
from tests.bots.test_questionnaire import invite
from tests.conftest import Clock
from tests.web.helpers import open_form


def session_cookie_text(client: FlaskClient) -> str:
    """What anyone holding the browser's cookie can read (it is signed, not encrypted)."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    payload = cookie.value
    compressed = payload.startswith(".")
    data = payload.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    return (zlib.decompress(raw) if compressed else raw).decode()


def telegram_client(runtime: Runtime, client: FlaskClient) -> FlaskClient:
    runtime.settings = dataclasses.replace(runtime.settings, telegram_bot_token="123:test")
    return client


async def test_the_page_and_cookie_hold_no_token_and_the_link_opens_the_form(
    bot: RunningBot, chat: Chat, client: FlaskClient
) -> None:
    runtime = bot.runtime
    token = invite(runtime)
    html = open_form(telegram_client(runtime, client), token)
    assert token not in html and token not in session_cookie_text(client)
    found = re.search(r'href="https://t\.me/[^?]+\?start=([A-Za-z0-9_-]+)"', html)
    assert found, "no Telegram link on the form"
    await chat.say(f"/start {found.group(1)}")
    assert chat.texts()[-1].startswith("Question 1 of 6")


async def test_a_day_old_or_changed_handoff_opens_nothing(
    bot: RunningBot, chat: Chat, client: FlaskClient, clock: Clock
) -> None:
    runtime = bot.runtime
    html = open_form(telegram_client(runtime, client), invite(runtime))
    found = re.search(r"\?start=([A-Za-z0-9_-]+)", html)
    assert found
    code = found.group(1)
    changed = code[:-2] + ("AA" if code[-2:] != "AA" else "BB")
    await chat.say(f"/start {changed}")
    assert chat.texts()[-1].startswith("This link is not working")
    clock.advance(days=1, minutes=1)
    await chat.say(f"/start {code}")
    assert chat.texts()[-1].startswith("This link is not working")
