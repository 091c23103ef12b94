"""Signed form cookies and CSRF tokens, as a phone holds them after opening a QR link.

Load tests and multi-process tests use these to post straight to /form without first
fetching each page (the server checks them exactly as it checks a real browser's).
"""

from __future__ import annotations

from datetime import datetime

from flask import Flask, session
from flask_wtf.csrf import generate_csrf


def form_cookie(
    app: Flask, *, invitation_id: int, questionnaire: str, started: datetime
) -> tuple[str, str]:
    """(session cookie value, csrf token) for one invitation's form."""
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    with app.test_request_context("/form"):
        session["form"] = {
            "invitation": invitation_id,
            "questionnaire": questionnaire,
            "band": None,
            "started": started.isoformat(),
        }
        session["lang"] = "en"
        csrf = generate_csrf()
        return str(serializer.dumps(dict(session))), csrf
