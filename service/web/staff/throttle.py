"""Sign-in throttling (Flask-Limiter): per client whatever accounts it tries, and per account
whether or not it exists, so a refusal never tells which emails have accounts.

Only wrong passwords and codes count: a view calls `count_failure()`. The per-account limits are
above the per-client ones, so one client cannot lock someone else out; an admin's unlock clears
an account's count on every worker (the limits live in Redis in production).
"""

from __future__ import annotations

from flask import current_app, g, request
from flask.wrappers import Response
from limits import parse_many

from service.domain.users import normalise_email
from service.web.limits import keyed_hash, limiter

CLIENT_SCOPE = "staff-sign-in-client"
ACCOUNT_SCOPE = "staff-sign-in-account"
MAX_EMAIL = 256


def count_failure() -> None:
    """This request tried a wrong password or code: count it against the limits."""
    g.sign_in_failed = True


def _failed(_response: Response) -> bool:
    return bool(g.get("sign_in_failed", False))


def _client_limit() -> str:
    return str(current_app.config["STAFF_LOGIN_CLIENT_LIMIT"])


def _account_limit() -> str:
    return str(current_app.config["STAFF_LOGIN_ACCOUNT_LIMIT"])


def account_key(email: str | None = None) -> str:
    """The email being signed in to (the form's, unless given), hashed; no lookup, so the same
    work is done for an account that does not exist."""
    if email is None:
        email = request.form.get("email", "")[:MAX_EMAIL]
    return keyed_hash("staff-account:" + normalise_email(email))


per_client = limiter.shared_limit(
    _client_limit, scope=CLIENT_SCOPE, deduct_when=_failed, methods=["POST"]
)
per_account = limiter.shared_limit(
    _account_limit, scope=ACCOUNT_SCOPE, key_func=account_key, deduct_when=_failed, methods=["POST"]
)


def clear_account_limits(email: str) -> None:
    """An admin's unlock: forget the wrong passwords counted against this email."""
    prefix = str(current_app.config["RATELIMIT_KEY_PREFIX"])
    for item in parse_many(_account_limit()):
        limiter.limiter.clear(item, prefix, account_key(email), ACCOUNT_SCOPE)
