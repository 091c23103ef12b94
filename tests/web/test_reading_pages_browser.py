"""The reading queue in real headless Chromium at 360 px: a manager opens words that need an
interpreter, marks them read with an outcome (a plain form, no script), gives the alert to a
named person; axe-core finds nothing and nothing scrolls sideways."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pyotp
import pytest
from playwright.sync_api import Browser, Page

from service import migrate
from service.db import make_engine, make_session_factory, utcnow
from service.domain.responses import parse_answers, record_response
from service.domain.users import create_user
from service.models import Channel, StaffRole
from service.questionnaires import get_questionnaire
from service.runtime import Runtime
from service.settings import Settings
from service.web import create_app
from tests.factories import make_invitation
from tests.support import browser as harness
from tests.support.live_server import serve_app

PASSWORD = "a long enough password 42"
TOTP_SECRET = pyotp.random_base32()
KEY = "reading-browser-test-key-0123456789"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('reading-browser') / 'reading.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    runtime = Runtime(
        Settings(database_url=url, secret_key=KEY), engine, make_session_factory(engine)
    )
    with runtime.sessions.begin() as db:
        for role, email in (
            (StaffRole.IRO_MANAGER, "manager"),
            (StaffRole.SAFEGUARDING_LEAD, "lead"),
        ):
            user = create_user(
                db,
                email=f"{email}@council.test",
                display_name=email.title(),
                role=role,
                password=PASSWORD,
                now=utcnow(),
            )
            user.totp_secret, user.totp_enabled = TOTP_SECRET, True
        issued = make_invitation(db, utcnow(), language="ti")
        questionnaire = get_questionnaire("review_child")
        raw = {"review_rating": ["ok"], "feel_safe": ["not_safe"], "do_better": ["ምንም የለም"]}
        record_response(
            db,
            parse_answers(questionnaire, raw),
            channel=Channel.WEB,
            language="ti",
            now=utcnow(),
            invitation=issued.invitation,
        )
    app = create_app({"RUNTIME": runtime, "SECRET_KEY": KEY, "TESTING": True})
    with serve_app(app) as base:
        yield base
    engine.dispose()


def clean(page: Page, what: str) -> None:
    violations = harness.axe_violations(page)
    assert violations == [], f"{what}\n{harness.format_violations(violations)}"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360, what


def test_a_manager_reads_interpreted_words_and_assigns_the_alert_at_360_px(
    site: str, browser: Browser
) -> None:
    with harness.mobile_page(browser, bypass_csp=True) as page:
        page.goto(f"{site}/staff/login")
        page.fill("#email", "manager@council.test")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.fill("#code", pyotp.TOTP(TOTP_SECRET).at(datetime.now(UTC)))
        page.click("button[type=submit]")
        page.goto(f"{site}/staff/reading")
        assert "needs an interpreter" in page.content()
        clean(page, "queue")
        page.click("text=R000001")
        assert "ምንም የለም" in page.content()
        clean(page, "item")
        page.check("#outcome-no_action")
        page.click("button:has-text('Mark as read')")
        assert "interpreter" in page.locator("[role=alert]").inner_text()  # not interpreted yet
        page.check("#outcome-no_action")
        page.check("#interpreted")
        page.fill("#note", "Interpreted by phone: nothing to follow up")
        page.click("button:has-text('Mark as read')")
        assert "R000001 marked read" in page.content()
        assert "interpreted, no action" in page.content()
        clean(page, "queue, read")
        page.goto(f"{site}/staff/reading/figures")
        assert "100.0%" in page.content()
        clean(page, "figures")
        page.goto(f"{site}/staff/alerts/1")
        page.select_option("#assignee", label="Lead")
        page.click("button:has-text('Assign')")
        assert "to Lead" in page.content()
        clean(page, "alert")
