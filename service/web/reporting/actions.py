"""Recording and publishing "you said, we did" actions."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from analysis.text.themes import THEMES
from service.domain.actions import (
    ActionNotFound,
    linked_response_counts,
    list_actions,
    publish_action,
    record_action,
)
from service.domain.errors import InvalidAnswers
from service.models import User
from service.web import runtime
from service.web.reporting import READERS, bp
from service.web.staff.identity import current_staff, staff_required

THEME_TITLES = {t.id: t.title for t in THEMES}


@bp.get("/actions")
@staff_required(*READERS)
def actions() -> str:
    """Every action, newest first, with a form to record a new one."""
    return _page()


@bp.post("/actions")
@staff_required(*READERS)
def record() -> WerkzeugResponse | tuple[str, int]:
    """Store a new action (unpublished until someone publishes it)."""
    rt = runtime()
    form = request.form
    response_ids = [
        int(v) for v in form.get("responses", "").replace(",", " ").split() if v.isdigit()
    ]
    try:
        with rt.sessions.begin() as db:
            record_action(
                db,
                you_said=form.get("you_said", ""),
                we_did=form.get("we_did", ""),
                theme_ids=form.getlist("themes"),
                response_ids=response_ids,
                by=db.get(User, current_staff().id),
                now=rt.now(),
            )
    except InvalidAnswers as invalid:
        return _page(errors={e.field: e.message for e in invalid.errors}, form=form), 400
    return redirect(url_for("reporting.actions"), code=303)


@bp.post("/actions/<int:action_id>/publish")
@staff_required(*READERS)
def publish(action_id: int) -> WerkzeugResponse:
    """Show an action in the CiCC summary."""
    rt = runtime()
    try:
        with rt.sessions.begin() as db:
            publish_action(db, action_id, by=db.get(User, current_staff().id), now=rt.now())
    except ActionNotFound:
        abort(404)
    return redirect(url_for("reporting.actions"), code=303)


def _page(errors: dict[str, str] | None = None, form: object = None) -> str:
    with runtime().sessions() as db:
        items = list_actions(db)
        links = linked_response_counts(db, [a.id for a in items])
        rows = [
            {
                "id": a.id,
                "you_said": a.you_said,
                "we_did": a.we_did,
                "themes": [THEME_TITLES.get(t, t) for t in a.theme_ids],
                "responses": links.get(a.id, 0),
                "created_at": a.created_at,
                "published_at": a.published_at,
            }
            for a in items
        ]
    return render_template(
        "staff/actions.html", actions=rows, themes=THEMES, errors=errors or {}, form=form or {}
    )
