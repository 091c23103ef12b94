"""An IRO's reviews and what children, carers and parents said about them; every look is audited."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from service.domain.alert_views import review_alerts
from service.domain.audit import record_audit
from service.domain.consultation import (
    UnknownParticipationCode,
    latest_pre_review,
    record_participation,
    suggest_participation,
)
from service.domain.review_access import ReviewScope, get_review, list_reviews, review_responses
from service.models import PARTICIPATION_CODES, StaffRole
from service.questionnaires import UnknownQuestionnaire, get_questionnaire
from service.web import runtime
from service.web.staff import bp
from service.web.staff.identity import current_staff, staff_required

PAGE_SIZE = 50
REVIEW_ROLES = (StaffRole.IRO, StaffRole.IRO_MANAGER)


def _scope() -> ReviewScope:
    me = current_staff()
    return ReviewScope.of(me.role, me.iro_code)


@bp.get("/reviews")
@staff_required(*REVIEW_ROLES)
def reviews() -> str:
    """My reviews (all reviews for a manager), latest first, with how many answered."""
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    rt = runtime()
    with rt.sessions.begin() as db:
        lines = list_reviews(db, _scope(), limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
        # The list shows case references, so looking at it is a view of identifiable data.
        record_audit(
            db,
            actor=current_staff(),
            action="view_reviews",
            now=rt.now(),
            object_type="review",
            detail={"page": page, "shown": min(len(lines), PAGE_SIZE)},
        )
    return render_template(
        "staff/reviews.html",
        lines=lines[:PAGE_SIZE],
        page=page,
        more=len(lines) > PAGE_SIZE,
        me=current_staff(),
    )


@bp.get("/reviews/<int:review_id>")
@staff_required(*REVIEW_ROLES)
def review(review_id: int) -> str:
    """One review and the responses to it."""
    rt = runtime()
    with rt.sessions.begin() as db:
        found = get_review(db, _scope(), review_id)
        if found is None:
            abort(404)
        responses = review_responses(db, found)
        record_audit(
            db,
            actor=current_staff(),
            action="view_review",
            now=rt.now(),
            object_type="review",
            object_id=found.id,
            child_id=found.child_id,
            detail={"responses": len(responses)},
        )
        shown = []
        for response in responses:
            try:
                questionnaire = get_questionnaire(
                    response.questionnaire_key, response.questionnaire_version
                )
            except UnknownQuestionnaire:
                questionnaire = None
            shown.append((response, questionnaire))
        alerts = review_alerts(db, found.id)
    return render_template("staff/review.html", review=found, shown=shown, alerts=alerts)


# What each participation code means, as the IRO chooses one (DOMAIN.md).
CODE_MEANINGS = {
    "PN0": "under 4 at the review",
    "PN1": "came and spoke for themselves",
    "PN2": "came, and an advocate spoke for them",
    "PN3": "came and gave their views another way",
    "PN4": "came without contributing",
    "PN5": "did not come; an advocate was briefed with their views",
    "PN6": "did not come; their views were sent",
    "PN7": "did not come and sent no views",
}


@bp.get("/reviews/<int:review_id>/wishes")
@staff_required(*REVIEW_ROLES)
def wishes(review_id: int) -> str:
    """One page to print or show: what the child wants from this meeting, the participation code
    their plan suggests and why, and where the IRO records the code."""
    rt = runtime()
    with rt.sessions.begin() as db:
        found = get_review(db, _scope(), review_id)
        if found is None:
            abort(404)
        response = latest_pre_review(db, found.id)
        suggestion = suggest_participation(db, found)
        record_audit(
            db,
            actor=current_staff(),
            action="view_review_wishes",
            now=rt.now(),
            object_type="review",
            object_id=found.id,
            child_id=found.child_id,
        )
        questionnaire = (
            get_questionnaire(response.questionnaire_key, response.questionnaire_version)
            if response is not None
            else None
        )
        return render_template(
            "staff/wishes.html",
            review=found,
            response=response,
            questionnaire=questionnaire,
            suggestion=suggestion,
            codes=PARTICIPATION_CODES,
            meanings=CODE_MEANINGS,
        )


@bp.post("/reviews/<int:review_id>/participation")
@staff_required(*REVIEW_ROLES)
def participation(review_id: int) -> WerkzeugResponse:
    """Record how the child took part (audited); the IRO report counts it."""
    rt = runtime()
    code = request.form.get("participation_code", "")[:8]
    with rt.sessions.begin() as db:
        found = get_review(db, _scope(), review_id)
        if found is None:
            abort(404)
        try:
            changed = record_participation(db, found, code, actor=current_staff(), now=rt.now())
        except UnknownParticipationCode as refused:
            flash(str(refused))
        else:
            flash(f"Recorded {code}." if changed else f"{code} was already recorded.")
    return redirect(url_for("staff.wishes", review_id=review_id), code=303)
