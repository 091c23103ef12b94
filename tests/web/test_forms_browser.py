"""Children's forms in real headless Chromium at 360x740: every questionnaire in English and
Arabic, answers checked in the database, zero axe-core violations on every page, resuming,
no JavaScript, keyboard only, tap targets and visible focus.

Runs on SQLite only (its own database file): what is checked here is the browser side; the
same answers over HTTP are tested on both databases in the other tests/web modules.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from service import migrate
from service.db import make_engine, make_session_factory
from service.domain.campaigns import create_campaign
from service.domain.invitations import issue_invitation
from service.models import Alert, Response, ResponseStatus
from service.questionnaires import Question, Questionnaire, QuestionType, all_questionnaires
from service.runtime import Runtime
from service.settings import Settings
from service.web import create_app
from tests.support import browser as harness
from tests.support.live_server import serve_app

pytestmark = pytest.mark.browser

TEXT_ANSWER = {"en": "It was fine, thank you", "ar": "كان جيدًا، شكرًا"}
MIN_TARGET = 44


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Runtime]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'forms.db'}"
    migrate.upgrade(url)
    settings = Settings(
        database_url=url, secret_key="browser-test", council_name="Testshire Council"
    )
    engine = make_engine(url)
    runtime = Runtime(settings, engine, make_session_factory(engine))
    # One browser opens dozens of links here; the link rate limit has its own tests.
    app = create_app(
        {
            "RUNTIME": runtime,
            "SECRET_KEY": "browser-test",
            "TESTING": True,
            "TOKEN_RATE_LIMIT": "10000 per minute",
        }
    )
    with serve_app(app) as base:
        yield base, runtime
    engine.dispose()


@pytest.fixture
def page(browser) -> Iterator[Any]:
    # Playwright injects axe as an inline script; the app's CSP rightly forbids those.
    with harness.mobile_page(browser, bypass_csp=True) as opened:
        yield opened


def link_for(runtime: Runtime, questionnaire: Questionnaire, lang: str) -> str:
    """A fresh invitation link, or a campaign link for an anonymous questionnaire."""
    with runtime.sessions.begin() as db:
        if questionnaire.anonymous:
            campaign = create_campaign(
                db, title="Test", questionnaire_key=questionnaire.key, now=runtime.now()
            )
            return f"/c/{campaign.code}"
        issued = issue_invitation(
            db,
            role=questionnaire.roles[0],
            questionnaire_key=questionnaire.key,
            language=lang,
            expires_at=runtime.now() + timedelta(days=30),
            now=runtime.now(),
        )
        return f"/r/{issued.token}"


def planned_answer(question: Question, lang: str) -> str | list[str]:
    """A calm answer for each question: the first choice that raises no alert."""
    if question.type is QuestionType.TEXT:
        return TEXT_ANSWER[lang]
    calm = [c.key for c in question.choices if not c.raises_alert]
    if question.type is QuestionType.MULTI:
        return calm[: min(2, question.max_choices or 2)]
    return calm[0]


def assert_accessible(page: Any) -> None:
    violations = harness.axe_violations(page)
    assert violations == [], f"{page.url}\n" + harness.format_violations(violations)


def fill_page(page: Any, questions: tuple[Question, ...], lang: str) -> dict[str, Any]:
    """Answer every question on the page as a child would, by tapping the labels."""
    given: dict[str, Any] = {}
    for question in questions:
        answer = planned_answer(question, lang)
        if isinstance(answer, str) and question.type is QuestionType.TEXT:
            page.locator(f"#q-{question.id}").fill(answer)
        else:
            for key in [answer] if isinstance(answer, str) else answer:
                page.locator(f'label[for="q-{question.id}-{key}"]').tap()
        given[question.id] = answer
    return given


def stored_answers(runtime: Runtime, key: str) -> dict[str, Any]:
    with runtime.sessions() as db:
        response = db.scalars(
            select(Response)
            .where(Response.questionnaire_key == key)
            .order_by(Response.id.desc())
            .limit(1)
        ).one()
        assert response.status is ResponseStatus.SUBMITTED
        return {
            a.question_id: a.text if a.text is not None else (a.values or a.value)
            for a in response.answers
        } | {"__language": response.language}


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("questionnaire", all_questionnaires(), ids=lambda q: q.key)
def test_fill_every_questionnaire_with_no_accessibility_violations(
    site, page, questionnaire: Questionnaire, lang: str
) -> None:
    base, runtime = site
    page.goto(base + link_for(runtime, questionnaire, lang))
    if lang == "ar" and questionnaire.anonymous:  # campaigns open in English: use the picker
        page.locator(".langs summary").click()
        page.locator('.langs a[hreflang="ar"]').click()
        page.wait_for_url("**/form?lang=ar")
    assert page.evaluate("() => document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")
    given: dict[str, Any] = {}
    for number, form_page in enumerate(questionnaire.pages, start=1):
        assert_accessible(page)
        given |= fill_page(page, form_page.questions, lang)
        page.locator('button[value="next"]').click()
        page.wait_for_load_state()
        if number < len(questionnaire.pages):
            page.wait_for_url(f"**/form?page={questionnaire.pages[number].id}")
    page.wait_for_url("**/thanks")
    assert_accessible(page)
    assert stored_answers(runtime, questionnaire.key) == {**given, "__language": lang}


def test_not_safe_shows_help_at_once_and_records_an_alert(site, page) -> None:
    base, runtime = site
    questionnaire = next(q for q in all_questionnaires() if q.key == "review_child")
    page.goto(base + link_for(runtime, questionnaire, "en"))
    page.locator('label[for="q-feel_safe-not_safe"]').tap()
    page.locator('button[value="next"]').click()
    page.wait_for_url("**/help?**")
    assert "0800 1111" in page.content()
    assert "Testshire" in page.content() or "0300 123 4567" in page.content()
    assert_accessible(page)
    with runtime.sessions() as db:
        assert db.scalars(select(Alert).where(Alert.question_id == "feel_safe")).first()


def test_half_finished_form_resumes_from_the_same_link(site, browser) -> None:
    base, runtime = site
    questionnaire = next(q for q in all_questionnaires() if q.key == "pre_review")
    link = base + link_for(runtime, questionnaire, "en")
    with harness.mobile_page(browser) as first:
        first.goto(link)
        first.locator('label[for="q-taking_part-come_listen"]').tap()
        first.locator('button[value="next"]').click()
        first.wait_for_url("**/form?page=people")
    with harness.mobile_page(browser) as later:  # a new phone: no cookies at all
        later.goto(link)
        assert "2" in later.locator(".step").inner_text()
        assert later.locator("h2").inner_text() == "Who is there"
        later.locator('button[value="back"]').click()
        later.wait_for_url("**/form?page=taking_part")
        assert later.locator("#q-taking_part-come_listen").is_checked()


def test_whole_form_works_without_javascript(site, mobile_page_nojs) -> None:
    base, runtime = site
    page = mobile_page_nojs
    questionnaire = next(q for q in all_questionnaires() if q.key == "how_things_are")
    page.goto(base + link_for(runtime, questionnaire, "en"))
    given: dict[str, Any] = {}
    for form_page in questionnaire.pages:
        given |= fill_page(page, form_page.questions, "en")
        page.locator('button[value="next"]').click()
        page.wait_for_load_state()
    page.wait_for_url("**/thanks")
    assert stored_answers(runtime, questionnaire.key) == {**given, "__language": "en"}


def test_keyboard_only_fills_and_sends_a_form_with_visible_focus(site, page) -> None:
    base, runtime = site
    questionnaire = next(q for q in all_questionnaires() if q.key == "review_child")
    page.goto(base + link_for(runtime, questionnaire, "en"))
    for question in questionnaire.questions:
        tab_to(page, f"[name='{question.id}']")
        assert focus_is_visible(page), question.id
        if question.type is QuestionType.TEXT:
            page.keyboard.type("Typed with a keyboard")
        else:
            page.keyboard.press("Space")  # picks the focused (first) answer of the group
    tab_to(page, "button[value='next']")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**/thanks")
    stored = stored_answers(runtime, "review_child")
    assert stored["spoke_to_iro"] == "yes" and stored["do_better"] == "Typed with a keyboard"


def tab_to(page: Any, selector: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"could not reach {selector} with Tab")


def focus_is_visible(page: Any) -> bool:
    """The focused control, or the label drawn in its place, has an outline."""
    return page.evaluate(
        """() => {
        const el = document.activeElement;
        const drawn = el.matches('.choices input') ? el.nextElementSibling : el;
        const style = getComputedStyle(drawn);
        return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    }"""
    )


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_tap_targets_are_at_least_44_pixels(site, page, lang: str) -> None:
    base, runtime = site
    questionnaire = next(q for q in all_questionnaires() if q.key == "how_things_are")
    page.goto(base + link_for(runtime, questionnaire, lang))
    page.goto(base + f"/form?lang={lang}")
    small = page.evaluate(
        """(min) => [...document.querySelectorAll(
            'main button, main .choices label, main summary, main .langs a, main textarea, main a.button')]
          .map(el => [el.outerHTML.slice(0, 60), el.getBoundingClientRect()])
          .filter(([, r]) => r.width < min || r.height < min)
          .map(([html, r]) => `${html} ${r.width}x${r.height}`)""",
        MIN_TARGET,
    )
    assert small == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360  # no sideways scroll


def test_shot_of_the_arabic_form_for_the_record(site, page, tmp_path: Path) -> None:
    base, runtime = site
    questionnaire = next(q for q in all_questionnaires() if q.key == "review_child")
    page.goto(base + link_for(runtime, questionnaire, "ar"))
    shot = tmp_path / "review_child_ar.png"
    page.screenshot(path=str(shot), full_page=True)
    box = page.locator("h1").bounding_box()
    assert box is not None and box["x"] + box["width"] > 300  # right-aligned heading
