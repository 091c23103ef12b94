"""The review's one-page "what the child wants from this meeting": the child's views, the
suggested code and why, and recording the code (CSRF, audited, only for the review's IRO)."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from service.models import AuditEvent, Review, StaffRole
from service.runtime import Runtime
from tests.domain.test_iro_loop import WORDS, pre_review
from tests.factories import make_review
from tests.web.helpers import csrf_token
from tests.web.staff.staff_helpers import give_session, make_staff


def test_the_iro_reads_the_wishes_and_records_the_code(
    client: FlaskClient, runtime: Runtime
) -> None:
    with runtime.sessions.begin() as db:
        review_id = pre_review(db, runtime.now()).id
    give_session(client, runtime, make_staff(runtime, StaffRole.IRO))
    review_page = client.get(f"/staff/reviews/{review_id}").get_data(as_text=True)
    assert f"/staff/reviews/{review_id}/wishes" in review_page
    page = client.get(f"/staff/reviews/{review_id}/wishes")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "What the child wants from this meeting" in html and WORDS in html
    assert "<strong>PN6</strong>" in html and "Views sent and the child does not plan" in html
    assert '<option value="PN6" selected>' in html
    refused = client.post(
        f"/staff/reviews/{review_id}/participation", data={"participation_code": "PN6"}
    )
    assert refused.status_code == 400
    sent = client.post(
        f"/staff/reviews/{review_id}/participation",
        data={"participation_code": "PN6", "csrf_token": csrf_token(html)},
    )
    assert sent.status_code == 303
    after = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Recorded PN6." in after
    bad = client.post(
        f"/staff/reviews/{review_id}/participation",
        data={"participation_code": "<b>PN9</b>", "csrf_token": csrf_token(html)},
    )
    assert bad.status_code == 303
    assert "Choose one of PN0 to PN7." in client.get(bad.headers["Location"]).get_data(as_text=True)
    with runtime.sessions() as db:
        review = db.get(Review, review_id)
        assert review is not None and review.participation_code == "PN6"
        actions = db.scalars(select(AuditEvent.action)).all()
    assert "record_participation" in actions and "view_review_wishes" in actions


def test_another_iros_review_is_not_found(client: FlaskClient, runtime: Runtime) -> None:
    with runtime.sessions.begin() as db:
        review_id = make_review(db, iro="IRO-B").id
    give_session(client, runtime, make_staff(runtime, StaffRole.IRO))
    assert client.get(f"/staff/reviews/{review_id}/wishes").status_code == 404


def test_a_reference_removed_by_retention_is_said_in_plain_words(
    client: FlaskClient, runtime: Runtime
) -> None:
    """After retention, the IRO's pages say why the reference is gone, not 'expired-N'."""
    with runtime.sessions.begin() as db:
        review_id = make_review(db, child_ref="expired-7").id
    give_session(client, runtime, make_staff(runtime, StaffRole.IRO))
    for page in (client.get("/staff/reviews"), client.get(f"/staff/reviews/{review_id}")):
        html = page.get_data(as_text=True)
        assert page.status_code == 200
        assert "not held: removed after the retention period" in html
        assert "expired-7" not in html
