"""Decode QR codes with real decoders, for tests: PNG (pyzbar), SVG (zbarimg), PDF (poppler + pyzbar).

    from tests.qr.decode import decode_png, decode_pdf_pages

zbarimg and pdftoppm come from Debian's zbar-tools and poppler-utils. When one is missing the
calling test is skipped, or fails if the environment variable CI is "true".
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pyzbar import pyzbar

PDF_DPI = 150
APT_PACKAGE = {"zbarimg": "zbar-tools", "pdftoppm": "poppler-utils", "pdftotext": "poppler-utils"}


def require_tool(name: str) -> str:
    """Path of a command-line tool; skips the test if missing (fails it when CI=true)."""
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed (apt-get install {APT_PACKAGE.get(name, name)})"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@dataclass(frozen=True)
class Found:
    """A decoded symbol: its text and its bounding box (left, top, width, height) in pixels."""

    text: str
    box: tuple[int, int, int, int]


def _texts(symbols: list[pyzbar.Decoded]) -> list[str]:
    return [s.data.decode("utf-8") for s in symbols if s.type == "QRCODE"]


def decode_image(image: Image.Image) -> list[str]:
    """Every QR code pyzbar finds in one pass over ``image``."""
    return _texts(pyzbar.decode(image.convert("L")))


def decode_png(png_bytes: bytes) -> list[str]:
    """Every QR code in a PNG (or any image Pillow reads), as text."""
    return decode_image(Image.open(io.BytesIO(png_bytes)))


def decode_svg(svg_bytes: bytes) -> list[str]:
    """Every QR code in an SVG, read by ``zbarimg`` itself (which renders SVG via ImageMagick)."""
    zbarimg = require_tool("zbarimg")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "code.svg"
        path.write_bytes(svg_bytes)
        run = subprocess.run(
            [zbarimg, "--nodbus", "--quiet", "--raw", str(path)],
            capture_output=True,
            check=False,
        )
    if run.returncode == 4:  # no symbol found
        return []
    assert run.returncode == 0, run.stderr.decode(errors="replace")
    return run.stdout.decode("utf-8").splitlines()


def render_pdf_pages(pdf_bytes: bytes, dpi: int = PDF_DPI) -> list[Image.Image]:
    """Every page of a PDF rendered by ``pdftoppm`` as a greyscale image."""
    pdftoppm = require_tool("pdftoppm")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf_bytes)
        subprocess.run(
            [pdftoppm, "-r", str(dpi), "-gray", "-png", str(src), str(Path(tmp) / "page")],
            check=True,
            capture_output=True,
        )
        files = sorted(Path(tmp).glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        pages = []
        for file in files:
            with Image.open(file) as image:
                pages.append(image.convert("L"))
    return pages


def pdf_text(pdf_bytes: bytes) -> str:
    """The PDF's text as ``pdftotext`` extracts it (UTF-8)."""
    pdftotext = require_tool("pdftotext")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf_bytes)
        run = subprocess.run(
            [pdftotext, "-enc", "UTF-8", str(src), "-"], check=True, capture_output=True
        )
    return run.stdout.decode("utf-8")


def word_boxes(pdf_bytes: bytes) -> dict[str, float]:
    """Each word ``pdftotext -bbox`` finds on the first page, with the x of its left edge."""
    pdftotext = require_tool("pdftotext")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf_bytes)
        run = subprocess.run(
            [pdftotext, "-bbox", "-f", "1", "-l", "1", "-enc", "UTF-8", str(src), "-"],
            check=True,
            capture_output=True,
        )
    found = re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', run.stdout.decode("utf-8"))
    return {word.strip("\u200e."): float(x) for x, word in found}


def _dark_regions(
    image: Image.Image, cell: int = 4, reach: int = 3
) -> list[tuple[int, int, int, int]]:
    """Boxes (left, top, right, bottom) of separate dark areas: ink is smeared ``reach`` cells
    of ``cell`` pixels each way, so the modules of one symbol join while a symbol's quiet
    zone keeps it apart from nearby text."""
    ink = np.asarray(image.convert("L")) < 128
    h, w = ink.shape
    gh, gw = -(-h // cell), -(-w // cell)
    padded = np.zeros((gh * cell, gw * cell), dtype=bool)
    padded[:h, :w] = ink
    grid = np.asarray(padded.reshape(gh, cell, gw, cell).any(axis=(1, 3)))
    grown = np.zeros_like(grid)
    for dy in range(-reach, reach + 1):
        for dx in range(-reach, reach + 1):
            src = grid[max(0, -dy) : gh - max(0, dy), max(0, -dx) : gw - max(0, dx)]
            grown[max(0, dy) : gh - max(0, -dy), max(0, dx) : gw - max(0, -dx)] |= src
    seen = np.zeros_like(grown)
    boxes = []
    for y0, x0 in np.argwhere(grown).tolist():
        if seen[y0, x0]:
            continue
        seen[y0, x0] = True
        queue = deque([(y0, x0)])
        top, left, bottom, right = y0, x0, y0, x0
        while queue:
            y, x = queue.popleft()
            top, bottom, left, right = min(top, y), max(bottom, y), min(left, x), max(right, x)
            for ny, nx in ((y - 1, x), (y + 1, x), (y, x - 1), (y, x + 1)):
                if 0 <= ny < gh and 0 <= nx < gw and grown[ny, nx] and not seen[ny, nx]:
                    seen[ny, nx] = True
                    queue.append((ny, nx))
        boxes.append(
            (
                int(left + reach) * cell,
                int(top + reach) * cell,
                int(right - reach + 1) * cell,
                int(bottom - reach + 1) * cell,
            )
        )
    return boxes


def find_codes(image: Image.Image, min_side: int = 40) -> list[Found]:
    """Decode each dark area of ``image`` separately, top to bottom, then left to right.

    One pass of zbar over a whole page with several symbols misses some at random, so every
    candidate area at least ``min_side`` pixels wide and high is cropped, given a white
    margin, and decoded on its own.
    """
    found = []
    for left, top, right, bottom in sorted(_dark_regions(image), key=lambda b: (b[1], b[0])):
        if right - left < min_side or bottom - top < min_side:
            continue
        pad = max(right - left, bottom - top) // 4
        crop = image.crop((left - pad, top - pad, right + pad, bottom + pad))
        for symbol in pyzbar.decode(crop.convert("L")):
            if symbol.type != "QRCODE":
                continue
            r = symbol.rect
            box = (left - pad + r.left, top - pad + r.top, r.width, r.height)
            found.append(Found(symbol.data.decode("utf-8"), box))
    return found


def decode_pdf_page_codes(pdf_bytes: bytes, dpi: int = PDF_DPI) -> list[list[Found]]:
    """For each page, the codes found on it with their positions (see ``find_codes``)."""
    return [find_codes(page) for page in render_pdf_pages(pdf_bytes, dpi)]


def decode_pdf_pages(pdf_bytes: bytes, dpi: int = PDF_DPI) -> list[str]:
    """Every QR code in a PDF rendered at ``dpi``, page by page, top to bottom."""
    return [f.text for page in decode_pdf_page_codes(pdf_bytes, dpi) for f in page]
