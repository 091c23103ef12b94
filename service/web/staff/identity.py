"""Who is signed in, and what their role lets them do.

Sign-in state lives in the `staff_sessions` table, not in Flask's signed cookie: the cookie only
holds a random id, so signing out (or an admin disabling the account) ends it everywhere, and a
copy of the cookie taken before then no longer works.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar

from flask import Request, abort, redirect, request, url_for
from flask_login import LoginManager, current_user, login_required

from service.domain.staff_sessions import SessionPolicy, find_live_session
from service.models import StaffRole, User

login_manager = LoginManager()
login_manager.login_view = "staff.login"
login_manager.login_message = "Please sign in to see that page."
# Flask-Login's session protection keeps a hash of the IP address and user agent in the cookie;
# we collect neither, and the server-side session already ends at sign-out.
login_manager.session_protection = None

STAFF_COOKIE = "carevoice_staff"
# Every staff role, for views any member of staff may use.
ALL_ROLES: tuple[StaffRole, ...] = tuple(StaffRole)

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class StaffIdentity:
    """A snapshot of the signed-in user for this request (not a live ORM object)."""

    id: int
    email: str
    display_name: str
    role: StaffRole
    iro_code: str | None
    must_change_password: bool = False

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return str(self.id)

    @classmethod
    def of(cls, user: User) -> StaffIdentity:
        return cls(
            user.id,
            user.email,
            user.display_name,
            user.role,
            user.iro_code,
            user.must_change_password,
        )


def session_policy() -> SessionPolicy:
    from service.web import runtime

    s = runtime().settings
    return SessionPolicy(
        idle=timedelta(minutes=s.staff_idle_minutes),
        absolute=timedelta(hours=s.staff_absolute_hours),
    )


@login_manager.request_loader  # type: ignore[untyped-decorator]
def _load_from_cookie(req: Request) -> StaffIdentity | None:
    token = req.cookies.get(STAFF_COOKIE)
    if not token:
        return None
    from service.web import runtime

    rt = runtime()
    with rt.sessions.begin() as db:
        found = find_live_session(db, token, now=rt.now(), policy=session_policy())
        return StaffIdentity.of(found[1]) if found else None


def current_staff() -> StaffIdentity:
    """The signed-in member of staff (only call behind `staff_required`)."""
    identity: StaffIdentity = current_user._get_current_object()
    return identity


def staff_required(*roles: StaffRole) -> Callable[[F], F]:
    """Sign-in required; with roles, anyone else gets 403.

    The allowed roles are kept on the view as `staff_roles` (all roles when none are named), so
    tests can walk the URL map and check every staff route against every role.
    """

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            me = current_staff()
            if roles and me.role not in roles:
                abort(403)
            if me.must_change_password and request.endpoint != "staff.change_password":
                return redirect(url_for("staff.change_password"), code=303)
            return view(*args, **kwargs)

        guarded: F = login_required(wrapped)
        guarded.staff_roles = tuple(roles) or ALL_ROLES  # type: ignore[attr-defined]
        return guarded

    return decorate


def allowed_roles(view: Callable[..., Any]) -> tuple[StaffRole, ...] | None:
    """The roles a view lets in, or None if it is not behind `staff_required`."""
    roles: tuple[StaffRole, ...] | None = getattr(view, "staff_roles", None)
    return roles


def forbid_unless(condition: bool) -> None:
    """404 rather than 403 when an object exists but is not this user's: do not confirm it exists."""
    if not condition:
        abort(404)
