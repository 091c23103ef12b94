"""qr.codes: every image is read back with a real decoder."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from qr.codes import FIXED_MASK, qr_matrix, qr_png, qr_svg
from tests.qr.decode import decode_png, decode_svg

URL = "https://feedback.example.gov.uk/r/Yq3vX0b9Tn2Lw8Kd7Hs1Aa"  # 22-character token
LONG_URL = "https://feedback.example.gov.uk/r/" + "aB3_-" * 120 + "?lang=en&role=carer"
NON_ASCII = "https://feedback.example.gov.uk/r/café?name=Zoë&msg=مرحبا 漢字 ✓"


def test_png_decodes_to_the_url() -> None:
    assert decode_png(qr_png(URL)) == [URL]


def test_png_is_a_png_file() -> None:
    assert qr_png(URL).startswith(b"\x89PNG\r\n\x1a\n")


def test_png_size_is_modules_plus_border_times_scale() -> None:
    with Image.open(io.BytesIO(qr_png(URL, scale=3, border=2))) as image:
        assert image.size == ((33 + 2 * 2) * 3,) * 2


def test_feedback_url_fits_version_4() -> None:
    assert len(qr_matrix(URL)) == 33


def test_matrix_starts_with_a_finder_pattern_and_no_quiet_zone() -> None:
    assert qr_matrix(URL)[0][:8] == [True] * 7 + [False]


def test_long_url_decodes_from_png() -> None:
    assert decode_png(qr_png(LONG_URL, scale=4)) == [LONG_URL]


def test_non_ascii_data_decodes_from_png() -> None:
    assert decode_png(qr_png(NON_ASCII)) == [NON_ASCII]


@pytest.mark.parametrize("mask", [None, *range(8)])
def test_every_mask_pattern_decodes(mask: int | None) -> None:
    assert decode_png(qr_png(URL, mask_pattern=mask)) == [URL]


def test_fixed_mask_is_the_default() -> None:
    assert qr_png(URL) == qr_png(URL, mask_pattern=FIXED_MASK)


def test_mask_search_can_be_asked_for() -> None:
    assert qr_matrix(URL, mask_pattern=None) in [qr_matrix(URL, mask_pattern=m) for m in range(8)]


def test_invalid_mask_pattern_is_refused() -> None:
    with pytest.raises(ValueError, match="mask_pattern"):
        qr_png(URL, mask_pattern=8)


def test_zero_scale_is_refused() -> None:
    with pytest.raises(ValueError, match="scale"):
        qr_png(URL, scale=0)


def test_svg_decodes_with_zbarimg() -> None:
    assert decode_svg(qr_svg(URL)) == [URL]


def test_svg_is_an_svg_with_a_white_background() -> None:
    svg = qr_svg(URL).decode()
    assert "<svg" in svg
    assert 'fill="white"' in svg


def test_long_url_decodes_from_svg() -> None:
    assert decode_svg(qr_svg(LONG_URL)) == [LONG_URL]


def test_non_ascii_data_decodes_from_svg() -> None:
    assert decode_svg(qr_svg(NON_ASCII)) == [NON_ASCII]
