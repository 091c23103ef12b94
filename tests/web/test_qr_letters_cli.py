"""`carevoice qr letters`: one A4 page per person, each with exactly one code, opening that
person's form; a reprint keeps the codes already posted."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from service.domain.invitations import TokenState, look_up_token
from service.models import Invitation, Role
from tests.factories import make_review

SPAN = ["qr", "letters", "--from", "2026-11-01", "--to", "2026-11-30"]


def _tokens(pages) -> list[str]:  # type: ignore[no-untyped-def]
    return [found.text.rsplit("/r/", 1)[1] for codes in pages for found in codes]


def test_letters_command_writes_one_page_per_person(runner, runtime, tmp_path) -> None:
    decode = pytest.importorskip("tests.qr.decode")
    with runtime.sessions.begin() as db:
        make_review(db, child_ref="A", review_date=date(2026, 11, 10))
        make_review(db, child_ref="B", review_date=date(2026, 11, 12), language="ar")
        make_review(db, child_ref="C", review_date=date(2027, 1, 12))
    out, manifest = tmp_path / "letters.pdf", tmp_path / "letters.csv"
    result = runner.invoke(args=[*SPAN, "--out", str(out), "--manifest", str(manifest)])
    assert result.exit_code == 0, result.output
    assert "6 letters" in result.output and "6 new codes, 0 printed again" in result.output
    pages = decode.decode_pdf_page_codes(out.read_bytes())
    assert [len(codes) for codes in pages] == [1] * 6
    tokens = _tokens(pages)
    with runtime.sessions() as db:
        found = []
        for token in tokens:
            looked = look_up_token(db, token, runtime.now())
            assert looked.state is TokenState.VALID and looked.invitation is not None
            found.append((looked.invitation.role, looked.invitation.language))
    assert found == [
        (Role.CHILD, "en"),
        (Role.CARER, "en"),
        (Role.PARENT, "en"),
        (Role.CHILD, "ar"),
        (Role.CARER, "en"),
        (Role.PARENT, "en"),
    ]
    text = decode.pdf_text(out.read_bytes())
    assert "REF" not in text and "Scan this code" in text
    pages_text = text.split("\f")
    assert "Carers" not in pages_text[0] and "Parents" not in pages_text[0]
    assert "Carers" in pages_text[1] and "Parents" not in pages_text[1]
    rows = list(csv.DictReader(manifest.open(encoding="utf-8")))
    assert [row["role"] for row in rows] == ["child", "carer", "parent"] * 2
    assert [row["page"] for row in rows] == [str(n) for n in range(1, 7)]


def test_a_reprint_keeps_posted_codes_unless_reissued(runner, runtime, tmp_path) -> None:
    decode = pytest.importorskip("tests.qr.decode")
    with runtime.sessions.begin() as db:
        make_review(db, child_ref="A", review_date=date(2026, 11, 10))
    first, again, fresh = (tmp_path / f"{name}.pdf" for name in ("first", "again", "fresh"))
    assert runner.invoke(args=[*SPAN, "--out", str(first)]).exit_code == 0
    result = runner.invoke(args=[*SPAN, "--out", str(again)])
    assert result.exit_code == 0 and "0 new codes, 3 printed again" in result.output
    before = _tokens(decode.decode_pdf_page_codes(first.read_bytes()))
    assert _tokens(decode.decode_pdf_page_codes(again.read_bytes())) == before
    result = runner.invoke(args=[*SPAN, "--out", str(fresh), "--reissue", "parent"])
    assert result.exit_code == 0 and "1 new codes, 2 printed again" in result.output
    after = _tokens(decode.decode_pdf_page_codes(fresh.read_bytes()))
    assert after[:2] == before[:2] and after[2] != before[2]
    with runtime.sessions() as db:
        states = [look_up_token(db, t, runtime.now()).state for t in [*before, after[2]]]
    assert states == [TokenState.VALID, TokenState.VALID, TokenState.INVALID, TokenState.VALID]


@pytest.mark.parametrize(
    ("questionnaire", "age", "key"),
    [
        ("pre_review", 14, "pre_review"),
        ("how_things_are", 11, "how_things_are"),
        ("leaving_care", 19, "leaving_care"),
    ],
)
def test_letters_for_another_questionnaire(
    runner, runtime, tmp_path, questionnaire, age, key
) -> None:
    decode = pytest.importorskip("tests.qr.decode")
    with runtime.sessions.begin() as db:
        make_review(db, child_ref="A", review_date=date(2026, 11, 10), age=age)
    out = tmp_path / "letters.pdf"
    result = runner.invoke(args=[*SPAN, "--out", str(out), "--questionnaire", questionnaire])
    assert result.exit_code == 0, result.output
    pages = decode.decode_pdf_page_codes(out.read_bytes())
    assert [len(codes) for codes in pages] == [1]
    with runtime.sessions() as db:
        (invitation,) = db.query(Invitation).all()
        assert invitation.questionnaire_key == key
        looked = look_up_token(db, _tokens(pages)[0], runtime.now())
        assert looked.invitation is not None and looked.invitation.id == invitation.id


def test_letters_refuse_a_role_the_questionnaire_is_not_for(runner, tmp_path) -> None:
    result = runner.invoke(
        args=[
            *SPAN,
            "--out",
            str(tmp_path / "x.pdf"),
            "--questionnaire",
            "pre_review",
            "--roles",
            "carer",
        ]
    )
    assert result.exit_code != 0 and "pre_review is not for carer" in result.output


def test_letters_command_refuses_an_unknown_merge_field(runner, tmp_path) -> None:
    result = runner.invoke(args=[*SPAN, "--out", str(tmp_path / "x.pdf"), "--merge", "child_ref"])
    assert result.exit_code != 0 and "unknown merge field" in result.output


def test_letters_command_says_when_there_is_nothing_to_print(runner, tmp_path) -> None:
    result = runner.invoke(args=[*SPAN, "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "no review in that range" in result.output
    assert not (tmp_path / "x.pdf").exists()
