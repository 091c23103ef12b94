"""Who is signed in, and what their role lets them do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import LoginManager, current_user, login_required

from service.models import StaffRole, User

login_manager = LoginManager()
login_manager.login_view = "staff.login"
login_manager.login_message = "Please sign in to see that page."

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class StaffIdentity:
    """A snapshot of the signed-in user for this request (not a live ORM object)."""

    id: int
    email: str
    display_name: str
    role: StaffRole
    iro_code: str | None

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return str(self.id)

    @classmethod
    def of(cls, user: User) -> StaffIdentity:
        return cls(user.id, user.email, user.display_name, user.role, user.iro_code)


def current_staff() -> StaffIdentity:
    """The signed-in member of staff (only call behind `staff_required`)."""
    identity: StaffIdentity = current_user._get_current_object()
    return identity


def staff_required(*roles: StaffRole) -> Callable[[F], F]:
    """Sign-in required; with roles, anyone else gets 403."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if roles and current_staff().role not in roles:
                abort(403)
            return view(*args, **kwargs)

        guarded: F = login_required(wrapped)
        return guarded

    return decorate
