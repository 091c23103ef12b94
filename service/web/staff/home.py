"""The staff start page."""

from __future__ import annotations

from flask import render_template

from service.web.staff import bp
from service.web.staff.identity import current_staff, staff_required


@bp.get("/")
@staff_required()
def home() -> str:
    """What this member of staff can do."""
    return render_template("staff/home.html", me=current_staff())
