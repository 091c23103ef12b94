"""QR codes for feedback links: module matrix, PNG and SVG.

Every code uses error correction level M (15 % of the symbol can be lost).

Mask pattern
------------
The QR standard lets an encoder use any of 8 mask patterns; choosing the "best" one means
building the symbol 8 times and scoring each with the ISO 18004 penalty rules. With the
``qrcode`` library that search is most of the cost. Measured on the 2-core dev machine
(53-character feedback URLs, version 4, 300 codes):

=====================  ==================  =================
                       mask search (None)  fixed mask
=====================  ==================  =================
matrix only            5.7 ms per code     1.0 ms per code
matrix + PNG           7.5 ms per code     2.5 ms per code
=====================  ==================  =================

A 1,000-letter batch has 3,000 codes, so the search alone would cost about 17 s. The penalty
score is not a decodability score: on 150 codes, downscaled, blurred and rotated images decoded
with zbar, the searched mask decoded 265/450 and fixed masks from 150/450 (mask 0, the
checkerboard, which blurs to grey) to 373/450 (mask 5). Mask 5 was the best or close to it
in every variant tried, so it is the default. Pass ``mask_pattern=None`` to search all 8.

Non-ASCII data
--------------
Text is stored as UTF-8 bytes. Without a declared character set, decoders guess: zbar read
UTF-8 "é漢字" as Shift JIS mojibake. So data that is not pure ASCII is prefixed with the
standard ECI designator 26 (UTF-8), which zbar, ZXing and phone cameras honour. ASCII data
(every feedback URL) gets no ECI header, so the symbol stays as small and plain as possible.
"""

from __future__ import annotations

import io
from bisect import bisect_left

import qrcode
import qrcode.constants
from qrcode import base, exceptions, util
from qrcode.image.svg import SvgPathFillImage

#: Mask pattern used unless the caller asks for another (see the module docstring).
FIXED_MASK = 5

__all__ = ["FIXED_MASK", "qr_matrix", "qr_png", "qr_svg"]


_ECI_MODE = 0b0111
_ECI_UTF8 = 26


def _put_eci_header(buffer: util.BitBuffer) -> None:
    buffer.put(_ECI_MODE, 4)
    buffer.put(_ECI_UTF8, 8)  # designators below 128 take one byte


class _Utf8QRCode(qrcode.QRCode):  # type: ignore[misc]  # qrcode ships no type hints
    """A QRCode whose data stream starts with ECI 26 (UTF-8).

    qrcode has no ECI support, so ``best_fit`` and the data stream of ``util.create_data``
    are redone here with the 12-bit header in front; everything else is the library's.
    """

    data_cache: list[int] | None

    def best_fit(self, start: int | None = None) -> int:
        start = 1 if start is None else start
        util.check_version(start)
        mode_sizes = util.mode_sizes_for_version(start)
        buffer = util.BitBuffer()
        _put_eci_header(buffer)
        for data in self.data_list:
            buffer.put(data.mode, 4)
            buffer.put(len(data), mode_sizes[data.mode])
            data.write(buffer)
        version = bisect_left(util.BIT_LIMIT_TABLE[self.error_correction], len(buffer), start)
        if version == 41:
            raise exceptions.DataOverflowError()
        self.version = version
        if mode_sizes is not util.mode_sizes_for_version(version):
            return self.best_fit(start=version)
        return version

    def makeImpl(self, test: bool, mask_pattern: int) -> None:
        if self.data_cache is None:
            self.data_cache = self._create_data()
        super().makeImpl(test, mask_pattern)

    def _create_data(self) -> list[int]:
        buffer = util.BitBuffer()
        _put_eci_header(buffer)
        for data in self.data_list:
            buffer.put(data.mode, 4)
            buffer.put(len(data), util.length_in_bits(data.mode, self.version))
            data.write(buffer)
        rs_blocks = base.rs_blocks(self.version, self.error_correction)
        bit_limit = sum(block.data_count * 8 for block in rs_blocks)
        if len(buffer) > bit_limit:
            raise exceptions.DataOverflowError(
                f"Code length overflow. Data size ({len(buffer)}) > size available ({bit_limit})"
            )
        for _ in range(min(bit_limit - len(buffer), 4)):  # terminator
            buffer.put_bit(False)
        if len(buffer) % 8:
            for _ in range(8 - len(buffer) % 8):
                buffer.put_bit(False)
        for i in range((bit_limit - len(buffer)) // 8):
            buffer.put(util.PAD0 if i % 2 == 0 else util.PAD1, 8)
        result: list[int] = util.create_bytes(buffer, rs_blocks)
        return result


def _build(data: str, *, scale: int, border: int, mask_pattern: int | None) -> qrcode.QRCode:
    if scale < 1:
        raise ValueError(f"scale must be at least 1, not {scale}")
    if border < 0:
        raise ValueError(f"border must not be negative, not {border}")
    if mask_pattern is not None and not 0 <= mask_pattern <= 7:
        raise ValueError(f"mask_pattern must be 0-7 or None, not {mask_pattern}")
    cls = qrcode.QRCode if data.isascii() else _Utf8QRCode
    code = cls(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=scale,
        border=border,
        mask_pattern=mask_pattern,
    )
    code.add_data(data)  # str is encoded as UTF-8 bytes
    code.make(fit=True)
    return code


def qr_matrix(data: str, *, mask_pattern: int | None = FIXED_MASK) -> list[list[bool]]:
    """The symbol's modules, row by row (True = dark), without the quiet zone."""
    code = _build(data, scale=1, border=0, mask_pattern=mask_pattern)
    return [[bool(m) for m in row] for row in code.modules]


def qr_png(
    data: str, *, scale: int = 10, border: int = 4, mask_pattern: int | None = FIXED_MASK
) -> bytes:
    """A black-on-white PNG, ``scale`` pixels per module and a ``border``-module quiet zone."""
    code = _build(data, scale=scale, border=border, mask_pattern=mask_pattern)
    out = io.BytesIO()
    code.make_image().save(out)
    return out.getvalue()


def qr_svg(
    data: str, *, scale: int = 10, border: int = 4, mask_pattern: int | None = FIXED_MASK
) -> bytes:
    """An SVG: one path on a white background, ``scale``/10 mm per module.

    qrcode's path image decodes with zbarimg directly (segno's stroked paths do not).
    """
    code = _build(data, scale=scale, border=border, mask_pattern=mask_pattern)
    out = io.BytesIO()
    code.make_image(image_factory=SvgPathFillImage).save(out)
    return out.getvalue()
