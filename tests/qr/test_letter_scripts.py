"""Letters in every offered language: each script has a font (Ethiopic and some Pashto letters
come from the system's Noto fonts), and a letter no font can draw is refused, never printed
with empty boxes."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from qr.letters import LetterCode, LetterSheet, MissingGlyphsError, build_letters_pdf
from service.domain.letters import FOR_YOU, HEADING, INSTRUCTIONS, SCAN_TO_ANSWER, footer
from service.i18n import SUPPORTED, direction, translate
from service.models import Role
from tests.qr.decode import pdf_text

URL = "https://feedback.example.gov.uk/r/Qw2Er4Ty6Ui8Op0As1Df3G"


def sheet_in(language: str) -> LetterSheet:
    return LetterSheet(
        heading=translate(HEADING, language),
        codes=[
            LetterCode(
                translate(FOR_YOU, language),
                URL,
                f"{translate(INSTRUCTIONS[Role.CHILD], language)} "
                f"{translate(SCAN_TO_ANSWER, language)}",
            )
        ],
        footer=footer(language),
        direction="rtl" if direction(language) == "rtl" else "ltr",
    )


def fonts_in(pdf: bytes) -> str:
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "letter.pdf"
        path.write_bytes(pdf)
        return subprocess.run([pdffonts, str(path)], capture_output=True, text=True).stdout


@pytest.mark.parametrize("language", SUPPORTED)
def test_a_letter_prints_in_every_offered_language(language: str) -> None:
    sheet = sheet_in(language)
    text = pdf_text(build_letters_pdf([sheet]))
    letters = {ch for ch in sheet.heading + sheet.codes[0].instruction if ch.isalpha()}
    assert letters <= set(text), language


def test_tigrinya_and_amharic_are_drawn_with_an_ethiopic_font() -> None:
    for language in ("ti", "am"):
        assert "NotoSansEthiopic" in fonts_in(build_letters_pdf([sheet_in(language)]))


def test_pashto_letters_missing_from_dejavu_come_from_naskh() -> None:
    sheet = LetterSheet("ستاسو بیاکتنه ۍ", [LetterCode("ستا", URL, "ۍ")], "ۍ", direction="rtl")
    assert "NotoNaskhArabic" in fonts_in(build_letters_pdf([sheet]))


def test_a_letter_no_font_can_draw_is_refused() -> None:
    sheet = LetterSheet("Your review \U0001e900", [LetterCode("For you", URL, "Scan")], "x")
    with pytest.raises(MissingGlyphsError, match=re.escape("U+1E900")):
        build_letters_pdf([sheet])
