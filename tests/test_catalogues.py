"""The translation catalogues: complete where offered, compiled from the .po files, honest
about which translations no native speaker has checked yet."""

from __future__ import annotations

import gettext
import re

import pytest

from service.catalogues import (
    POT_FILE,
    catalogue_status,
    extract_messages,
    languages,
    load_po,
    po_path,
)
from service.i18n import direction, offered_language, translate
from service.questionnaires import QuestionType, all_questionnaires
from service.web.language import LANGUAGE_NAMES, SUPPORTED

EXTRACTED = {m.id for m in extract_messages() if m.id}


def _ids(path) -> set[str]:
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        return {m.id for m in read_po(fh) if m.id}


def test_template_catalogue_lists_every_msgid_in_the_code() -> None:
    assert _ids(POT_FILE) == EXTRACTED, "run `carevoice translations update`"


def test_extraction_finds_questionnaire_texts_and_template_texts() -> None:
    assert "Do you feel safe where you live?" in EXTRACTED  # N_() in a questionnaire
    assert "Send my answers" in EXTRACTED  # _() in a template
    assert "Please answer this question." in EXTRACTED  # N_() in domain code


@pytest.mark.parametrize("language", languages())
def test_every_catalogue_has_every_msgid(language: str) -> None:
    assert _ids(po_path(language)) == EXTRACTED, "run `carevoice translations update`"


def test_every_language_the_service_names_has_a_catalogue() -> None:
    assert set(languages()) == set(LANGUAGE_NAMES) - {"en"}


@pytest.mark.parametrize("language", [lang for lang in SUPPORTED if lang != "en"])
def test_offered_languages_are_completely_translated(language: str) -> None:
    status = catalogue_status(language)
    assert status.complete, f"{status.translated}/{status.total}"


@pytest.mark.parametrize("language", languages())
def test_compiled_catalogue_matches_its_po_file(language: str) -> None:
    catalog = load_po(language)
    mo_file = po_path(language).with_suffix(".mo")
    with mo_file.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    expected = {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}
    assert {k: v for k, v in compiled._catalog.items() if k} == expected, (  # type: ignore[attr-defined]
        "run `carevoice translations update` to recompile"
    )


def test_machine_translations_are_marked_as_such() -> None:
    for language in languages():
        status = catalogue_status(language)
        assert status.machine_translated, language
        assert "native speaker" in status.note, language


def test_ten_languages_are_offered_to_children() -> None:
    assert SUPPORTED == ("en", "ar", "ps", "prs", "fa", "ckb", "ti", "vi", "sq", "am")


@pytest.mark.parametrize("language", ["ar", "ps", "prs", "fa", "ckb"])
def test_right_to_left_languages_are_laid_out_right_to_left(language: str) -> None:
    assert direction(language) == "rtl"
    assert language in languages()


@pytest.mark.parametrize("language", ["en", "ti", "vi", "sq", "am"])
def test_left_to_right_languages_are_laid_out_left_to_right(language: str) -> None:
    assert direction(language) == "ltr"


@pytest.mark.parametrize("language", [lang for lang in SUPPORTED if lang != "en"])
def test_every_question_shown_to_children_is_translated(language: str) -> None:
    untranslated = set()
    for questionnaire in all_questionnaires():
        texts = [questionnaire.title, questionnaire.intro]
        for page in questionnaire.pages:
            texts.append(page.title)
            for q in page.questions:
                texts += [q.text, q.hint, *q.by_age.values(), *q.hint_by_age.values()]
                if q.type is not QuestionType.TEXT:
                    texts += [c.label for c in q.all_choices()]
        untranslated |= {t for t in texts if t and translate(t, language) == t}
    assert not untranslated


PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%\([a-z_]+\)s")


@pytest.mark.parametrize("language", languages())
def test_every_translation_keeps_its_placeholders(language: str) -> None:
    broken = [
        m.id
        for m in load_po(language)
        if m.id
        and m.string
        and sorted(PLACEHOLDER.findall(m.id)) != sorted(PLACEHOLDER.findall(m.string))
    ]
    assert broken == []


def test_placeholders_survive_translation() -> None:
    text = translate("Page %(n)s of %(total)s", "ar")
    assert text % {"n": 1, "total": 4} == "الصفحة 1 من 4"


@pytest.mark.parametrize(
    ("tag", "language"),
    [
        ("fa-AF", "prs"),
        ("fa-IR", "fa"),
        ("ckb", "ckb"),
        ("ku-IQ", "ckb"),
        ("ku", None),
        ("ti-ER", "ti"),
        ("am_ET", "am"),
        ("en-GB", "en"),
        ("de", None),
        ("", None),
    ],
)
def test_browser_and_phone_language_tags_find_the_offered_language(
    tag: str, language: str | None
) -> None:
    assert offered_language(tag) == language
