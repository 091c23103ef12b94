"""The new staff pages of the council's cycle (issuing letters, campaigns, the child's wishes for
their meeting) in real Chromium at 360 px: axe-core finds nothing, with and without errors shown,
and the forms work without JavaScript."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pyotp
import pytest
from playwright.sync_api import Browser

from service import migrate
from service.db import make_engine, make_session_factory, utcnow
from service.demo_data import load_demo_data
from service.domain.campaigns import create_campaign
from service.domain.users import create_user
from service.models import StaffRole
from service.runtime import Runtime
from service.settings import Settings
from service.web import create_app
from tests.domain.test_iro_loop import pre_review
from tests.support import browser as harness
from tests.support.live_server import serve_app

PASSWORD = "a long enough password 42"
TOTP_SECRET = pyotp.random_base32()
KEY = "council-cycle-browser-key-0123456789"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('cycle-browser') / 'cycle.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    runtime = Runtime(
        Settings(database_url=url, secret_key=KEY), engine, make_session_factory(engine)
    )
    with runtime.sessions.begin() as db:
        now = utcnow()
        load_demo_data(db, now=now)
        create_campaign(db, title="Feedback Week", questionnaire_key="feedback_week", now=now)
        review_id = pre_review(db, now, child_ref="BROWSER-1", iro="IRO-BROWSER").id
        create_user(
            db,
            email="officer@council.test",
            display_name="Officer",
            role=StaffRole.PARTICIPATION_OFFICER,
            password=PASSWORD,
            now=now,
        )
        iro = create_user(
            db,
            email="iro@council.test",
            display_name="IRO",
            role=StaffRole.IRO,
            password=PASSWORD,
            now=now,
            iro_code="IRO-BROWSER",
        )
        iro.totp_secret, iro.totp_enabled = TOTP_SECRET, True
    app = create_app({"RUNTIME": runtime, "SECRET_KEY": KEY, "TESTING": True})
    with serve_app(app) as base:
        yield base, review_id
    engine.dispose()


def sign_in(page, base: str, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/staff/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    if "/staff/login/code" in page.url:
        page.fill("#code", pyotp.TOTP(TOTP_SECRET).at(datetime.now(UTC)))
        page.click("button[type=submit]")


def no_violations(page, what: str) -> None:  # type: ignore[no-untyped-def]
    violations = harness.axe_violations(page)
    assert violations == [], f"{what}\n{harness.format_violations(violations)}"


def test_issuing_and_campaign_pages_at_360px(site: tuple[str, int], browser: Browser) -> None:
    base, _review = site
    with harness.mobile_page(browser, bypass_csp=True) as page:
        sign_in(page, base, "officer@council.test")
        page.goto(f"{base}/staff/issue")
        no_violations(page, "/staff/issue")
        page.fill("#i-from", "2001-01-01")
        page.fill("#i-to", "2001-01-31")
        page.click("main form button[type=submit]")
        assert "No review in those dates" in page.content()
        no_violations(page, "/staff/issue with an error")
        page.goto(f"{base}/staff/campaigns")
        assert "Feedback Week" in page.content()
        no_violations(page, "/staff/campaigns")
        page.fill("#c-title", "CiCC poll: the summer trip")
        page.select_option("#c-q", "cicc_poll")
        page.click("form[action$='/staff/campaigns'] button[type=submit]")
        assert "Campaign opened" in page.content()
        no_violations(page, "/staff/campaigns after opening one")


def test_the_wishes_page_at_360px_and_without_javascript(
    site: tuple[str, int], browser: Browser
) -> None:
    base, review_id = site
    with harness.mobile_page(browser, bypass_csp=True) as page:
        sign_in(page, base, "iro@council.test")
        page.goto(f"{base}/staff/reviews/{review_id}/wishes")
        assert "What the child wants from this meeting" in page.content()
        no_violations(page, "wishes page")
        signed_in = page.context.storage_state()  # a TOTP code works once: sign in once
    with harness.mobile_page(browser, java_script_enabled=False, storage_state=signed_in) as page:
        page.goto(f"{base}/staff/reviews/{review_id}/wishes")
        page.select_option("#participation_code", "PN6")
        page.click("form[action$='/participation'] button[type=submit]")
        assert "Recorded PN6." in page.content() or "PN6 was already recorded." in page.content()
