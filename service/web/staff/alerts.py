"""Safeguarding alert pages: the queue, one alert, whose it is (audited), and the steps taken.

There is deliberately no route that deletes an alert.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as WerkzeugResponse

from service.domain.alert_views import (
    ALERT_ROLES,
    alert_for,
    alert_queue,
    assignable,
    may_act,
    open_alert,
    reveal_child,
    staff_names,
    waiting_notifications,
)
from service.domain.alerts import (
    IDENTITY_ROLES,
    AlertStateError,
    acknowledge_alert,
    alert_number,
    assign_alert,
    close_alert,
    record_alert_action,
)
from service.models import Alert, User
from service.web import runtime
from service.web.staff import bp
from service.web.staff.identity import current_staff, staff_required

Step = Callable[[Session, Alert, User, datetime], None]


@bp.get("/alerts")
@staff_required(*ALERT_ROLES)
def alert_list() -> str:
    """Alerts to deal with: most urgent first, then the longest waiting."""
    me = current_staff()
    closed = request.args.get("show") == "closed"
    rt = runtime()
    with rt.sessions() as db:
        alerts = alert_queue(db, me.role, closed=closed)
        waiting = waiting_notifications(db)
    return render_template(
        "staff/alerts.html",
        alerts=alerts,
        closed=closed,
        now=rt.now(),
        number=alert_number,
        undelivered=len(waiting),
    )


@bp.get("/alerts/<int:alert_id>")
@staff_required(*ALERT_ROLES)
def alert_detail(alert_id: int) -> str:
    """One alert: what was said, how urgent, and everything done so far; every opening is
    written to the audit log."""
    me = current_staff()
    rt = runtime()
    with rt.sessions.begin() as db:
        alert = _visible_or_404(db, alert_id)
        open_alert(db, alert, actor=_me(db), now=rt.now())
        names = staff_names(db)
        waiting = waiting_notifications(db, alert.id)
        events = list(alert.events)
        people = [(u.id, u.display_name) for u in assignable(db, alert)]
    return render_template(
        "staff/alert.html",
        alert=alert,
        events=events,
        names=names,
        now=rt.now(),
        number=alert_number(alert.id),
        can_act=may_act(me.role, alert),
        can_reveal=me.role in IDENTITY_ROLES and not alert.anonymous,
        undelivered=len(waiting),
        people=people,
    )


@bp.get("/alerts/<int:alert_id>/who")
@staff_required(*IDENTITY_ROLES)
def alert_child(alert_id: int) -> str:
    """Whose alert this is; every view is written to the audit log."""
    rt = runtime()
    with rt.sessions.begin() as db:
        alert = _visible_or_404(db, alert_id)
        if alert.anonymous:
            abort(404)
        who = reveal_child(db, alert, actor=_me(db), now=rt.now())
    return render_template(
        "staff/alert_child.html", alert=alert, who=who, number=alert_number(alert.id)
    )


@bp.post("/alerts/<int:alert_id>/acknowledge")
@staff_required(*ALERT_ROLES)
def alert_acknowledge(alert_id: int) -> WerkzeugResponse:
    """I have seen it and I am dealing with it: escalation stops."""
    return _step(
        alert_id, lambda db, alert, me, now: acknowledge_alert(db, alert, actor=me, now=now)
    )


@bp.post("/alerts/<int:alert_id>/assign")
@staff_required(*ALERT_ROLES)
def alert_assign(alert_id: int) -> WerkzeugResponse:
    """Give the alert to a named person (or to nobody), recorded with who did it."""
    chosen = request.form.get("assignee", "", type=str)

    def assign(db: Session, alert: Alert, me: User, now: datetime) -> None:
        assignee = db.get(User, int(chosen)) if chosen.isdigit() and len(chosen) < 10 else None
        if chosen and assignee is None:
            raise AlertStateError("Please choose a person from the list.")
        assign_alert(db, alert, actor=me, assignee=assignee, now=now)

    return _step(alert_id, assign)


@bp.post("/alerts/<int:alert_id>/action")
@staff_required(*ALERT_ROLES)
def alert_action(alert_id: int) -> WerkzeugResponse:
    """Write down what was done, by whom (the signed-in person)."""
    note = request.form.get("note", "")
    return _step(
        alert_id,
        lambda db, alert, me, now: record_alert_action(db, alert, actor=me, note=note, now=now),
    )


@bp.post("/alerts/<int:alert_id>/close")
@staff_required(*ALERT_ROLES)
def alert_close(alert_id: int) -> WerkzeugResponse:
    """Close with an outcome; the alert and its history stay."""
    outcome = request.form.get("outcome", "")
    return _step(
        alert_id,
        lambda db, alert, me, now: close_alert(db, alert, actor=me, outcome=outcome, now=now),
    )


def _me(db: Session) -> User:
    user = db.get(User, current_staff().id)
    if user is None:
        abort(403)
    return user


def _visible_or_404(db: Session, alert_id: int) -> Alert:
    alert = alert_for(db, alert_id, current_staff().role)
    if alert is None:
        abort(404)
    return alert


def _step(alert_id: int, do: Step) -> WerkzeugResponse:
    """Run one step in one transaction; a refused step explains itself on the alert page."""
    rt = runtime()
    try:
        with rt.sessions.begin() as db:
            alert = _visible_or_404(db, alert_id)
            if not may_act(current_staff().role, alert):
                abort(403)
            do(db, alert, _me(db), rt.now())
    except AlertStateError as refused:
        flash(str(refused))
    return redirect(url_for("staff.alert_detail", alert_id=alert_id), code=303)
