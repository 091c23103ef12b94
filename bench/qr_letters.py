"""Benchmark: a 1,000-sheet letters PDF (3 codes each) and the per-code encoding cost.

Run: .venv/bin/python bench/qr_letters.py [sheets] [--tracemalloc]
Prints figures only; the target is <= 20 s for 1,000 sheets on a 2-core machine.
Peak memory is the process's peak RSS; --tracemalloc also builds the PDF again under
tracemalloc (about 10 times slower) for the peak of Python allocations.
"""

from __future__ import annotations

import resource
import secrets
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qr.codes import qr_matrix, qr_png, qr_svg
from qr.letters import LetterCode, LetterSheet, build_letters_pdf

BASE = "https://feedback.example.gov.uk/r/"
ROLES = [
    ("For you", "Scan with your phone camera to tell us about your review."),
    ("For your carer", "Scan with your phone camera to tell us how the review went for you."),
    ("For your parent", "Scan with your phone camera to tell us what you think about the review."),
]
FOOTER = (
    "We keep your answers private and only share them if someone may be at risk. "
    "If you need to talk to someone now, call Childline free on 0800 1111."
)


def sheets(n: int) -> Iterator[LetterSheet]:
    for i in range(n):
        yield LetterSheet(
            heading="Your review",
            codes=[
                LetterCode(role, BASE + secrets.token_urlsafe(16), text) for role, text in ROLES
            ],
            footer=FOOTER,
            merge_fields={"Review date": f"{1 + i % 28} March 2025", "Review number": str(i % 9)},
        )


def per_code(n: int = 300) -> None:
    urls = [BASE + secrets.token_urlsafe(16) for _ in range(n)]
    for name, fn in (("matrix", qr_matrix), ("png", qr_png), ("svg", qr_svg)):
        for mask in (5, None):
            t = time.perf_counter()
            for url in urls:
                fn(url, mask_pattern=mask)
            ms = (time.perf_counter() - t) / n * 1000
            print(f"{name:6} mask={mask!s:4}  {ms:6.2f} ms per code")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 1000
    per_code()
    t = time.perf_counter()
    pdf = build_letters_pdf(sheets(n))
    elapsed = time.perf_counter() - t
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{n} sheets ({3 * n} codes): {elapsed:.2f} s, {len(pdf):,} bytes, "
        f"peak RSS {peak_rss_mb:.0f} MB"
    )
    if "--tracemalloc" not in sys.argv:
        return
    tracemalloc.start()
    t = time.perf_counter()
    build_letters_pdf(sheets(n))
    traced = time.perf_counter() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"again under tracemalloc: {traced:.2f} s, peak Python allocations {peak / 2**20:.0f} MB")


if __name__ == "__main__":
    main()
