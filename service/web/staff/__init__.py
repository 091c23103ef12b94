"""Staff pages: sign in, then each role sees only what it may."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")

from service.web.staff import (  # noqa: E402, F401  (register views on bp)
    admin,
    alerts,
    auth,
    campaigns,
    home,
    issuing,
    reading,
    reviews,
    translations,
)
