"""Staff pages in real headless Chromium: they work without JavaScript and axe-core finds nothing.

Children's pages have their own, stricter walk (tests/web/test_forms_browser.py); staff use the
same accessible patterns because councils' staff include screen-reader and keyboard users too.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pyotp
import pytest
from playwright.sync_api import Browser

from service import migrate
from service.db import make_engine, make_session_factory, utcnow
from service.demo_data import load_demo_data
from service.domain.users import TOTP_REQUIRED_ROLES, create_user
from service.models import StaffRole
from service.runtime import Runtime
from service.settings import Settings
from service.web import create_app
from tests.support import browser as harness
from tests.support.live_server import serve_app

PASSWORD = "a long enough password 42"
TOTP_SECRET = pyotp.random_base32()
PAGES = {
    StaffRole.PARTICIPATION_OFFICER: (
        "/staff/",
        "/staff/dashboard",
        "/staff/cicc",
        "/staff/actions",
        "/staff/alerts",
        "/staff/translations",
    ),
    StaffRole.ADMIN: ("/staff/admin/users", "/staff/admin/audit"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('staff-browser') / 'staff.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    runtime = Runtime(
        Settings(database_url=url, secret_key="staff-browser-test-key-0123456789"),
        engine,
        make_session_factory(engine),
    )
    with runtime.sessions.begin() as db:
        load_demo_data(db, now=utcnow())
        for role in PAGES:
            user = create_user(
                db,
                email=f"{role.value}@council.test",
                display_name=role.value,
                role=role,
                password=PASSWORD,
                now=utcnow(),
            )
            if role in TOTP_REQUIRED_ROLES:
                user.totp_secret, user.totp_enabled = TOTP_SECRET, True
    app = create_app(
        {"RUNTIME": runtime, "SECRET_KEY": "staff-browser-test-key-0123456789", "TESTING": True}
    )
    with serve_app(app) as base:
        yield base
    engine.dispose()


@pytest.mark.parametrize("role", list(PAGES), ids=lambda r: r.value)
def test_staff_pages_have_no_accessibility_violations(
    site: str, browser: Browser, role: StaffRole
) -> None:
    with harness.mobile_page(
        browser,
        viewport={"width": 1280, "height": 900},
        is_mobile=False,
        has_touch=False,
        bypass_csp=True,  # lets the test inject axe-core; the pages themselves run no script
    ) as page:
        page.goto(f"{site}/staff/login")
        assert harness.axe_violations(page) == [], "login page"
        page.fill("#email", f"{role.value}@council.test")
        page.fill("#password", PASSWORD)
        # Wait for the page the form leads to, not just its address: axe needs its document.
        with page.expect_navigation():
            page.click("button[type=submit]")
        if "/staff/login/code" in page.url:
            assert harness.axe_violations(page) == [], "code page"
            page.fill("#code", pyotp.TOTP(TOTP_SECRET).at(datetime.now(UTC)))
            with page.expect_navigation():
                page.click("button[type=submit]")
        for path in PAGES[role]:
            page.goto(f"{site}{path}")
            assert "/staff/login" not in page.url, path
            violations = harness.axe_violations(page)
            assert violations == [], f"{path}\n{harness.format_violations(violations)}"
