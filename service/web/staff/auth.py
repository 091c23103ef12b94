"""Signing in and out."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from flask import redirect, render_template, request, url_for
from flask_login import login_user, logout_user
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse

from service.domain.audit import record_audit
from service.models import User
from service.web import runtime
from service.web.staff import bp
from service.web.staff.identity import StaffIdentity, login_manager

_hasher = PasswordHasher()


@login_manager.user_loader  # type: ignore[untyped-decorator]
def _load(user_id: str) -> StaffIdentity | None:
    if not user_id.isdigit():
        return None
    with runtime().sessions() as db:
        user = db.get(User, int(user_id))
        return StaffIdentity.of(user) if user is not None and user.is_active else None


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | WerkzeugResponse | tuple[str, int]:
    """Sign in with email and password."""
    if request.method == "GET":
        return render_template("staff/login.html")
    email = request.form.get("email", "").strip().lower()
    password = request.form.get("password", "")
    rt = runtime()
    with rt.sessions.begin() as db:
        user = db.scalar(select(User).where(User.email == email))
        if user is None or not user.is_active or not _verify(user.password_hash, password):
            record_audit(
                db, actor=None, action="login_failed", now=rt.now(), detail={"email": email}
            )
            return render_template("staff/login.html", error=True, email=email), 401
        user.last_login_at = rt.now()
        record_audit(db, actor=user, action="login", now=rt.now())
        identity = StaffIdentity.of(user)
    login_user(identity)
    return redirect(url_for("staff.home"), code=303)


@bp.post("/logout")
def logout() -> WerkzeugResponse:
    """Sign out."""
    logout_user()
    return redirect(url_for("staff.login"), code=303)


def _verify(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return False
