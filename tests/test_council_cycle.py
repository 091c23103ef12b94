"""The council's cycle on the demo data, from the CLI and staff pages alone: consult children
before next month's reviews with letters per person, hear about it as the IRO and record their
participation, ask for feedback on last month's reviews, run a Feedback Week and a poll, read
their results, publish a "we did" young people can see, and hand the IRO manager a report that
includes carers and parents."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta

import pytest
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from service.demo_data import load_demo_data
from service.domain.invitations import look_up_token
from service.models import Action, OutboxMessage, Review, StaffRole
from service.runtime import Runtime
from tests.web.helpers import csrf_token, open_form
from tests.web.staff.staff_helpers import give_session, make_staff
from tests.web.test_campaign_links import ANSWERS, open_campaign, send
from tests.web.test_multi_page_forms import post_page


def month_after(day: date) -> tuple[date, date]:
    first = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def last_month_end(day: date) -> date:
    return day.replace(day=1) - timedelta(days=1)


def letters(runner: FlaskCliRunner, out, span: tuple[date, date], *extra: str):  # type: ignore[no-untyped-def]
    args = ["qr", "letters", "--from", span[0].isoformat(), "--to", span[1].isoformat()]
    result = runner.invoke(args=[*args, "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return result


def test_the_whole_cycle_without_code(
    runner: FlaskCliRunner, client: FlaskClient, runtime: Runtime, tmp_path
) -> None:
    decode = pytest.importorskip("tests.qr.decode")
    with runtime.sessions.begin() as db:
        load_demo_data(db, now=runtime.now())
    today = runtime.now().date()
    # Next month's reviews come from the case system, as every month.
    first, _last = month_after(today)
    upcoming = tmp_path / "upcoming.csv"
    upcoming.write_text(
        "child_ref,review_date,iro,team,age_at_review,language,carer_language\n"
        f"NEXT-1,{first + timedelta(days=3)},IRO-A,North,12,ar,\n"
        f"NEXT-2,{first + timedelta(days=9)},IRO-B,South,15,en,pl\n"
        f"NEXT-3,{first + timedelta(days=12)},IRO-A,North,19,en,\n",
        encoding="utf-8",
    )
    imported = runner.invoke(args=["reviews", "import", str(upcoming)])
    assert imported.exit_code == 0, imported.output

    # Consult every child reviewed next month: one page each, only their own code.
    pre_pdf, pre_csv = tmp_path / "pre.pdf", tmp_path / "pre.csv"
    letters(
        runner,
        pre_pdf,
        month_after(today),
        "--questionnaire",
        "pre_review",
        "--manifest",
        str(pre_csv),
    )
    pages = decode.decode_pdf_page_codes(pre_pdf.read_bytes())
    assert [len(codes) for codes in pages] == [1, 1, 1]
    rows = list(csv.DictReader(pre_csv.open(encoding="utf-8")))
    assert len(rows) == len(pages) and {row["role"] for row in rows} <= {"child", "care_leaver"}
    # The timetable later issues none of these again.
    result = runner.invoke(args=["schedule", "run"])
    assert result.exit_code == 0, result.output
    again = letters(
        runner, tmp_path / "again.pdf", month_after(today), "--questionnaire", "pre_review"
    )
    assert "0 new codes" in again.output

    # A child answers from their letter; their IRO is told, with a link only.
    token = pages[0][0].text.rsplit("/r/", 1)[1]
    with runtime.sessions() as db:
        invitation = look_up_token(db, token, runtime.now()).invitation
        assert invitation is not None and invitation.review is not None
        review_id, iro_code = invitation.review.id, invitation.review.iro
    iro = make_staff(runtime, StaffRole.IRO, email="iro@council.test", iro_code=iro_code)
    child = client.application.test_client()
    html = open_form(child, token)
    for page, answers in (
        ("taking_part", {"taking_part": "send_views"}),
        ("people", {"want_there": ["carer"]}),
        ("where_when", {"where": "school"}),
        ("what_to_say", {"want_to_say": "More time with my sister", "feel_safe": "safe"}),
    ):
        moved = post_page(child, html, page, answers)
        assert moved.status_code == 303, (page, moved.status_code)
        html = child.get(moved.headers["Location"]).get_data(as_text=True)
    with runtime.sessions() as db:
        notices = db.scalars(
            select(OutboxMessage).where(
                OutboxMessage.recipient == iro.email,
                OutboxMessage.idempotency_key.startswith("views:"),
            )
        )
        (notice,) = notices.all()
        assert "sister" not in notice.body and notice.idempotency_key.startswith(
            f"views:{review_id}:"
        )

    # The IRO reads the one page, sees PN6 suggested and records it.
    give_session(client, runtime, iro)
    wishes = client.get(f"/staff/reviews/{review_id}/wishes").get_data(as_text=True)
    assert "More time with my sister" in wishes and "<strong>PN6</strong>" in wishes
    recorded = client.post(
        f"/staff/reviews/{review_id}/participation",
        data={"participation_code": "PN6", "csrf_token": csrf_token(wishes)},
    )
    assert recorded.status_code == 303
    with runtime.sessions() as db:
        review = db.get(Review, review_id)
        assert review is not None and review.participation_code == "PN6"

    # Feedback on last month's reviews: a page per child, carer and parent still to answer.
    feedback_pdf = tmp_path / "feedback.pdf"
    end = last_month_end(today)
    letters(runner, feedback_pdf, (end - timedelta(days=6), end))  # a week's post, to decode it
    found = decode.decode_pdf_page_codes(feedback_pdf.read_bytes())
    assert found and all(len(codes) == 1 for codes in found)

    # A Feedback Week and a CiCC poll: opened, answered, counted, closed.
    links = {}
    for key, title in (("feedback_week", "Feedback Week"), ("cicc_poll", "Poll: summer trip")):
        made = runner.invoke(args=["campaigns", "create", "--questionnaire", key, "--title", title])
        assert made.exit_code == 0, made.output
        links[key] = made.output.strip().rsplit("/", 1)[1]
    young_person = client.application.test_client()
    send(young_person, open_campaign(young_person, links["feedback_week"]), ANSWERS)
    listed = json.loads(runner.invoke(args=["campaigns", "list", "--json"]).output)
    counts = {row["questionnaire"]: row["responses"] for row in listed}
    assert counts == {"feedback_week": 1, "cicc_poll": 0}
    assert runner.invoke(args=["campaigns", "close", links["feedback_week"]]).exit_code == 0

    # The participation officer reads every questionnaire's results (small counts withheld).
    officer = make_staff(runtime, StaffRole.PARTICIPATION_OFFICER, email="po@council.test")
    span = ["--from", (today - timedelta(days=400)).isoformat(), "--to", today.isoformat()]
    cicc = runner.invoke(args=["report", "cicc", *span, "--format", "json"])
    assert cicc.exit_code == 0, cicc.output
    results = json.loads(cicc.output)["questionnaires"]
    assert results["feedback_week"]["responses"] == "fewer than 5"  # its one answer, withheld
    assert results["cicc_poll"]["responses"] == "0"

    # ... records and publishes what was done, and young people see it without signing in.
    give_session(client, runtime, officer)
    page = client.get("/staff/actions").get_data(as_text=True)
    recorded = client.post(
        "/staff/actions",
        data={
            "you_said": "Reviews were at times that clashed with school.",
            "we_did": "Reviews are now after school unless you ask otherwise.",
            "themes": ["meeting_experience"],
            "csrf_token": csrf_token(page),
        },
    )
    assert recorded.status_code == 303
    with runtime.sessions() as db:
        action_id = db.scalars(select(Action.id).order_by(Action.id.desc())).first()
    published = client.post(
        f"/staff/actions/{action_id}/publish", data={"csrf_token": csrf_token(page)}
    )
    assert published.status_code == 303
    public = client.application.test_client().get("/you-said-we-did")
    assert public.status_code == 200
    assert "Reviews are now after school" in public.get_data(as_text=True)

    # The IRO manager's annual report, with carers' and parents' feedback apart.
    year = today.year if today.month >= 4 else today.year - 1
    report = runner.invoke(args=["report", "iro", "--year", str(year), "--format", "json"])
    assert report.exit_code == 0, report.output
    annual = json.loads(report.output)
    assert set(annual["carers_and_parents"]) == {"carer", "parent"}
    assert "PN6" in json.dumps(annual)
