"""Pytest fixtures for browser tests. Import them into ``tests/conftest.py``::

    from tests.support.fixtures import browser, mobile_page, mobile_page_nojs  # noqa: F401

``browser`` is module-scoped (one Chromium per test module, ~1 s to start); it skips the test
when Chromium, Playwright or axe-core is missing, and fails instead when ``CI=true``.

Why not session-scoped: while Playwright's sync API is alive it leaves its asyncio loop marked as
running in the main thread, so every ``async def`` test (pytest-asyncio) that runs after it
fails with "Runner.run() cannot be called from a running event loop". Module scope closes it
after each browser module; for the same reason keep async tests out of browser test modules.

The pages are function-scoped, each in a fresh 360x740 mobile context. Outside pytest use
:func:`tests.support.browser.browser_session` and :func:`tests.support.browser.mobile_page`.
Sync tests only (Playwright's sync API refuses to run inside an event loop).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.support import browser as _b

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

__all__ = ["browser", "mobile_page", "mobile_page_nojs"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    _b.require_browser()
    with _b.browser_session() as launched:
        yield launched


@pytest.fixture
def mobile_page(browser: Browser) -> Iterator[Page]:
    with _b.mobile_page(browser) as page:
        yield page


@pytest.fixture
def mobile_page_nojs(browser: Browser) -> Iterator[Page]:
    """The same mobile page with JavaScript disabled (children's pages must work without it)."""
    with _b.mobile_page(browser, java_script_enabled=False) as page:
        yield page
