"""Which translations someone the council trusts has checked, and the place to sign one off."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from service.domain.translation_reviews import NothingToSignOff, sign_off, translation_states
from service.models import StaffRole
from service.web import runtime
from service.web.language import LANGUAGE_NAMES, SUPPORTED
from service.web.staff import bp
from service.web.staff.identity import current_staff, staff_required

REVIEWERS = (StaffRole.ADMIN, StaffRole.PARTICIPATION_OFFICER)


@bp.get("/translations")
@staff_required(*REVIEWERS)
def translations() -> str:
    """List every catalogue: how much is translated, whether children are offered it, and who
    signed it off and when (unreviewed ones first)."""
    with runtime().sessions() as db:
        states = sorted(translation_states(db), key=lambda s: (s.reviewed, s.status.language))
    return render_template(
        "staff/translations.html",
        title="Translations",
        states=states,
        names=LANGUAGE_NAMES,
        offered=SUPPORTED,
    )


@bp.post("/translations/<language>")
@staff_required(*REVIEWERS)
def sign_off_translation(language: str) -> WerkzeugResponse:
    """Sign off one language's translations as checked, as they are now (audited)."""
    if language not in LANGUAGE_NAMES or language == "en":
        abort(404)
    rt = runtime()
    try:
        with rt.sessions.begin() as db:
            sign_off(db, language, by=current_staff(), now=rt.now())
    except NothingToSignOff as refused:
        flash(str(refused))
    return redirect(url_for("staff.translations"), code=303)
