"""Staff pages for what children said: the officer's dashboard, the CiCC summary and "we did" actions."""

from __future__ import annotations

from flask import Blueprint

from service.models import StaffRole

bp = Blueprint("reporting", __name__, url_prefix="/staff")

# Who may read children's feedback in aggregate and record what changed.
READERS = (StaffRole.PARTICIPATION_OFFICER, StaffRole.IRO_MANAGER)

from service.web.reporting import actions, cicc, dashboard  # noqa: E402, F401  (register views)
