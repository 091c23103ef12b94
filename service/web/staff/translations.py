"""Which translations a native speaker still has to check, for the people who commission them."""

from __future__ import annotations

from flask import render_template

from service.catalogues import catalogue_status, languages
from service.models import StaffRole
from service.web.language import LANGUAGE_NAMES, SUPPORTED
from service.web.staff import bp
from service.web.staff.identity import staff_required


@bp.get("/translations")
@staff_required(StaffRole.ADMIN, StaffRole.PARTICIPATION_OFFICER)
def translations() -> str:
    """List every catalogue: how much is translated, whether children are offered it, and
    whether a native speaker has reviewed it (unreviewed ones first)."""
    statuses = sorted(
        (catalogue_status(lang) for lang in languages()), key=lambda s: (s.reviewed, s.language)
    )
    return render_template(
        "staff/translations.html",
        title="Translations",
        statuses=statuses,
        names=LANGUAGE_NAMES,
        offered=SUPPORTED,
    )
