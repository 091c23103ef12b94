"""An IRO's reviews and what children, carers and parents said about them; every look is audited."""

from __future__ import annotations

from flask import abort, render_template, request

from service.domain.alert_views import review_alerts
from service.domain.audit import record_audit
from service.domain.review_access import ReviewScope, get_review, list_reviews, review_responses
from service.models import StaffRole
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
