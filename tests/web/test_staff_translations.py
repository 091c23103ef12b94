"""Staff can see which translations a native speaker has not yet checked."""

from __future__ import annotations

from flask.testing import FlaskClient

from service.models import StaffRole
from service.runtime import Runtime
from tests.web.staff.staff_helpers import make_staff, sign_in


def test_admin_sees_unreviewed_catalogues(client: FlaskClient, runtime: Runtime) -> None:
    sign_in(client, runtime, make_staff(runtime, StaffRole.ADMIN))
    page = client.get("/staff/translations")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Not reviewed:</strong> machine-translated" in html
    assert "(ar)" in html and "(ckb)" in html and "(prs)" in html and "(ps)" in html


def test_participation_officer_may_see_translations(client: FlaskClient, runtime: Runtime) -> None:
    sign_in(client, runtime, make_staff(runtime, StaffRole.PARTICIPATION_OFFICER))
    assert client.get("/staff/translations").status_code == 200


def test_an_iro_may_not(client: FlaskClient, runtime: Runtime) -> None:
    sign_in(client, runtime, make_staff(runtime, StaffRole.IRO))
    assert client.get("/staff/translations").status_code == 403
