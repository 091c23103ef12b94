"""The reading queue pages: my unread items (all, for a manager), one item's words (audited),
marking it read with an outcome, and the queue's figures for a period."""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from service.domain.alert_views import staff_names
from service.domain.reading import (
    READER_ROLES,
    ReadingStateError,
    item_for,
    item_number,
    mark_read,
    open_item,
    outcome_label,
    reading_audit,
    reading_queue,
)
from service.models import ReadingOutcome, StaffRole
from service.questionnaires import UnknownQuestionnaire, get_questionnaire
from service.web import runtime
from service.web.staff import bp
from service.web.staff.identity import current_staff, staff_required

OUTCOMES = (
    (ReadingOutcome.NO_ACTION, "Read: no action needed"),
    (ReadingOutcome.FOLLOW_UP, "Read: I will follow it up"),
    (ReadingOutcome.ALERT_RAISED, "Read: I raised a safeguarding alert"),
)
URGENCY_WORDS = ("urgent", "high", "none")
# Every reader's figures: for the managers and the participation officer, not each IRO.
FIGURES_ROLES = (
    StaffRole.IRO_MANAGER,
    StaffRole.SAFEGUARDING_LEAD,
    StaffRole.PARTICIPATION_OFFICER,
)


@bp.get("/reading")
@staff_required(*READER_ROLES)
def reading_list() -> str:
    """Children's words waiting for me: unread first, most urgent, then soonest due."""
    me = current_staff()
    rt = runtime()
    with rt.sessions() as db:
        queue = reading_queue(db, me.id, me.role)
        names = staff_names(db)
    return render_template(
        "staff/reading.html",
        queue=queue,
        names=names,
        now=rt.now(),
        number=item_number,
        urgency=URGENCY_WORDS,
        outcome=outcome_label,
        can_see_figures=me.role in FIGURES_ROLES,
    )


@bp.get("/reading/<int:item_id>")
@staff_required(*READER_ROLES)
def reading_item(item_id: int) -> str:
    """One item: the words, and the form to mark it read; every opening is audited."""
    me = current_staff()
    rt = runtime()
    with rt.sessions.begin() as db:
        item = item_for(db, item_id, me.id, me.role)
        if item is None:
            abort(404)
        response = open_item(db, item, actor=me, now=rt.now())
        try:
            questionnaire = get_questionnaire(
                response.questionnaire_key, response.questionnaire_version
            )
        except UnknownQuestionnaire:
            questionnaire = None
        answers = list(response.answers)
        names = staff_names(db)
        return render_template(
            "staff/reading_item.html",
            item=item,
            response=response,
            answers=answers,
            questionnaire=questionnaire,
            names=names,
            now=rt.now(),
            number=item_number(item.id),
            urgency=URGENCY_WORDS,
            outcomes=OUTCOMES,
            outcome=outcome_label(item),
        )


@bp.post("/reading/<int:item_id>/read")
@staff_required(*READER_ROLES)
def reading_mark_read(item_id: int) -> WerkzeugResponse:
    """I have read it: the outcome and a note, by the signed-in person."""
    me = current_staff()
    rt = runtime()
    try:
        with rt.sessions.begin() as db:
            item = item_for(db, item_id, me.id, me.role)
            if item is None:
                abort(404)
            mark_read(
                db,
                item,
                actor=me,
                outcome=request.form.get("outcome", ""),
                note=request.form.get("note", ""),
                interpreted=request.form.get("interpreted") == "yes",
                now=rt.now(),
            )
    except ReadingStateError as refused:
        flash(str(refused))
        return redirect(url_for("staff.reading_item", item_id=item_id), code=303)
    flash(f"{item_number(item_id)} marked read.")
    return redirect(url_for("staff.reading_list"), code=303)


@bp.get("/reading/figures")
@staff_required(*FIGURES_ROLES)
def reading_figures() -> str:
    """How many children's words were read, and in time, in a period (all readers)."""
    rt = runtime()
    today = rt.now().date()
    try:
        start = date.fromisoformat(request.args.get("from", ""))
        end = date.fromisoformat(request.args.get("to", ""))
    except ValueError:
        start, end = today - timedelta(days=30), today
    if end < start:
        start, end = end, start
    with rt.sessions() as db:
        rows, summary = reading_audit(db, start, end, now=rt.now())
    return render_template(
        "staff/reading_figures.html", rows=rows, summary=summary, start=start, end=end
    )
