"""qr.letters: the printed PDF is rendered by poppler and every code decoded from it."""

from __future__ import annotations

import re
import unicodedata

import pytest

from qr.letters import LetterCode, LetterSheet, SheetOverflowError, build_letters_pdf
from tests.qr.decode import (
    decode_pdf_page_codes,
    decode_pdf_pages,
    pdf_text,
    render_pdf_pages,
    word_boxes,
)

BASE = "https://feedback.example.gov.uk/r/"
SCAN = "Scan with your phone camera to tell us about your review."
FOOTER = "We keep your answers private. If you need to talk, call Childline free on 0800 1111."

ENGLISH = LetterSheet(
    heading="Your review",
    codes=[
        LetterCode("For you", BASE + "Yq3vX0b9Tn2Lw8Kd7Hs1Aa", SCAN),
        LetterCode("For your carer", BASE + "p_4LmZ2rQw9-XcV8bN1kJh", "Tell us how it went."),
        LetterCode("For your parent", BASE + "Rt6yU-i8oP0aS2dF4gH6jK", "Tell us what you think."),
    ],
    footer=FOOTER,
    merge_fields={"Review date": "12 March 2025"},
)
ARABIC = LetterSheet(
    heading="مراجعتك",
    codes=[
        LetterCode(
            "لك", BASE + "Zx1cV3bN5mA7sD9fG2hJ4k", "امسح الرمز بكاميرا هاتفك لتخبرنا عن مراجعتك."
        ),
        LetterCode("لمقدم الرعاية", BASE + "Lk8jH6gF4dS2aP0oI9uY7t", "أخبرنا برأيك."),
    ],
    footer="نحافظ على خصوصية إجاباتك. اتصل بـ Childline مجانًا على 0800 1111.",
    direction="rtl",
    merge_fields={"تاريخ المراجعة": "12 مارس 2025"},
)
ONE_CODE = LetterSheet(
    heading="Tell us about your review",
    codes=[LetterCode("For you", BASE + "Qw2Er4Ty6Ui8Op0As1Df3G", SCAN)],
    footer="Childline 0800 1111",
)
SHEETS = [ENGLISH, ARABIC, ONE_CODE]
MM_AT_150_DPI = 150 / 25.4


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return build_letters_pdf(iter(SHEETS))


def _urls(sheets: list[LetterSheet]) -> list[str]:
    return [code.url for sheet in sheets for code in sheet.codes]


def _words(text: str) -> set[str]:
    """Words, ignoring bidi controls, presentation forms, case and punctuation."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]", " ", text)
    return {w.casefold() for w in re.findall(r"\w+", text)}


def _given_words(sheets: list[LetterSheet]) -> set[str]:
    texts = []
    for s in sheets:
        texts += [s.heading, s.footer, *s.merge_fields.keys(), *s.merge_fields.values()]
        texts += [t for c in s.codes for t in (c.role_label, c.instruction)]
    return _words(" ".join(texts))


def test_pdf_starts_as_a_pdf(pdf: bytes) -> None:
    assert pdf.startswith(b"%PDF-")


def test_one_a4_page_per_sheet(pdf: bytes) -> None:
    pages = render_pdf_pages(pdf, dpi=30)
    assert [p.size for p in pages] == [(249, 351)] * 3  # 210 x 297 mm at 30 dpi, rounded up


def test_every_url_decodes_from_the_printed_pages_in_order(pdf: bytes) -> None:
    assert decode_pdf_pages(pdf) == _urls(SHEETS)


def test_codes_are_at_least_35_mm(pdf: bytes) -> None:
    sizes = [min(f.box[2:]) for page in decode_pdf_page_codes(pdf) for f in page]
    assert min(sizes) >= 35 * MM_AT_150_DPI


def test_rtl_sheet_puts_codes_on_the_right(pdf: bytes) -> None:
    arabic_page = decode_pdf_page_codes(pdf)[1]
    assert all(f.box[0] > 105 * MM_AT_150_DPI for f in arabic_page)


def test_ltr_sheet_puts_codes_on_the_left(pdf: bytes) -> None:
    english_page = decode_pdf_page_codes(pdf)[0]
    assert all(f.box[0] + f.box[2] < 105 * MM_AT_150_DPI for f in english_page)


def test_printed_text_is_only_what_was_given(pdf: bytes) -> None:
    assert _words(pdf_text(pdf)) <= _given_words(SHEETS)


def test_every_given_text_is_printed(pdf: bytes) -> None:
    assert _given_words(SHEETS) <= _words(pdf_text(pdf))


def test_urls_are_not_printed_as_text(pdf: bytes) -> None:
    assert "feedback.example" not in pdf_text(pdf)


def test_arabic_is_extracted_in_reading_order(pdf: bytes) -> None:
    assert "امسح الرمز بكاميرا هاتفك" in pdf_text(pdf)


def test_long_url_decodes_from_the_pdf() -> None:
    url = BASE + "aB3_-" * 40 + "?lang=en&role=carer"
    sheet = LetterSheet("Your review", [LetterCode("For you", url, SCAN)], FOOTER)
    assert decode_pdf_pages(build_letters_pdf([sheet])) == [url]


def test_non_ascii_url_decodes_from_the_pdf() -> None:
    url = BASE + "café/مرحبا"
    sheet = LetterSheet("Your review", [LetterCode("For you", url, SCAN)], FOOTER)
    assert decode_pdf_pages(build_letters_pdf([sheet])) == [url]


def test_sheets_are_read_lazily_from_a_generator() -> None:
    sheets = (ONE_CODE for _ in range(5))
    assert len(render_pdf_pages(build_letters_pdf(sheets), dpi=10)) == 5


def test_no_sheets_is_refused() -> None:
    with pytest.raises(ValueError, match="no sheets"):
        build_letters_pdf([])


def test_more_than_three_codes_is_refused() -> None:
    sheet = LetterSheet("Your review", [ENGLISH.codes[0]] * 4, FOOTER)
    with pytest.raises(ValueError, match="1 to 3 codes"):
        build_letters_pdf([sheet])


def test_text_that_cannot_fit_is_refused() -> None:
    fields = {f"Field {i}": "value" for i in range(40)}
    sheet = LetterSheet("Your review", ENGLISH.codes, FOOTER, merge_fields=fields)
    with pytest.raises(SheetOverflowError):
        build_letters_pdf([sheet])


@pytest.mark.parametrize("language", ["ar", "en"])
def test_childlines_number_reads_left_to_right_in_every_language(language: str) -> None:
    """In a right-to-left paragraph, "0800 1111" would otherwise be drawn "1111 0800"."""
    from service.domain.letters import footer

    sheet = LetterSheet(
        heading="x",
        codes=[LetterCode("x", BASE + "Qw2Er4Ty6Ui8Op0As1Df3G", "x")],
        footer=footer(language),
        direction="rtl" if language == "ar" else "ltr",
    )
    words = word_boxes(build_letters_pdf(iter([sheet])))
    assert words["0800"] < words["1111"]
