"""`carevoice qr letters`: one A4 sheet per review, its codes opening the right forms."""

from __future__ import annotations

from datetime import date

import pytest

from service.domain.invitations import TokenState, look_up_token
from tests.factories import make_review

SPAN = ["qr", "letters", "--from", "2026-11-01", "--to", "2026-11-30"]


def test_letters_command_writes_one_sheet_per_review(runner, runtime, tmp_path) -> None:
    decode = pytest.importorskip("tests.qr.decode")
    with runtime.sessions.begin() as db:
        make_review(db, child_ref="A", review_date=date(2026, 11, 10))
        make_review(db, child_ref="B", review_date=date(2026, 11, 12), language="ar")
        make_review(db, child_ref="C", review_date=date(2027, 1, 12))
    out = tmp_path / "letters.pdf"
    result = runner.invoke(
        args=["qr", "letters", "--from", "2026-11-01", "--to", "2026-11-30", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "2 letters (6 codes)" in result.output
    pages = decode.decode_pdf_page_codes(out.read_bytes())
    assert [len(codes) for codes in pages] == [3, 3]
    with runtime.sessions() as db:
        for found in pages[0]:
            token = found.text.rsplit("/r/", 1)[1]
            assert look_up_token(db, token, runtime.now()).state is TokenState.VALID
    text = decode.pdf_text(out.read_bytes())
    assert "REF" not in text and "Scan this code" in text


def test_letters_command_refuses_an_unknown_merge_field(runner, tmp_path) -> None:
    result = runner.invoke(args=[*SPAN, "--out", str(tmp_path / "x.pdf"), "--merge", "child_ref"])
    assert result.exit_code != 0 and "unknown merge field" in result.output


def test_letters_command_says_when_there_is_nothing_to_print(runner, tmp_path) -> None:
    result = runner.invoke(args=[*SPAN, "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "no review in that range" in result.output
    assert not (tmp_path / "x.pdf").exists()
