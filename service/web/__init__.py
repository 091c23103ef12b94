"""The Flask app factory: children's forms, staff pages and the `carevoice` CLI share one runtime."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from flask import Flask, current_app, request
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from service.runtime import Runtime
from service.secret_key import generated_secret_key
from service.settings import Settings
from service.startup_checks import refuse_unsafe_production
from service.web import language, page_cache, signing
from service.web.cookie_session import CookieSessions
from service.web.limits import init_limits
from service.web.logs import install_token_redaction

csrf = CSRFProtect()


class _App(Flask):
    """Flask, remembering which views and hooks are plain functions: it asked `inspect` again
    for each of them (eight a form page) whether it was a coroutine, on every request."""

    def __init__(self, import_name: str) -> None:
        super().__init__(import_name)
        self._plain: set[Callable[..., Any]] = set()

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        try:
            if func in self._plain:
                return func
        except TypeError:  # unhashable: ask every time, as Flask does
            return super().ensure_sync(func)
        made = super().ensure_sync(func)
        if made is func:
            self._plain.add(func)
        return made


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app from the environment, then apply `test_config` (Flask keys and Settings names)."""
    test_config = dict(test_config or {})
    fields = Settings.__dataclass_fields__
    overrides = {k.lower(): v for k, v in test_config.items() if k.lower() in fields}
    settings = Settings.from_env(**overrides)
    if not settings.secret_key and not settings.is_production:
        settings = replace(settings, secret_key=generated_secret_key())

    app = _App(__name__)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        # Input limits: a whole form page is a few kilobytes; anything far bigger is refused (413).
        MAX_CONTENT_LENGTH=64 * 1024,
        MAX_FORM_MEMORY_SIZE=64 * 1024,
        MAX_FORM_PARTS=200,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.public_base_url.startswith("https://"),
        WTF_CSRF_TIME_LIMIT=None,
    )
    app.config.update({k: v for k, v in test_config.items() if k.lower() not in fields})

    runtime = test_config.get("RUNTIME") or Runtime.from_settings(settings)
    app.extensions["carevoice"] = runtime
    # The settings this app signs cookies with; the runtime's engine is the database it uses.
    refuse_unsafe_production(settings, runtime.engine, debug=app.debug)
    if settings.proxy_hops:
        # Behind a load balancer: trust its X-Forwarded-For/-Proto, so HSTS and rate limits work.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=settings.proxy_hops, x_proto=settings.proxy_hops
        )

    app.session_interface = CookieSessions()
    signing.use_for_csrf()
    csrf.init_app(app)
    _check_csrf_only_for_its_methods(app)
    language.install(app)
    page_cache.install(app)
    install_token_redaction()
    init_limits(app, settings)

    from service.web import (
        campaigns,
        errors,
        forms,
        headers,
        health,
        input_guard,
        reporting,
        staff,
        you_said,
    )
    from service.web.staff.identity import login_manager

    login_manager.init_app(app)
    app.register_blueprint(forms.bp)
    app.register_blueprint(campaigns.bp)
    app.register_blueprint(staff.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(reporting.bp)
    app.register_blueprint(you_said.bp)
    errors.register(app)
    headers.register(app)
    input_guard.register(app)
    # Browsers ask for /favicon.ico on pages that name no icon (staff pages, error pages).
    app.add_url_rule("/favicon.ico", "favicon", lambda: app.send_static_file("favicon.svg"))

    from service.web.cli import register_commands

    register_commands(app)
    return app


def _check_csrf_only_for_its_methods(app: Flask) -> None:
    """Flask-WTF's hook looks up the view's exemptions before it looks at the method, on every
    GET too, then does nothing for a method it does not check. Asked first, the method lets a
    GET skip the look-ups; a POST (PUT, PATCH, DELETE) runs the hook exactly as before."""
    checks = app.before_request_funcs.setdefault(None, [])
    hook = next(
        (f for f in checks if f.__qualname__ == "CSRFProtect.init_app.<locals>.csrf_protect"), None
    )
    if hook is None:  # another Flask-WTF: leave its hook as it is
        return

    def csrf_protect() -> None:
        if request.method in app.config["WTF_CSRF_METHODS"]:
            hook()

    checks[checks.index(hook)] = csrf_protect


def runtime() -> Runtime:
    """The runtime of the app handling this request or command."""
    value: Runtime = current_app.extensions["carevoice"]
    return value
