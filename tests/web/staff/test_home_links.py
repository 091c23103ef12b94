"""The staff start page links every page a role may use, and only those."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from service.models import StaffRole
from service.runtime import Runtime
from tests.web.staff.staff_helpers import give_session, make_staff

EXPECTED = {
    StaffRole.PARTICIPATION_OFFICER: {
        "/staff/dashboard",
        "/staff/cicc",
        "/staff/actions",
        "/staff/alerts",
        "/staff/translations",
        "/staff/password",
    },
    StaffRole.IRO_MANAGER: {
        "/staff/dashboard",
        "/staff/cicc",
        "/staff/actions",
        "/staff/alerts",
        "/staff/reviews",
        "/staff/password",
    },
    StaffRole.IRO: {"/staff/reviews", "/staff/password"},
    StaffRole.SAFEGUARDING_LEAD: {"/staff/alerts", "/staff/password"},
    StaffRole.ADMIN: {
        "/staff/admin/users",
        "/staff/admin/audit",
        "/staff/translations",
        "/staff/password",
    },
}


@pytest.mark.parametrize("role", list(StaffRole), ids=lambda r: r.value)
def test_the_start_page_links_every_page_the_role_may_use(
    app: Flask, runtime: Runtime, role: StaffRole
) -> None:
    client = app.test_client()
    give_session(client, runtime, make_staff(runtime, role))
    page = client.get("/staff/").get_data(as_text=True)
    nav = page.split("Your pages")[1].split("</nav>")[0]
    links = set(re.findall(r'href="([^"]+)"', nav))
    assert links >= EXPECTED[role], sorted(EXPECTED[role] - links)
    for href in links:
        assert client.get(href).status_code == 200, href  # never a link to a refusal
    for other in set().union(*EXPECTED.values()) - links:
        assert client.get(other).status_code == 403, other  # and every page left out refuses
    assert 'href="/you-said-we-did"' in page
