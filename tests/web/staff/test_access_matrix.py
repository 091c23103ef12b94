"""No IDOR: every staff route that takes an id refuses every role it does not name, and the IRO
pages show an IRO only their own children's reviews. Routes added later are checked automatically."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from service.models import AuditEvent, StaffRole
from service.runtime import Runtime
from service.web.staff.identity import allowed_roles
from tests.factories import make_review
from tests.web.staff.staff_helpers import give_session, make_staff

# Signing in and out must work before anyone is signed in.
PUBLIC_STAFF_ENDPOINTS = {"staff.login", "staff.login_code", "staff.logout"}


def _staff_rules(app: Flask) -> list[Any]:
    return [r for r in app.url_map.iter_rules() if r.rule.startswith("/staff")]


def _url(app: Flask, rule: Any) -> str:
    """A URL for the rule with every id set to 1 (and each any(...) argument to its first choice)."""
    values: dict[str, object] = {}
    for name, converter in rule._converters.items():
        choices = getattr(converter, "items", None)
        values[name] = sorted(choices)[0] if choices else 1
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


def test_every_staff_page_is_behind_staff_required(app: Flask) -> None:
    unguarded = [
        r.rule
        for r in _staff_rules(app)
        if r.endpoint not in PUBLIC_STAFF_ENDPOINTS
        and r.endpoint != "staff.static"
        and allowed_roles(app.view_functions[r.endpoint]) is None
    ]
    assert unguarded == []


@pytest.mark.parametrize("role", list(StaffRole))
def test_routes_with_an_id_refuse_roles_they_do_not_name(
    app: Flask, runtime: Runtime, role: StaffRole
) -> None:
    app.config["WTF_CSRF_ENABLED"] = False
    with runtime.sessions.begin() as db:
        make_review(db, iro="IRO-OTHER")
    me = make_staff(runtime, role)
    client = app.test_client()
    give_session(client, runtime, me)
    for rule in _staff_rules(app):
        if not rule.arguments or rule.endpoint in PUBLIC_STAFF_ENDPOINTS:
            continue
        roles = allowed_roles(app.view_functions[rule.endpoint]) or ()
        if role in roles:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            answer = client.open(_url(app, rule), method=method)
            assert answer.status_code in (403, 404), (role, method, rule.rule, answer.status_code)


def test_an_iro_sees_only_their_own_childrens_reviews(app: Flask, runtime: Runtime) -> None:
    with runtime.sessions.begin() as db:
        mine = make_review(db, child_ref="MINE-1", iro="IRO-A").id
        theirs = make_review(db, child_ref="THEIRS-1", iro="IRO-B").id
    client = app.test_client()
    give_session(client, runtime, make_staff(runtime, StaffRole.IRO, iro_code="IRO-A"))
    listing = client.get("/staff/reviews").get_data(as_text=True)
    assert "MINE-1" in listing and "THEIRS-1" not in listing
    assert client.get(f"/staff/reviews/{mine}").status_code == 200
    assert client.get(f"/staff/reviews/{theirs}").status_code == 404


def test_an_iro_manager_sees_every_review(app: Flask, runtime: Runtime) -> None:
    with runtime.sessions.begin() as db:
        ids = [make_review(db, child_ref=f"C-{i}", iro=f"IRO-{i}").id for i in range(3)]
    client = app.test_client()
    give_session(client, runtime, make_staff(runtime, StaffRole.IRO_MANAGER))
    assert all(client.get(f"/staff/reviews/{i}").status_code == 200 for i in ids)


@pytest.mark.parametrize(
    "role", [StaffRole.PARTICIPATION_OFFICER, StaffRole.SAFEGUARDING_LEAD, StaffRole.ADMIN]
)
def test_other_roles_cannot_list_reviews(app: Flask, runtime: Runtime, role: StaffRole) -> None:
    client = app.test_client()
    give_session(client, runtime, make_staff(runtime, role))
    assert client.get("/staff/reviews").status_code == 403


def test_each_look_at_a_review_is_audited_with_the_child(app: Flask, runtime: Runtime) -> None:
    with runtime.sessions.begin() as db:
        review = make_review(db, iro="IRO-A")
        review_id, child_id = review.id, review.child_id
    me = make_staff(runtime, StaffRole.IRO, iro_code="IRO-A")
    client = app.test_client()
    give_session(client, runtime, me)
    client.get(f"/staff/reviews/{review_id}")
    client.get(f"/staff/reviews/{review_id}")
    with runtime.sessions() as db:
        looks = db.scalars(select(AuditEvent).where(AuditEvent.action == "view_review")).all()
    assert [(e.actor_id, e.child_id, e.object_id) for e in looks] == [
        (me.id, child_id, str(review_id))
    ] * 2
