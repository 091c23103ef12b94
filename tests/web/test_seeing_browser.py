"""Seeing where you are, in real headless Chromium at 360 px: the GOV.UK error pattern in every
language, a focus indicator and a chosen answer that stand out (contrast measured on screenshot
pixels), a skip link, 44 px tap targets, an icon that is there, and a review form short enough
to reach Send."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from PIL import Image

from service.i18n import translate
from service.questionnaires import get_questionnaire
from tests.support import browser as harness
from tests.web.test_forms_browser import assert_accessible, link_for, site  # noqa: F401

pytestmark = pytest.mark.browser

PRE_REVIEW = get_questionnaire("pre_review")
REVIEW = get_questionnaire("review_child")
DPR = harness.MOBILE_CONTEXT["device_scale_factor"]
INTERACTIVE = "a, button, summary, label[for], textarea"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    with harness.mobile_page(browser, bypass_csp=True) as opened:
        yield opened


def luminance(rgb: tuple[int, ...]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def shot(page: Any) -> Image.Image:
    return Image.open(io.BytesIO(page.screenshot())).convert("RGB")


def pixel_left_of(image: Image.Image, box: dict[str, float], css_px: float) -> tuple[int, ...]:
    """The pixel `css_px` CSS pixels outside the element's left edge, halfway down it."""
    x = (box["x"] - css_px) * DPR
    y = (box["y"] + box["height"] / 2) * DPR
    return image.getpixel((round(x), round(y)))


def focus_ring_contrast(page: Any, selector: str) -> tuple[float, float]:
    """Contrast of the focus ring (2-5 px outside the element) against what lies inside it
    (0-2 px) and outside it (5-7 px), read from a screenshot."""
    page.locator(selector).first.scroll_into_view_if_needed()
    page.evaluate("(s) => document.querySelector(s).focus()", selector)
    drawn = selector + " + label" if selector.endswith("input") else selector
    box = page.locator(drawn).first.bounding_box()
    image = shot(page)
    ring, inner, outer = (pixel_left_of(image, box, d) for d in (3.5, 1, 6.25))
    return contrast(ring, inner), contrast(ring, outer)


@pytest.mark.parametrize("lang", ["en", "ar", "ti"])
def test_the_gov_uk_error_pattern_in_every_language(site, page: Any, lang: str) -> None:  # noqa: F811
    base, runtime = site
    page.goto(base + link_for(runtime, PRE_REVIEW, lang))
    page.locator('button[value="next"]').click()  # the required question left unanswered
    page.wait_for_load_state()
    title = translate(PRE_REVIEW.title, lang) + " · " + translate("Have your say", lang)
    assert page.title() == translate("Error: %(title)s", lang) % {"title": title}
    summary = page.locator(".error-summary")
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")
    assert summary.locator("h2").inner_text() == translate("There is a problem", lang)
    link = summary.locator("a")
    assert link.count() == 1
    assert translate("Please answer this question.", lang) in link.inner_text()
    field_error = page.locator("#err-taking_part")
    assert field_error.inner_text().startswith(translate("Error:", lang))
    assert_accessible(page)
    link.click()
    assert page.evaluate("() => document.activeElement.id") == "q-taking_part-come_speak"
    page.keyboard.press("Space")
    page.locator('button[value="next"]').click()
    page.wait_for_url("**/form?page=people")


def test_too_many_ticks_say_how_many_are_allowed(site, page: Any) -> None:  # noqa: F811
    base, runtime = site
    page.goto(base + link_for(runtime, get_questionnaire("cicc_poll"), "en"))
    for key in ("being_heard", "meetings", "school", "health"):
        page.locator(f'label[for="q-priorities-{key}"]').tap()
    page.locator('button[value="next"]').click()
    page.wait_for_load_state()
    assert "Please pick no more than 3." in page.locator(".error-summary").inner_text()


def test_the_focus_ring_stands_out_from_both_its_neighbours(site, page: Any) -> None:  # noqa: F811
    base, runtime = site
    page.goto(base + link_for(runtime, REVIEW, "en"))
    for selector in (
        "a.need-help",  # on the blue header
        ".langs summary",
        "#q-spoke_to_iro-yes",  # a hidden radio: its answer card shows the ring
        "details.privacy summary",
        "#q-do_better",
        'button[value="next"]',
    ):
        inner, outer = focus_ring_contrast(page, selector)
        assert inner >= 3 and outer >= 3, (selector, inner, outer)
    page.goto(base + "/help")
    for selector in ("a.contact.danger", "a.contact.call:not(.danger)", "a.button.exit"):
        inner, outer = focus_ring_contrast(page, selector)
        assert inner >= 3 and outer >= 3, (selector, inner, outer)


def test_a_chosen_answer_is_marked_by_more_than_colour(site, page: Any) -> None:  # noqa: F811
    base, runtime = site
    page.goto(base + link_for(runtime, REVIEW, "en"))
    page.locator('label[for="q-felt_involved-yes"]').click()  # a tap would leave its highlight
    page.evaluate("() => document.activeElement.blur()")
    chosen = page.locator('label[for="q-felt_involved-yes"]').bounding_box()
    other = page.locator('label[for="q-felt_involved-no"]').bounding_box()
    image = shot(page)
    # A point in each card's padding, clear of its border, corners, picture and words.
    inside = [
        image.getpixel((round((b["x"] + 8) * DPR), round((b["y"] + b["height"] / 2) * DPR)))
        for b in (chosen, other)
    ]
    assert inside[0] == (0x0B, 0x53, 0x94) and inside[1] == (255, 255, 255)
    assert contrast(*inside) >= 3
    marks = page.evaluate(
        """() => ['yes', 'no'].map((k) => {
            const label = document.querySelector(`label[for="q-felt_involved-${k}"]`);
            const tick = getComputedStyle(label, '::after');
            const style = getComputedStyle(label);
            return [tick.content, tick.borderBottomWidth, style.fontWeight, style.borderTopWidth];
        })"""
    )
    assert marks[0] == ['""', "3px", "700", "3px"]  # a tick, bold words, a thicker border
    assert marks[1][0] == "none" and marks[1][2:] == ["400", "2px"]


def test_the_skip_link_is_first_and_shows_when_focused(site, page: Any) -> None:  # noqa: F811
    base, runtime = site
    page.goto(base + link_for(runtime, REVIEW, "en"))
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    assert page.evaluate("() => document.activeElement.className") == "skip"
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0 and box["height"] >= 44
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_tap_target_is_at_least_44_pixels(site, page: Any, lang: str) -> None:  # noqa: F811
    base, runtime = site
    small_ones = []
    for path in (link_for(runtime, REVIEW, lang), "/help", "/thanks", "/r/not-a-real-token"):
        page.goto(base + path)
        page.locator(".langs summary").click()
        small_ones += page.evaluate(
            """([selector, min]) => [...document.querySelectorAll(selector)]
              .filter((el) => el.offsetParent !== null && !el.closest('.choices input'))
              .map((el) => [el.outerHTML.slice(0, 70), el.getBoundingClientRect()])
              .filter(([, r]) => r.width < min || r.height < min)
              .map(([html, r]) => `${html} ${r.width}x${r.height}`)""",
            [INTERACTIVE, 44],
        )
    assert small_ones == []


def test_no_page_asks_for_anything_that_is_not_there(site, page: Any) -> None:  # noqa: F811
    base, runtime = site
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page.goto(base + link_for(runtime, REVIEW, "en"))
    page.goto(base + "/help")
    page.goto(base + "/favicon.ico")
    assert missing == []
    assert page.evaluate("() => document.contentType") == "image/svg+xml"


def test_the_review_form_reaches_send_within_two_and_a_half_screens(site, page: Any) -> None:  # noqa: F811
    base, runtime = site
    page.goto(base + link_for(runtime, REVIEW, "en"))
    send = page.locator('button[value="next"]').bounding_box()
    assert send is not None and send["height"] >= 44
    assert send["y"] + send["height"] <= 2.5 * 740  # 2,059 px down before the cards were compacted
