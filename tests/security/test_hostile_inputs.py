"""Hostile input through the children's web form and the review CSV import: nothing breaks,
nothing hidden is stored, and everything shown back is escaped. (The bot's part lives with the bot.)"""

from __future__ import annotations

import io
import uuid

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, inspect, select

from service.domain.reviews import ReviewImportFailed, import_reviews, read_review_csv
from service.exports import safe_cell
from service.models import Answer, Response, Review, StaffRole
from service.runtime import Runtime
from tests.factories import make_invitation
from tests.web.helpers import csrf_token, open_form, submit
from tests.web.staff.staff_helpers import give_session, make_staff

ANSWERS = {
    "spoke_to_iro": "yes",
    "felt_involved": "yes",
    "review_rating": "happy",
    "feel_safe": "safe",
}
XSS = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(document.cookie)",
]
SQL = ["'; DROP TABLE responses; --", "1 OR 1=1", "Robert'); DELETE FROM answers;--", "\\' \\\" %_"]
FORMULAS = ['=HYPERLINK("http://evil.test","click")', "+1+1", "-2+3", "@SUM(A1:A9)"]
RTL = ["abc\u202eexe.txt", "\u2066hidden\u2069", "line\u202dover"]
CONTROL = ["nul\x00byte", "bell\x07", "esc\x1b[31mred"]


def _send(client: FlaskClient, runtime: Runtime, text: str):
    with runtime.sessions.begin() as db:
        token = make_invitation(db, runtime.now(), child_ref=f"REF-{uuid.uuid4().hex[:8]}").token
    html = open_form(client, token)
    return submit(client, html, {**ANSWERS, "do_better": text})


def _stored_texts(runtime: Runtime) -> list[str | None]:
    with runtime.sessions() as db:
        return list(db.scalars(select(Answer.text).where(Answer.question_id == "do_better")))


@pytest.mark.parametrize("payload", XSS + SQL + FORMULAS)
def test_hostile_text_is_stored_exactly_as_typed(
    client: FlaskClient, runtime: Runtime, payload: str
) -> None:
    assert _send(client, runtime, payload).status_code == 303
    assert _stored_texts(runtime) == [payload]


def test_sql_metacharacters_leave_every_table_in_place(
    client: FlaskClient, runtime: Runtime
) -> None:
    for payload in SQL:
        _send(client, runtime, payload)
    assert {"responses", "answers"} <= set(inspect(runtime.engine).get_table_names())
    with runtime.sessions() as db:
        assert db.scalar(select(func.count()).select_from(Response)) == len(SQL)


@pytest.mark.parametrize("payload", RTL + CONTROL)
def test_direction_overrides_and_control_characters_are_refused_with_a_message(
    client: FlaskClient, runtime: Runtime, payload: str
) -> None:
    answer = _send(client, runtime, payload)
    assert answer.status_code == 422
    assert "hidden control characters" in answer.get_data(as_text=True)
    assert _stored_texts(runtime) == []


def test_zero_width_characters_are_dropped(client: FlaskClient, runtime: Runtime) -> None:
    _send(client, runtime, "sh\u200borter me\u2060etings\ufeff")
    assert _stored_texts(runtime) == ["shorter meetings"]


def test_text_is_normalised_to_nfkc(client: FlaskClient, runtime: Runtime) -> None:
    _send(client, runtime, "ｆｕｌｌ width and ﬁ ligature")
    assert _stored_texts(runtime) == ["full width and fi ligature"]


def test_an_overlong_answer_is_refused_with_a_message(
    client: FlaskClient, runtime: Runtime
) -> None:
    answer = _send(client, runtime, "a" * 2001)
    assert answer.status_code == 422 and "under 2000 characters" in answer.get_data(as_text=True)
    assert _stored_texts(runtime) == []


def test_an_oversized_body_is_refused_kindly(client: FlaskClient, runtime: Runtime) -> None:
    with runtime.sessions.begin() as db:
        token = make_invitation(db, runtime.now()).token
    html = open_form(client, token)
    answer = client.post(
        "/form",
        data={
            "csrf_token": csrf_token(html),
            "page": "review",
            **ANSWERS,
            "do_better": "x" * 70_000,
        },
    )
    assert answer.status_code == 413
    assert "make your answer shorter" in answer.get_data(as_text=True)
    assert _stored_texts(runtime) == []


def test_stored_markup_is_shown_escaped_on_the_staff_page(app: Flask, runtime: Runtime) -> None:
    client = app.test_client()
    for payload in XSS:
        _send(app.test_client(), runtime, payload)
    give_session(client, runtime, make_staff(runtime, StaffRole.IRO_MANAGER))
    with runtime.sessions() as db:
        review_ids = set(db.scalars(select(Response.review_id)))
    pages = "".join(client.get(f"/staff/reviews/{i}").get_data(as_text=True) for i in review_ids)
    assert "<script>alert" not in pages and "<img src=x" not in pages and "<svg/onload" not in pages
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in pages


@pytest.mark.parametrize("payload", FORMULAS)
def test_formula_payloads_are_made_plain_text_for_spreadsheets(payload: str) -> None:
    assert safe_cell(payload) == "'" + payload


def _csv(**row: str) -> io.StringIO:
    values = {
        "child_ref": "REF-9",
        "review_date": "2026-11-20",
        "iro": "IRO-A",
        "team": "North",
        **row,
    }
    header = ",".join(values)
    line = ",".join('"' + v.replace('"', '""') + '"' for v in values.values())
    return io.StringIO(f"{header}\n{line}\n")


@pytest.mark.parametrize("team", ["abc\u202eexe", "nul\x00", "esc\x1b[0m"])
def test_csv_import_refuses_hidden_characters(team: str) -> None:
    with pytest.raises(ReviewImportFailed):
        read_review_csv(_csv(team=team))


@pytest.mark.parametrize("child_ref", ["=1+1", "'; DROP TABLE children;--", "<script>"])
def test_csv_import_refuses_case_references_that_are_not_references(child_ref: str) -> None:
    with pytest.raises(ReviewImportFailed):
        read_review_csv(_csv(child_ref=child_ref))


def test_csv_import_keeps_odd_names_verbatim_and_staff_pages_escape_them(
    app: Flask, runtime: Runtime
) -> None:
    team = "<b onmouseover=alert(1)>North'; DROP TABLE reviews;--"
    rows = read_review_csv(_csv(team=team, iro="IRO-A"))
    with runtime.sessions.begin() as db:
        import_reviews(db, rows)
    with runtime.sessions() as db:
        review = db.scalars(select(Review)).one()
        assert review.team == team
        review_id = review.id
    client = app.test_client()
    give_session(client, runtime, make_staff(runtime, StaffRole.IRO_MANAGER))
    page = client.get(f"/staff/reviews/{review_id}").get_data(as_text=True)
    assert "<b onmouseover" not in page and "&lt;b onmouseover=alert(1)&gt;" in page


def test_oversized_csv_field_is_refused() -> None:
    with pytest.raises(ReviewImportFailed):
        read_review_csv(_csv(team="x" * 5000))
