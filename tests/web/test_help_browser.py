"""Help in real headless Chromium at 360 px: one tap away on every child page and in sight
without scrolling, shown under the safety question the moment a child says they are not safe,
numbers that read left to right in Arabic, and nothing axe-core can find wrong."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support import browser as harness
from tests.web.test_forms_browser import assert_accessible, link_for, site  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    with harness.mobile_page(browser, bypass_csp=True) as opened:
        yield opened


def help_link_in_sight(page: Any) -> None:
    link = page.locator("a.need-help")
    assert link.count() == 1, page.url
    box = link.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 740, f"help below the fold: {page.url}"
    assert box["height"] >= 44


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_help_is_one_tap_away_on_every_child_page(
    site: tuple[str, Any],  # noqa: F811
    page: Any,
    lang: str,
) -> None:
    from service.questionnaires import get_questionnaire

    base, runtime = site
    for key in ("review_child", "pre_review", "feedback_week"):
        page.goto(base + link_for(runtime, get_questionnaire(key), lang) + f"?lang={lang}")
        help_link_in_sight(page)
        page.click("a.need-help")
        assert page.url.startswith(base + "/help")
        assert page.locator("a[href='tel:999']").first.is_visible()
        assert_accessible(page)
    for path in ("/", "/r/not-a-real-token", "/help", "/thanks"):
        page.goto(base + path + f"?lang={lang}")
        help_link_in_sight(page)


def test_saying_not_safe_shows_help_on_the_same_screen(
    site: tuple[str, Any],  # noqa: F811
    page: Any,
) -> None:
    from service.questionnaires import get_questionnaire

    base, runtime = site
    page.goto(base + link_for(runtime, get_questionnaire("review_child"), "en"))
    help_now = page.locator(".help-now")
    assert not help_now.is_visible()
    page.click("label[for='q-feel_safe-not_safe']")
    assert help_now.is_visible()
    assert help_now.locator("a[href='tel:999']").is_visible()
    assert_accessible(page)
    page.click("label[for='q-feel_safe-safe']")
    assert not help_now.is_visible()


def test_arabic_help_keeps_phone_numbers_left_to_right(
    site: tuple[str, Any],  # noqa: F811
    page: Any,
) -> None:
    base, _runtime = site
    page.goto(base + "/help?lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    number = page.locator(".number", has_text="0800 1111")
    assert number.count() == 1
    # Where the two halves of the number land on screen: "0800" must be left of "1111".
    order = number.evaluate(
        """el => {
            const text = el.firstChild, range = document.createRange();
            const at = (start, end) => { range.setStart(text, start); range.setEnd(text, end);
                                         return range.getBoundingClientRect().left; };
            return [at(0, 4), at(5, 9)];
        }"""
    )
    assert order[0] < order[1], f"0800 is drawn right of 1111: {order}"
    assert_accessible(page)


def test_contacts_are_large_tap_targets(
    site: tuple[str, Any],  # noqa: F811
    page: Any,
) -> None:
    base, _runtime = site
    page.goto(base + "/help")
    for box in (a.bounding_box() for a in page.locator("a.contact").all()):
        assert box is not None and box["height"] >= 44 and box["width"] >= 200
