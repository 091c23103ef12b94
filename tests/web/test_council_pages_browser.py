"""The council's cycle pages in real headless Chromium at 360 px: young people's "You said, we
did" (English and Arabic, with and without JavaScript) and the staff pages this work changed
(start, dashboard, CiCC summary, actions and one action), with nothing axe-core can find wrong."""

from __future__ import annotations

from datetime import UTC, datetime

import pyotp
import pytest
from playwright.sync_api import Browser

from service.models import StaffRole
from tests.support import browser as harness
from tests.web.test_staff_pages_browser import PASSWORD, TOTP_SECRET, site  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_you_said_we_did_reads_on_a_phone_without_signing_in(
    site: str,  # noqa: F811
    browser: Browser,
    lang: str,
) -> None:
    with harness.mobile_page(browser, bypass_csp=True) as page:
        page.goto(f"{site}/you-said-we-did?lang={lang}")
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert page.locator("div.said").count() >= 1  # the demo publishes actions
        assert page.locator("h2").count() >= 1
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, "the page scrolls sideways on a phone"
        violations = harness.axe_violations(page)
        assert violations == [], harness.format_violations(violations)
    with harness.mobile_page(browser, java_script_enabled=False) as page:
        page.goto(f"{site}/you-said-we-did?lang={lang}")
        assert page.locator("div.said").count() >= 1


def test_changed_staff_pages_pass_axe_at_360_px(site: str, browser: Browser) -> None:  # noqa: F811
    with harness.mobile_page(browser, bypass_csp=True) as page:
        role = StaffRole.PARTICIPATION_OFFICER
        page.goto(f"{site}/staff/login")
        page.fill("#email", f"{role.value}@council.test")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        if "/staff/login/code" in page.url:
            page.fill("#code", pyotp.TOTP(TOTP_SECRET).at(datetime.now(UTC)))
            page.click("button[type=submit]")
        page.goto(f"{site}/staff/actions")
        page.locator("a", has_text="Change action").first.click()
        action_page = page.url
        assert "/staff/actions/" in action_page
        for path in ("/staff/", "/staff/dashboard", "/staff/cicc", "/staff/actions"):
            page.goto(f"{site}{path}")
            assert "/staff/login" not in page.url, path
            violations = harness.axe_violations(page)
            assert violations == [], f"{path}\n{harness.format_violations(violations)}"
        page.goto(action_page)
        violations = harness.axe_violations(page)
        assert violations == [], f"{action_page}\n{harness.format_violations(violations)}"
