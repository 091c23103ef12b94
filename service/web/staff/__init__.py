"""Staff pages: sign in, then each role sees only what it may."""

from __future__ import annotations

from flask import Blueprint

from service.domain.alert_views import shown_case_reference

bp = Blueprint("staff", __name__, url_prefix="/staff")
# Retention replaces a case reference with a marker; pages say so in plain words instead.
bp.add_app_template_filter(shown_case_reference, "case_reference")

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
