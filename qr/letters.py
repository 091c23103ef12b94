"""Printable A4 letter sheets with QR codes, one page per review, built with fpdf2.

The caller gives every word that is printed (already translated); this module adds no text
of its own. Codes are drawn as vector rectangles (one PDF path per code, one rectangle per
horizontal run of dark modules), so they print sharp at any size and cost about 0.2 ms each
to write, against several ms for an embedded PNG.

Fonts: DejaVu Sans (regular and bold) from matplotlib's data folder, which covers Latin,
Greek, Cyrillic and Arabic; text is shaped with HarfBuzz (``uharfbuzz``) so Arabic letters
join and right-to-left sheets run right to left. What DejaVu lacks (Ethiopic, for Tigrinya and
Amharic letters, and a few Pashto letters) comes from the system's Noto fonts (Debian's
fonts-noto-core). A sheet with a letter no font here can draw is refused, never printed with
empty boxes.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal, cast

import matplotlib
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import Align, MethodReturnValue, XPos, YPos

from qr.codes import qr_matrix

__all__ = [
    "LetterCode",
    "LetterSheet",
    "MissingGlyphsError",
    "SheetOverflowError",
    "build_letters_pdf",
]


@dataclass(frozen=True)
class LetterCode:
    role_label: str  # e.g. "For you", "For your carer" (translated by the caller)
    url: str  # what the QR code encodes
    instruction: str  # e.g. "Scan with your phone camera to tell us about your review."


@dataclass(frozen=True)
class LetterSheet:
    heading: str  # e.g. "Your review" (translated by the caller)
    codes: Sequence[LetterCode]  # 1 to 3 codes
    footer: str  # e.g. privacy line and Childline 0800 1111
    direction: Literal["ltr", "rtl"] = "ltr"
    # What the council chooses to print (e.g. "Review date"), shown as "label: value".
    merge_fields: Mapping[str, str] = field(default_factory=dict)


class SheetOverflowError(ValueError):
    """The sheet's text does not fit on one A4 page with codes of the minimum size."""


class MissingGlyphsError(ValueError):
    """The sheet has letters no font here can draw (install fonts-noto-core)."""


# Layout, in millimetres (A4 is 210 x 297).
PAGE_W, PAGE_H = 210.0, 297.0
MARGIN_X = 20.0
MARGIN_TOP = 20.0
MARGIN_BOTTOM = 18.0
CONTENT_W = PAGE_W - 2 * MARGIN_X
MAX_SYMBOL_MM = 40.0  # printed symbol without its quiet zone
MIN_SYMBOL_MM = 35.0
QUIET_ZONE_MODULES = 4  # kept free of ink around each symbol
GUTTER = 8.0  # between a code's quiet zone and its instruction
ROW_GAP = 4.0  # between one code's row and the next role label

HEADING_PT, LABEL_PT, TEXT_PT, MERGE_PT, FOOTER_PT = 22, 15, 13, 11, 10
PT_TO_MM = 25.4 / 72
LINE = 1.35  # line height as a multiple of the font size

FONT = "DejaVuSans"
FONT_R, FONT_B = "", "B"  # regular and bold styles
# Fonts for what DejaVu Sans lacks, by family: (regular file, bold file), searched for below.
FALLBACK_FONTS = {
    "NotoSansEthiopic": ("NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf"),
    "NotoNaskhArabic": ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
}
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))


def _font_dir() -> Path:
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _find_font(filename: str) -> Path | None:
    for root in FONT_DIRS:
        if root.is_dir():
            found = next(root.rglob(filename), None)
            if found is not None:
                return found
    return None


@cache
def _fallbacks() -> dict[str, tuple[Path, Path | None]]:
    """The fallback families found on this machine: (regular, bold if there is one)."""
    found = {}
    for family, (regular, bold) in FALLBACK_FONTS.items():
        path = _find_font(regular)
        if path is not None:
            found[family] = (path, _find_font(bold))
    return found


@cache
def _drawable() -> frozenset[int]:
    """Every code point some loaded font has a glyph for."""
    paths = [_font_dir() / "DejaVuSans.ttf", *(r for r, _b in _fallbacks().values())]
    covered: set[int] = set()
    for path in paths:
        with TTFont(str(path), lazy=True) as font:
            covered.update(font.getBestCmap())
    return frozenset(covered)


def _undrawable(sheet: LetterSheet) -> list[str]:
    """Letters on the sheet that would print as empty boxes (spaces and format marks, such as
    the left-to-right marks around phone numbers, draw nothing and need no glyph)."""
    drawable = _drawable()
    return sorted(
        {
            ch
            for text in _texts(sheet)
            for ch in text
            if ord(ch) not in drawable and not ch.isspace() and unicodedata.category(ch) != "Cf"
        }
    )


def _line_h(pt: float) -> float:
    return pt * PT_TO_MM * LINE


def build_letters_pdf(sheets: Iterable[LetterSheet]) -> bytes:
    """One A4 page per sheet, in order. Sheets are consumed one at a time.

    Raises ValueError for a sheet with no code or more than 3, or no sheets at all, and
    SheetOverflowError (a ValueError) when a sheet's text leaves no room for 35 mm codes.
    """
    writer = _Writer()
    count = 0
    for count, sheet in enumerate(sheets, start=1):
        _check(sheet, count)
        writer.sheet(sheet, count)
    if count == 0:
        raise ValueError("no sheets to print")
    return bytes(writer.pdf.output())


def _check(sheet: LetterSheet, number: int) -> None:
    if not 1 <= len(sheet.codes) <= 3:
        raise ValueError(f"sheet {number}: needs 1 to 3 codes, got {len(sheet.codes)}")
    if sheet.direction not in ("ltr", "rtl"):
        raise ValueError(f"sheet {number}: direction must be 'ltr' or 'rtl'")
    for code in sheet.codes:
        if not code.url:
            raise ValueError(f"sheet {number}: a code has an empty url")
    missing = _undrawable(sheet)
    if missing:
        shown = " ".join(f"U+{ord(ch):04X}" for ch in missing)
        raise MissingGlyphsError(f"sheet {number}: no font here draws {shown}")


class _Writer:
    """One PDF being written, and the line breaks of the texts seen so far.

    A batch repeats the same translated texts on every sheet, and fpdf2's line breaking
    (``multi_cell``) was half of the build time, so each paragraph is broken into lines once
    per build (for its font, width and shaping mode) and the lines are written with ``cell``.
    """

    def __init__(self) -> None:
        pdf = FPDF(orientation="P", unit="mm", format="A4")
        pdf.set_auto_page_break(False)
        pdf.set_margins(MARGIN_X, MARGIN_TOP, MARGIN_X)
        pdf.add_font(FONT, FONT_R, str(_font_dir() / "DejaVuSans.ttf"))
        pdf.add_font(FONT, FONT_B, str(_font_dir() / "DejaVuSans-Bold.ttf"))
        for family, (regular, bold) in _fallbacks().items():
            pdf.add_font(family, FONT_R, str(regular))
            pdf.add_font(family, FONT_B, str(bold or regular))
        pdf.set_fallback_fonts(list(_fallbacks()), exact_match=False)
        pdf.set_text_color(0)
        self.pdf = pdf
        self.shaping: str | None = None  # None, or the direction HarfBuzz shapes for
        self.lines: dict[tuple[str, str, float, float, str | None], list[str]] = {}

    def sheet(self, sheet: LetterSheet, number: int) -> None:
        pdf = self.pdf
        pdf.add_page()
        rtl = sheet.direction == "rtl"
        # HarfBuzz only where it changes the result: it triples the cost of plain text.
        if rtl or not all(_plain(text) for text in _texts(sheet)):
            pdf.set_text_shaping(use_shaping_engine=True, direction=sheet.direction)
            self.shaping = sheet.direction
        else:
            pdf.set_text_shaping(use_shaping_engine=False)
            self.shaping = None
        align = Align.R if rtl else Align.L

        # Heading and merge fields, from the top.
        pdf.set_xy(MARGIN_X, MARGIN_TOP)
        self.para(sheet.heading, FONT_B, HEADING_PT, CONTENT_W, align)
        if sheet.merge_fields:
            pdf.set_y(pdf.get_y() + 2)
            for label, value in sheet.merge_fields.items():
                self.para(f"{label}: {value}", FONT_R, MERGE_PT, CONTENT_W, align)
        top = pdf.get_y() + 6

        # Footer, from the bottom.
        footer_lines = self.wrap(sheet.footer, FONT_R, FOOTER_PT, CONTENT_W)
        footer_top = PAGE_H - MARGIN_BOTTOM - len(footer_lines) * _line_h(FOOTER_PT)
        bottom = footer_top - 6

        # Codes share what is left; symbols shrink from 40 mm to no less than 35 mm.
        matrices = [qr_matrix(code.url) for code in sheet.codes]
        n_codes = len(sheet.codes)
        label_h = _line_h(LABEL_PT) + 1
        per_row = (bottom - top) / n_codes - ROW_GAP - label_h
        most = max(len(m) for m in matrices)
        symbol_mm = min(MAX_SYMBOL_MM, per_row * most / (most + 2 * QUIET_ZONE_MODULES))
        if symbol_mm < MIN_SYMBOL_MM:
            raise SheetOverflowError(f"sheet {number}: too much text for {n_codes} codes of 35 mm")

        y = top
        for code, matrix in zip(sheet.codes, matrices, strict=True):
            q = QUIET_ZONE_MODULES * symbol_mm / len(matrix)
            box = symbol_mm + 2 * q  # the symbol and its quiet zone
            pdf.set_xy(MARGIN_X, y)
            self.para(code.role_label, FONT_B, LABEL_PT, CONTENT_W, align)
            y_box = max(pdf.get_y() + 1, y + label_h)
            box_x = PAGE_W - MARGIN_X - box if rtl else MARGIN_X
            _draw_symbol(pdf, matrix, box_x + q, y_box + q, symbol_mm)
            pdf.set_xy(MARGIN_X if rtl else MARGIN_X + box + GUTTER, y_box + q)
            self.para(code.instruction, FONT_R, TEXT_PT, CONTENT_W - box - GUTTER, align)
            y = max(y_box + box, pdf.get_y()) + ROW_GAP
        if y - ROW_GAP > bottom:
            raise SheetOverflowError(f"sheet {number}: the instructions are too long to fit")

        pdf.set_xy(MARGIN_X, footer_top)
        self.para(sheet.footer, FONT_R, FOOTER_PT, CONTENT_W, align)

    def wrap(self, text: str, style: str, pt: float, width: float) -> list[str]:
        """``text`` broken into lines that fit ``width`` (cached)."""
        if not text:
            return []
        key = (text, style, pt, width, self.shaping)
        lines = self.lines.get(key)
        if lines is None:
            self.pdf.set_font(FONT, style, pt)
            lines = cast(
                list[str],
                self.pdf.multi_cell(
                    width, _line_h(pt), text, dry_run=True, output=MethodReturnValue.LINES
                ),
            )
            self.lines[key] = lines
        return lines

    def para(self, text: str, style: str, pt: float, width: float, align: Align) -> None:
        """A wrapped paragraph at the current position; the cursor ends below it, same x."""
        pdf = self.pdf
        x = pdf.get_x()
        lines = self.wrap(text, style, pt, width)
        pdf.set_font(FONT, style, pt)
        for line in lines:
            pdf.set_x(x)
            pdf.cell(width, _line_h(pt), line, align=align, new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_x(x)


def _plain(text: str) -> bool:
    """True if ``text`` renders the same without HarfBuzz: left-to-right scripts with
    precomposed letters only (Latin, Greek, Cyrillic, punctuation), no combining marks."""
    return all(
        ch < "\u0300"
        or "\u0370" <= ch < "\u0483"
        or "\u048a" <= ch < "\u0530"
        or "\u1e00" <= ch < "\u2000"
        or "\u2010" <= ch < "\u2028"
        or "\u2030" <= ch < "\u205f"
        or "\u20a0" <= ch < "\u20c1"
        for ch in text
    )


def _texts(sheet: LetterSheet) -> Iterator[str]:
    yield sheet.heading
    yield sheet.footer
    for code in sheet.codes:
        yield code.role_label
        yield code.instruction
    for label, value in sheet.merge_fields.items():
        yield label
        yield value


def _draw_symbol(pdf: FPDF, matrix: list[list[bool]], x: float, y: float, size: float) -> None:
    """Fill the dark modules of ``matrix`` in a ``size`` mm square whose top left is (x, y).

    fpdf2's public ``rect`` costs about 7 us a call (some 900 calls a page); writing one path
    per code through ``_out`` costs 0.2 ms per code. The coordinate system is scaled so one
    unit is one module, with y running down, and the graphics state is saved and restored.
    """
    k = pdf.k  # points per mm
    module_pt = size / len(matrix) * k
    parts = [f"q 0 g {module_pt:.5f} 0 0 {-module_pt:.5f} {x * k:.3f} {(pdf.h - y) * k:.3f} cm"]
    for r, row in enumerate(matrix):
        c = 0
        for dark, run in itertools.groupby(row):
            length = sum(1 for _ in run)
            if dark:
                parts.append(f"{c} {r} {length} 1 re")
            c += length
    parts.append("f Q")
    pdf._out(" ".join(parts))
