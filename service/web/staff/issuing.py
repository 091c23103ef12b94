"""Issuing questionnaires from a page: the letters for a date range of reviews, one page per
person, as a PDF to print. Codes already printed are printed again unchanged unless the officer
asks for new ones; each run is audited."""

from __future__ import annotations

from datetime import date, timedelta

from flask import make_response, render_template, request
from werkzeug.wrappers import Response as WerkzeugResponse

from qr.letters import build_letters_pdf
from service.domain.audit import record_audit
from service.domain.letters import (
    LETTER_ROLES,
    REVIEW_FEEDBACK,
    ROLE_WORDS,
    RolesRefused,
    asked_roles,
    issue_letters,
    letter_sheet,
)
from service.models import Role, StaffRole
from service.questionnaires import ISSUABLE, get_questionnaire
from service.web import runtime
from service.web.staff import bp
from service.web.staff.identity import current_staff, staff_required

ISSUING_ROLES = (StaffRole.PARTICIPATION_OFFICER, StaffRole.ADMIN)
ROLE_BY_WORD = {"child": Role.CHILD, "carer": Role.CARER, "parent": Role.PARENT}
# The widest range one request may print: bigger batches belong to `carevoice qr letters`.
MAX_DAYS = 92


@bp.get("/issue")
@staff_required(*ISSUING_ROLES)
def issue() -> str:
    """The form: which questionnaire, which reviews, for whom."""
    return _page()


@bp.post("/issue")
@staff_required(*ISSUING_ROLES)
def issue_letters_page() -> WerkzeugResponse | tuple[str, int]:
    """Issue the codes and send back the letters as a PDF (nothing is kept if it cannot be made)."""
    form = request.form
    questionnaire = form.get("questionnaire", REVIEW_FEEDBACK)
    try:
        start = date.fromisoformat(form.get("from", ""))
        end = date.fromisoformat(form.get("to", ""))
    except ValueError:
        return _page(error="Give both dates, like 2026-12-01.", form=form), 400
    if end < start or end - start > timedelta(days=MAX_DAYS):
        return _page(
            error=f"The last date must be on or after the first, and at most {MAX_DAYS} days "
            "later.",
            form=form,
        ), 400
    named = [ROLE_BY_WORD[w] for w in form.getlist("roles") if w in ROLE_BY_WORD]
    again = {ROLE_BY_WORD[w] for w in form.getlist("reissue") if w in ROLE_BY_WORD}
    try:
        roles = asked_roles(questionnaire, named)
    except RolesRefused as refused:
        return _page(error=f"{refused}.", form=form), 400
    rt = runtime()
    with rt.sessions.begin() as db:
        letters = issue_letters(
            db,
            date_from=start,
            date_to=end,
            ttl=timedelta(days=rt.settings.invitation_ttl_days),
            now=rt.now(),
            secret=rt.settings.secret_key,
            questionnaire=questionnaire,
            roles=roles,
            reissue=again,
        )
        if not letters:  # nothing was issued, so nothing is left half-done
            return _page(
                error="No review in those dates has anyone left to answer.", form=form
            ), 400
        pdf = build_letters_pdf(
            letter_sheet(x, public_base_url=rt.settings.public_base_url) for x in letters
        )
        record_audit(
            db,
            actor=current_staff(),
            action="print_letters",
            now=rt.now(),
            detail={
                "questionnaire": questionnaire,
                "from": start.isoformat(),
                "to": end.isoformat(),
                "letters": len(letters),
                "new_codes": sum(not x.reprinted for x in letters),
            },
        )
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    name = f"letters-{questionnaire}-{start.isoformat()}-{end.isoformat()}.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _page(error: str | None = None, form: object = None) -> str:
    return render_template(
        "staff/issue.html",
        questionnaires=[(key, get_questionnaire(key).title) for key in ISSUABLE],
        for_whom={
            key: sorted({ROLE_WORDS[role] for role in roles}) for key, roles in ISSUABLE.items()
        },
        roles=[ROLE_WORDS[role] for role in LETTER_ROLES],
        error=error,
        form=form or {},
    )
