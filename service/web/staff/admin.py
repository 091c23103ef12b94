"""Admin pages: staff accounts and the audit log (admins see no child data by default)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

from flask import Response, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from service.domain.audit import (
    AUDIT_CSV_COLUMNS,
    AuditFilter,
    audit_rows,
    find_audit_events,
    record_audit,
)
from service.domain.errors import DomainError
from service.domain.users import (
    add_user_with_temporary_password,
    list_users,
    reset_password,
    reset_totp,
    set_active,
    unlock,
)
from service.exports import safe_cell
from service.models import StaffRole, User
from service.web import runtime
from service.web.staff import bp
from service.web.staff.identity import current_staff, staff_required
from service.web.staff.throttle import clear_account_limits

PAGE_SIZE = 100
EXPORT_LIMIT = 100_000
FIELD_MAX = 254


@bp.get("/admin/users")
@staff_required(StaffRole.ADMIN)
def users() -> str:
    """Every staff account, with a form to add one."""
    with runtime().sessions() as db:
        everyone = list_users(db)
    return render_template("staff/admin_users.html", users=everyone, roles=list(StaffRole), form={})


@bp.post("/admin/users")
@staff_required(StaffRole.ADMIN)
def add_user() -> str | tuple[str, int]:
    """Add an account with a one-time password the new user must change at first sign-in."""
    form = {
        k: request.form.get(k, "")[:FIELD_MAX].strip()
        for k in ("email", "name", "role", "iro_code")
    }
    rt = runtime()
    try:
        role = StaffRole(form["role"])
        with rt.sessions.begin() as db:
            user, temporary = add_user_with_temporary_password(
                db,
                email=form["email"],
                display_name=form["name"],
                role=role,
                now=rt.now(),
                iro_code=form["iro_code"] or None,
                actor=current_staff(),
            )
            user_id = user.id
    except (DomainError, ValueError) as refused:
        message = str(refused) if isinstance(refused, DomainError) else "Choose a role."
        with rt.sessions() as db:
            everyone = list_users(db)
        page = render_template(
            "staff/admin_users.html",
            users=everyone,
            roles=list(StaffRole),
            form=form,
            error=message,
        )
        return page, 422
    return _show_user(user_id, temporary=temporary)


@bp.get("/admin/users/<int:user_id>")
@staff_required(StaffRole.ADMIN)
def user(user_id: int) -> str | WerkzeugResponse:
    """One account: reset its password or second factor, disable or enable it."""
    return _show_user(user_id)


@bp.post(
    "/admin/users/<int:user_id>/"
    "<any('reset-password', 'reset-2fa', 'disable', 'enable', 'unlock'):change>"
)
@staff_required(StaffRole.ADMIN)
def change_user(user_id: int, change: str) -> str | WerkzeugResponse | tuple[str, int]:
    """Apply one admin change to an account; every change is audited."""
    rt = runtime()
    me = current_staff()
    temporary = None
    try:
        with rt.sessions.begin() as db:
            target = db.get(User, user_id)
            if target is None:
                abort(404)
            if change == "reset-password":
                temporary = reset_password(db, target, now=rt.now(), actor=me)
            elif change == "unlock":
                unlock(db, target, now=rt.now(), actor=me)
            elif change == "reset-2fa":
                reset_totp(db, target, now=rt.now(), actor=me)
            else:
                set_active(db, target, change == "enable", now=rt.now(), actor=me)
    except DomainError as refused:
        return _show_user(user_id, error=str(refused)), 422
    if change in ("unlock", "reset-password"):
        clear_account_limits(target.email)
    if temporary is not None:
        return _show_user(user_id, temporary=temporary)
    return redirect(url_for("staff.user", user_id=user_id), code=303)


def _show_user(user_id: int, *, temporary: str | None = None, error: str | None = None) -> str:
    with runtime().sessions() as db:
        found = db.get(User, user_id)
        if found is None:
            abort(404)
    return render_template("staff/admin_user.html", user=found, temporary=temporary, error=error)


@bp.get("/admin/audit")
@staff_required(StaffRole.ADMIN)
def audit() -> str:
    """The audit log, newest first, filtered by action, person, child or dates."""
    where = _audit_filter()
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    with runtime().sessions() as db:
        events = find_audit_events(db, where, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    return render_template(
        "staff/admin_audit.html",
        events=events[:PAGE_SIZE],
        more=len(events) > PAGE_SIZE,
        page=page,
        args={k: v for k, v in request.args.items() if k != "page"},
    )


@bp.get("/admin/audit.csv")
@staff_required(StaffRole.ADMIN)
def audit_csv() -> Response:
    """The filtered audit log as a spreadsheet-safe CSV; the export is itself audited."""
    where = _audit_filter()
    rt = runtime()
    with rt.sessions.begin() as db:
        events = find_audit_events(db, where, limit=EXPORT_LIMIT)
        record_audit(
            db,
            actor=current_staff(),
            action="audit_exported",
            now=rt.now(),
            detail={
                "rows": len(events),
                **{k: v for k, v in request.args.items() if k in _FILTERS},
            },
        )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(AUDIT_CSV_COLUMNS)
    for row in audit_rows(events):
        writer.writerow([safe_cell(cell) for cell in row])
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="audit-{rt.now():%Y%m%d-%H%M}.csv"'},
    )


_FILTERS = ("action", "actor", "child", "since", "until")


def _audit_filter() -> AuditFilter:
    args = request.args
    try:
        since = date.fromisoformat(args["since"]) if args.get("since") else None
        until = date.fromisoformat(args["until"]) if args.get("until") else None
    except ValueError:
        abort(400)
    return AuditFilter(
        action=(args.get("action") or "")[:64] or None,
        actor_id=args.get("actor", type=int),
        child_id=args.get("child", type=int),
        since=datetime.combine(since, datetime.min.time()) if since else None,
        until=datetime.combine(until, datetime.min.time()) + timedelta(days=1) if until else None,
    )
