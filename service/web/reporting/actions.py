"""Recording and publishing "you said, we did" actions."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse

from analysis.text.themes import THEMES
from service.domain.actions import (
    ActionNotFound,
    action_history,
    all_translations,
    edit_action,
    linked_response_counts,
    list_actions,
    publish_action,
    record_action,
    translate_action,
    withdraw_action,
)
from service.domain.errors import InvalidAnswers
from service.i18n import LANGUAGE_NAMES
from service.models import Action, User
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
    except InvalidAnswers:
        return redirect(url_for("reporting.action", action_id=action_id), code=303)
    return redirect(url_for("reporting.actions"), code=303)


@bp.get("/actions/<int:action_id>")
@staff_required(*READERS)
def action(action_id: int) -> str:
    """One action: change its words, translate it, withdraw it, and its history."""
    return _action_page(action_id)


@bp.post("/actions/<int:action_id>/edit")
@staff_required(*READERS)
def edit(action_id: int) -> WerkzeugResponse | tuple[str, int]:
    """Change an action's words or themes; the old words stay in its history."""
    rt = runtime()
    form = request.form
    try:
        with rt.sessions.begin() as db:
            edit_action(
                db,
                action_id,
                you_said=form.get("you_said", ""),
                we_did=form.get("we_did", ""),
                theme_ids=form.getlist("themes"),
                by=db.get(User, current_staff().id),
                now=rt.now(),
            )
    except ActionNotFound:
        abort(404)
    except InvalidAnswers as invalid:
        errors = {e.field: e.message for e in invalid.errors}
        return _action_page(action_id, errors=errors, form=form), 400
    return redirect(url_for("reporting.action", action_id=action_id), code=303)


@bp.post("/actions/<int:action_id>/translate")
@staff_required(*READERS)
def translate(action_id: int) -> WerkzeugResponse | tuple[str, int]:
    """Store an action's words in one of the languages young people are offered."""
    rt = runtime()
    form = request.form
    try:
        with rt.sessions.begin() as db:
            translate_action(
                db,
                action_id,
                form.get("language", ""),
                you_said=form.get("you_said", ""),
                we_did=form.get("we_did", ""),
                by=db.get(User, current_staff().id),
                now=rt.now(),
            )
    except ActionNotFound:
        abort(404)
    except InvalidAnswers as invalid:
        return _action_page(action_id, errors={e.field: e.message for e in invalid.errors}), 400
    return redirect(url_for("reporting.action", action_id=action_id), code=303)


@bp.post("/actions/<int:action_id>/withdraw")
@staff_required(*READERS)
def withdraw(action_id: int) -> WerkzeugResponse:
    """Take an action off the young people's page, the CiCC summary and broadcasts."""
    rt = runtime()
    try:
        with rt.sessions.begin() as db:
            withdraw_action(db, action_id, by=db.get(User, current_staff().id), now=rt.now())
    except ActionNotFound:
        abort(404)
    return redirect(url_for("reporting.action", action_id=action_id), code=303)


def _action_page(action_id: int, errors: dict[str, str] | None = None, form: object = None) -> str:
    with runtime().sessions() as db:
        found = db.get(Action, action_id)
        if found is None:
            abort(404)
        revisions = action_history(db, action_id)
        ids = {r.by_id for r in revisions if r.by_id}
        users = dict(db.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all())
        history = [
            {
                "at": r.at,
                "change": r.change,
                "language": r.language,
                "by": users.get(r.by_id or 0, "system"),
                "you_said": r.you_said,
                "we_did": r.we_did,
            }
            for r in revisions
        ]
        translations = all_translations(db, action_id)
    return render_template(
        "staff/action.html",
        action=found,
        history=history,
        translations=translations,
        languages=LANGUAGE_NAMES,
        themes=THEMES,
        errors=errors or {},
        form=form or {},
    )


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
                "withdrawn_at": a.withdrawn_at,
            }
            for a in items
        ]
    return render_template(
        "staff/actions.html", actions=rows, themes=THEMES, errors=errors or {}, form=form or {}
    )
