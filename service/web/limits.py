"""Rate limits per client, so nobody can guess invitation tokens by trying many.

Storage is Redis when REDIS_URL is set (shared by every web worker), memory otherwise. The key is a
keyed hash of the client address, so neither Redis nor the limiter's log lines hold an IP address.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from functools import partial
from typing import Any

from flask import Flask, current_app, g, request
from flask_limiter import Limiter

from service.settings import Settings

limiter = Limiter(key_func=lambda: client_key(), default_limits=[], headers_enabled=True)
_UNLIMITED = "carevoice_unlimited_endpoints"


@limiter.request_filter
def _route_has_no_limit() -> bool:
    """Skip the limiter for a route it has no limit for (the form page, its submit, thanks):
    looking its limits up again on every request cost about a tenth of a form page and guarded
    nothing. Routes that take a token or a password keep every check."""
    endpoint = request.endpoint or ""
    if limiter.limit_manager.has_hints(endpoint):
        return False
    known: dict[str, bool] = current_app.extensions[_UNLIMITED]
    unlimited = known.get(endpoint)
    if unlimited is None:
        manager = limiter.limit_manager
        defaults, decorated = manager.resolve_limits(
            current_app, endpoint, request.blueprint, None, False, False
        )
        unlimited = not (defaults or decorated or manager.application_limits)
        known[endpoint] = unlimited
    return unlimited


def keyed_hash(value: str) -> str:
    """A stable, non-reversible stand-in for `value` (an address, an email) in limit keys."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:24]


def client_key() -> str:
    """The client's address, hashed."""
    return keyed_hash(request.remote_addr or "unknown")


def token_limit() -> str:
    """The limit on opening invitation links, from settings (e.g. "10 per minute; 60 per hour")."""
    return str(current_app.config["TOKEN_RATE_LIMIT"])


def init_limits(app: Flask, settings: Settings) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI", settings.redis_url or "memory://")
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "carevoice")
    # If Redis goes down, limit per worker in memory rather than refuse children's links.
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    app.config["TOKEN_RATE_LIMIT"] = settings.token_rate_limit
    app.config["STAFF_LOGIN_CLIENT_LIMIT"] = settings.staff_login_client_limit
    app.config["STAFF_LOGIN_ACCOUNT_LIMIT"] = settings.staff_login_account_limit
    app.extensions[_UNLIMITED] = {}
    limiter.init_app(app)
    _check_limited_routes_only(app)


def _check_limited_routes_only(app: Flask) -> None:
    """Run the limiter's hooks only for a route with a limit. With the filter above it skipped
    the route's limits but still did its own bookkeeping (meta limits, exemptions, its context)
    before and after every form page and submission: about a twentieth of each."""
    checks = app.before_request_funcs.setdefault(None, [])
    check = limiter._check_request_limit  # the hook init_app registered
    if check not in checks:  # another Flask-Limiter: leave its hooks as they are
        return

    def check_if_limited() -> None:
        if not _route_has_no_limit():
            g.carevoice_limited = True
            check()

    checks[checks.index(check)] = check_if_limited
    # Its after-request hook (headers, conditional deductions) and teardown (its context) have
    # nothing to do for a request it did not check.
    after = app.after_request_funcs.setdefault(None, [])
    for index, hook in enumerate(after):
        if isinstance(hook, partial) and hook.args == (limiter,):
            after[index] = _if_checked(hook, lambda response: response)
    teardown = app.teardown_request_funcs.setdefault(None, [])
    release = limiter._Limiter__release_context  # type: ignore[attr-defined]
    if release in teardown:
        teardown[teardown.index(release)] = _if_checked(release, lambda _error=None: None)


def _if_checked(hook: Callable[..., Any], otherwise: Callable[..., Any]) -> Callable[..., Any]:
    def only_if_checked(*args: Any) -> Any:
        return hook(*args) if g.get("carevoice_limited") else otherwise(*args)

    return only_if_checked
