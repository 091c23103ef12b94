"""The form made for under-8s in real headless Chromium at 360 px: one question to a screen,
answered by tapping pictures alone, and read aloud with the phone's own voice for the page's
language (window.speechSynthesis is stubbed: headless Chromium has no voices)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from service.i18n import translate
from service.questionnaires import get_questionnaire
from tests.support import browser as harness
from tests.web.test_forms_browser import assert_accessible, link_for, site, stored_answers  # noqa: F401

pytestmark = pytest.mark.browser

UNDER_8 = get_questionnaire("review_under8")
REVIEW = get_questionnaire("review_child")
PICKED = {
    "review_rating": "very_happy",
    "felt_involved": "yes",
    "spoke_to_iro": "not_sure",
    "feel_safe": "safe",
}

# A phone's speech engine: these voices, and every utterance spoken is recorded.
SPEECH = """(voices) => {
  window.spoken = [];
  window.SpeechSynthesisUtterance = class {
    constructor(text) { this.text = text; this.lang = ""; this.voice = null; }
  };
  const synth = {
    getVoices: () => voices.map((v) => ({ default: false, voiceURI: v.name, ...v })),
    speak: (u) => window.spoken.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.name }),
    cancel: () => {}, addEventListener: () => {}, speaking: false, pending: false, paused: false,
  };
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
}"""


def speaking(page: Any, *voices: dict[str, Any]) -> Any:
    page.add_init_script(f"({SPEECH})({json.dumps(list(voices))})")
    return page


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    with harness.mobile_page(browser, bypass_csp=True) as opened:
        yield opened


def in_view(page: Any, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 740


@pytest.mark.parametrize("lang", ["en", "am", "ar"])
def test_walked_by_pictures_alone_one_question_a_screen_and_read_aloud(
    site,  # noqa: F811
    page: Any,
    lang: str,
) -> None:
    base, runtime = site
    voice = {"en": "en-GB", "am": "am-ET", "ar": "ar-SA"}[lang]
    speaking(page, {"name": f"Phone {voice}", "lang": voice, "localService": True})
    page.goto(base + link_for(runtime, UNDER_8, lang))
    for number, form_page in enumerate(UNDER_8.pages, start=1):
        (question,) = form_page.questions
        assert page.locator("fieldset").count() == 1
        assert page.evaluate("() => document.body.classList.contains('young')")
        assert_accessible(page)
        # Read to me: the question, then every answer, in the page's language.
        page.locator("fieldset button.read").click()
        spoken = page.evaluate("() => window.spoken")
        said = [translate(t, lang) for t in (question.text, question.hint) if t]
        said += [translate(c.label, lang) for c in question.all_choices()]
        assert [s["text"] for s in spoken] == said
        assert {(s["lang"], s["voice"]) for s in spoken} == {(voice, f"Phone {voice}")}
        page.evaluate("() => { window.spoken = []; }")
        # Every picture and the button to go on fit on one screen, without scrolling.
        pictures = page.locator("fieldset label svg")
        assert pictures.count() == len(question.all_choices())
        assert all(
            in_view(page, f"fieldset label:nth-of-type({i}) svg")
            for i in range(1, pictures.count() + 1)
        )
        assert in_view(page, 'button[value="next"]')
        page.locator(f'label[for="q-{question.id}-{PICKED[question.id]}"] svg').tap()
        assert page.locator(f"#q-{question.id}-{PICKED[question.id]}").is_checked()
        page.locator('button[value="next"]').click()
        if number < len(UNDER_8.pages):
            page.wait_for_url(f"**/form?page={UNDER_8.pages[number].id}")
    page.wait_for_url("**/thanks")
    assert stored_answers(runtime, UNDER_8.key) == {**PICKED, "__language": lang}


def test_no_read_aloud_button_without_a_voice_on_the_phone_for_the_language(
    site,  # noqa: F811
    page: Any,
) -> None:
    base, runtime = site
    # An English voice, and a Tigrinya one that would send the words to a server: neither reads Tigrinya.
    speaking(
        page,
        {"name": "Phone en", "lang": "en-GB", "localService": True},
        {"name": "Cloud ti", "lang": "ti-ER", "localService": False},
    )
    page.goto(base + link_for(runtime, REVIEW, "ti"))
    assert page.locator("button.read").count() == 0


def test_dari_is_read_by_an_afghan_persian_voice(site, page: Any) -> None:  # noqa: F811
    base, runtime = site
    speaking(page, {"name": "Phone fa-AF", "lang": "fa-AF", "localService": True})
    page.goto(base + link_for(runtime, UNDER_8, "prs"))
    page.locator("fieldset button.read").click()
    assert page.evaluate("() => window.spoken[0]") == {
        "text": translate(UNDER_8.questions[0].text, "prs"),
        "lang": "fa-AF",
        "voice": "Phone fa-AF",
    }


def test_the_thank_you_page_reads_itself(site, page: Any) -> None:  # noqa: F811
    base, _runtime = site
    speaking(page, {"name": "Phone vi", "lang": "vi-VN", "localService": True})
    page.goto(base + "/thanks?lang=vi")
    page.locator("button.read").click()
    texts = [s["text"] for s in page.evaluate("() => window.spoken")]
    assert texts[0] == translate("Thank you", "vi")
    assert_accessible(page)


def test_without_javascript_there_is_no_read_aloud_and_the_form_still_works(
    site,  # noqa: F811
    mobile_page_nojs: Any,
) -> None:
    base, runtime = site
    page = mobile_page_nojs
    page.goto(base + link_for(runtime, UNDER_8, "en"))
    assert page.locator("button.read").count() == 0
    for form_page in UNDER_8.pages:
        (question,) = form_page.questions
        page.locator(f'label[for="q-{question.id}-{PICKED[question.id]}"]').tap()
        page.locator('button[value="next"]').click()
        page.wait_for_load_state()
    page.wait_for_url("**/thanks")
    assert stored_answers(runtime, UNDER_8.key) == {**PICKED, "__language": "en"}
