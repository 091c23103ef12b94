"""Signing in (password, then a TOTP code for roles that see identities or accounts), signing out,
own password. Wrong passwords and codes are throttled per client and per account (`throttle`)."""

from __future__ import annotations

import base64
from datetime import timedelta

from flask import current_app, redirect, render_template, request, session, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as WerkzeugResponse

from qr.codes import qr_svg
from service.domain.audit import record_audit
from service.domain.errors import DomainError
from service.domain.staff_sessions import (
    end_pending_sign_in,
    open_session,
    pending_sign_in_user,
    revoke_session,
    start_pending_sign_in,
)
from service.domain.users import (
    LockoutPolicy,
    SignIn,
    authenticate,
    change_password,
    check_second_factor,
    needs_second_factor,
    start_totp_enrolment,
)
from service.models import User
from service.web import runtime
from service.web.staff import bp
from service.web.staff.identity import STAFF_COOKIE, current_staff, session_policy, staff_required
from service.web.staff.throttle import count_failure, per_account, per_client

# Between the password and the code (held in `pending_sign_ins`; the cookie is a random id):
# long enough to open an authenticator app, no longer.
PENDING_COOKIE = "carevoice_pending"
PENDING_PATH = "/staff/login"
PENDING_FOR = timedelta(minutes=5)
MAX_FIELD = 256

Page = str | WerkzeugResponse | tuple[str, int]


def lockout_policy() -> LockoutPolicy:
    """How many wrong codes (after a right password) lock an account, and for how long."""
    s = runtime().settings
    return LockoutPolicy(
        max_failures=s.staff_max_failed_logins, lock_for=timedelta(minutes=s.staff_lockout_minutes)
    )


@bp.route("/login", methods=["GET", "POST"])
@per_client
@per_account
def login() -> Page:
    """Sign in with email and password."""
    if request.method == "GET":
        return render_template("staff/login.html")
    email = request.form.get("email", "")[:MAX_FIELD]
    password = request.form.get("password", "")[:MAX_FIELD]
    rt = runtime()
    with rt.sessions.begin() as db:
        result = authenticate(db, email, password, now=rt.now())
        user = result.user
        if result.outcome is not SignIn.OK or user is None:
            locked = result.outcome is SignIn.LOCKED
            if not locked:
                count_failure()
            page = render_template("staff/login.html", error=True, locked=locked, email=email)
            return page, 429 if locked else 401
        if needs_second_factor(user):
            _end_pending(db)
            session.clear()
            response = redirect(url_for("staff.login_code"), code=303)
            response.set_cookie(
                PENDING_COOKIE,
                start_pending_sign_in(db, user, now=rt.now()),
                max_age=int(PENDING_FOR.total_seconds()),
                path=PENDING_PATH,
                secure=_secure(),
                httponly=True,
                samesite="Lax",
            )
            return response
        return _finish_login(db, user)


@bp.route("/login/code", methods=["GET", "POST"])
@per_client
def login_code() -> Page:
    """The second step: a code from an authenticator app, set up here the first time."""
    rt = runtime()
    with rt.sessions.begin() as db:
        user = _pending_user(db)
        if user is None:
            return redirect(url_for("staff.login"), code=303)
        enrolling = not user.totp_enabled
        error = locked = False
        if request.method == "POST":
            code = request.form.get("code", "")[:16]
            outcome = check_second_factor(db, user, code, now=rt.now(), policy=lockout_policy())
            if outcome is SignIn.OK:
                return _finish_login(db, user)
            error, locked = True, outcome is SignIn.LOCKED
            count_failure()
            if locked:
                _end_pending(db)
        qr = secret = None
        if enrolling and not locked:
            uri = start_totp_enrolment(user)
            qr = "data:image/svg+xml;base64," + base64.b64encode(qr_svg(uri, scale=6)).decode()
            secret = user.totp_secret
        page = render_template(
            "staff/login_code.html",
            enrolling=enrolling,
            qr=qr,
            secret=secret,
            error=error,
            locked=locked,
        )
        return page, (429 if locked else 401 if error else 200)


@bp.post("/logout")
def logout() -> WerkzeugResponse:
    """Sign out: the server forgets the session, so a copy of the cookie stops working too."""
    token = request.cookies.get(STAFF_COOKIE)
    rt = runtime()
    if token:
        with rt.sessions.begin() as db:
            row = revoke_session(db, token, now=rt.now())
            if row is not None:
                user = db.get(User, row.user_id)
                record_audit(
                    db,
                    actor=user,
                    action="logout",
                    now=rt.now(),
                    object_type="user",
                    object_id=row.user_id,
                )
    session.clear()
    response = redirect(url_for("staff.login"), code=303)
    response.delete_cookie(
        STAFF_COOKIE, path="/staff", secure=_secure(), httponly=True, samesite="Lax"
    )
    return response


@bp.route("/password", methods=["GET", "POST"], endpoint="change_password")
@per_client
@staff_required()
def change_password_page() -> Page:
    """Choose a new password (required after an admin reset)."""
    me = current_staff()
    if request.method == "GET":
        return render_template("staff/password.html", me=me)
    rt = runtime()
    new = request.form.get("new_password", "")[: MAX_FIELD + 1]
    if new != request.form.get("confirm_password", "")[: MAX_FIELD + 1]:
        return render_template(
            "staff/password.html", me=me, error="The two new passwords differ."
        ), 422
    with rt.sessions.begin() as db:
        user = db.get(User, me.id)
        result = authenticate(
            db, me.email, request.form.get("current_password", "")[:MAX_FIELD], now=rt.now()
        )
        if result.outcome is not SignIn.OK or user is None:
            count_failure()
            return render_template(
                "staff/password.html", me=me, error="Your current password is wrong."
            ), 422
        try:
            change_password(db, user, new, now=rt.now())
        except DomainError as refused:
            return render_template("staff/password.html", me=me, error=str(refused)), 422
        return _finish_login(db, user)


def _pending_user(db: Session) -> User | None:
    token = request.cookies.get(PENDING_COOKIE)
    if not token:
        return None
    return pending_sign_in_user(db, token, now=runtime().now(), within=PENDING_FOR)


def _end_pending(db: Session) -> None:
    token = request.cookies.get(PENDING_COOKIE)
    if token:
        end_pending_sign_in(db, token, now=runtime().now())


def _finish_login(db: Session, user: User) -> WerkzeugResponse:
    """A fresh session id at every sign-in; any session this browser had before is ended."""
    rt = runtime()
    old = request.cookies.get(STAFF_COOKIE)
    if old:
        revoke_session(db, old, now=rt.now())
    _end_pending(db)
    token = open_session(db, user, now=rt.now())
    user.last_login_at = rt.now()
    record_audit(
        db, actor=user, action="login", now=rt.now(), object_type="user", object_id=user.id
    )
    session.clear()
    target = "staff.change_password" if user.must_change_password else "staff.home"
    response = redirect(url_for(target), code=303)
    response.delete_cookie(
        PENDING_COOKIE, path=PENDING_PATH, secure=_secure(), httponly=True, samesite="Lax"
    )
    response.set_cookie(
        STAFF_COOKIE,
        token,
        max_age=int(session_policy().absolute.total_seconds()),
        path="/staff",
        secure=_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


def _secure() -> bool:
    return bool(current_app.config.get("SESSION_COOKIE_SECURE"))
