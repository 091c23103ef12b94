"""Every offered language in real headless Chromium at 360 px: the review form, the help page
and the thank-you page with no axe-core findings, right to left where the language is, a
picker of every language on every page, and every letter drawn from Debian's Noto fonts (no
empty boxes: checked letter by letter against the font's missing-glyph box, on a screenshot
taken per script)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.i18n import SUPPORTED, direction, translate
from service.questionnaires import QuestionType, get_questionnaire
from tests.support import browser as harness
from tests.web.test_forms_browser import (  # noqa: F401
    assert_accessible,
    fill_page,
    link_for,
    site,
    stored_answers,
)

pytestmark = pytest.mark.browser

REVIEW = get_questionnaire("review_child")

# Each letter the page shows drawn on a canvas in the page's font, beside a code point no font
# has (U+0378, unassigned): a letter that comes out identical fell back to the missing-glyph box.
NOT_DRAWN = """() => {
  const font = getComputedStyle(document.body).font;
  const canvas = document.createElement('canvas');
  canvas.width = 64; canvas.height = 64;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const draw = (ch) => {
    ctx.clearRect(0, 0, 64, 64); ctx.font = font; ctx.textBaseline = 'middle';
    ctx.fillText(ch, 8, 32);
    return ctx.getImageData(0, 0, 64, 64).data.join(',');
  };
  const box = draw('\\u0378');
  const letters = new Set(document.body.innerText.replace(/[\\s\\u200b-\\u200f\\u2066-\\u2069]/gu, ''));
  return [...letters].filter((ch) => draw(ch) === box);
}"""


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    with harness.mobile_page(browser, bypass_csp=True) as opened:
        yield opened


def assert_page_is_in(page: Any, lang: str) -> None:
    html = page.locator("html")
    assert html.get_attribute("lang") == lang
    assert html.get_attribute("dir") == direction(lang)
    assert page.evaluate("() => getComputedStyle(document.body).direction") == direction(lang)
    offered = page.eval_on_selector_all("a[hreflang]", "links => links.map(a => a.hreflang)")
    assert offered == list(SUPPORTED), page.url


@pytest.mark.parametrize("lang", SUPPORTED)
def test_review_help_and_thanks_in_every_language(site, page: Any, lang: str) -> None:  # noqa: F811
    base, runtime = site
    page.goto(base + link_for(runtime, REVIEW, lang))
    assert_page_is_in(page, lang)
    assert page.locator("h1").inner_text() == translate(REVIEW.title, lang)
    legend = page.locator("legend").first.inner_text()
    assert translate(REVIEW.questions[0].text, lang) in legend
    assert_accessible(page)
    given = fill_page(page, REVIEW.questions, "ar" if direction(lang) == "rtl" else "en")
    page.locator('button[value="next"]').click()
    page.wait_for_url("**/thanks")
    assert_page_is_in(page, lang)
    assert_accessible(page)
    assert stored_answers(runtime, REVIEW.key) == {**given, "__language": lang}
    page.goto(base + "/help")
    assert_page_is_in(page, lang)
    assert page.locator("h1").inner_text() == translate(
        "You don't have to wait. You can get help now.", lang
    )
    assert_accessible(page)


@pytest.mark.parametrize("lang", SUPPORTED)
def test_every_letter_is_drawn_in_every_script(
    site,  # noqa: F811
    page: Any,
    lang: str,
    tmp_path: Path,
) -> None:
    base, runtime = site
    page.goto(base + link_for(runtime, REVIEW, lang))
    page.locator(".langs summary").click()  # the picker's names are in every script
    page.locator(f'label[for="q-{REVIEW.questions[0].id}-yes"]').tap()
    shot = tmp_path / f"review_{lang}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000  # a real page, not a blank one
    assert page.evaluate(NOT_DRAWN) == []


def test_the_missing_glyph_check_finds_a_letter_no_font_has(site, page: Any) -> None:  # noqa: F811
    base, _runtime = site
    page.goto(base + "/")
    page.evaluate("() => { document.querySelector('h1').textContent += '\\uFDD0'; }")
    assert page.evaluate(NOT_DRAWN) == ["\ufdd0"]


@pytest.mark.parametrize("lang", ["ar", "ti"])
def test_a_used_link_on_a_new_phone_says_so_in_the_invitations_language(
    site,  # noqa: F811
    page: Any,
    lang: str,
) -> None:
    base, runtime = site
    link = link_for(runtime, REVIEW, lang)
    page.goto(base + link)
    fill_page(page, tuple(q for q in REVIEW.questions if q.type is not QuestionType.TEXT), "en")
    page.locator('button[value="next"]').click()
    page.wait_for_url("**/thanks")
    with harness.mobile_page(page.context.browser, bypass_csp=True) as new_phone:
        new_phone.goto(base + link)
        assert_page_is_in(new_phone, lang)
        expected = translate("You have already answered. Thank you for telling us.", lang)
        assert new_phone.locator("main p").first.inner_text() == expected
        assert_accessible(new_phone)


def test_a_bad_link_speaks_the_browsers_language(browser: Any, site) -> None:  # noqa: F811
    base, _runtime = site
    with harness.mobile_page(browser, bypass_csp=True, locale="fa-AF") as dari_phone:
        dari_phone.goto(base + "/r/not-a-real-token")
        assert_page_is_in(dari_phone, "prs")
        assert dari_phone.locator("h1").inner_text() == translate("This link is not working", "prs")
