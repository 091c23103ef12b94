"""Security headers on every response; no page loads anything from any other site or runs inline script."""

from __future__ import annotations

from flask import Flask, Response, request

# No 'unsafe-inline' anywhere: a stored XSS payload that slipped past escaping still cannot run.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
PERMISSIONS_POLICY = (
    "geolocation=(), camera=(), microphone=(), payment=(), usb=(), interest-cohort=()"
)
HSTS = "max-age=63072000; includeSubDomains"
# Pages whose content is personal: never kept by a shared phone's browser or a proxy.
_NO_STORE = ("/r/", "/form", "/help", "/thanks", "/staff")


# Set on every response, in this order.
_ALWAYS = (
    ("Content-Security-Policy", CSP),  # unless the view set its own
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Permissions-Policy", PERMISSIONS_POLICY),
)
_HSTS = ("Strict-Transport-Security", HSTS)
_NO_STORE_HEADER = ("Cache-Control", "no-store")
_OURS = frozenset(name.lower() for name, _ in (*_ALWAYS, _HSTS, _NO_STORE_HEADER))


def register(app: Flask) -> None:
    @app.after_request
    def _secure(response: Response) -> Response:
        added = list(_ALWAYS)
        if request.is_secure:
            added.append(_HSTS)
        if request.path.startswith(_NO_STORE):
            added.append(_NO_STORE_HEADER)
        headers = response.headers
        if not any(name.lower() in _OURS for name, _value in headers.items()):
            # The usual case, a view that set none of them: added at the end, as setting each
            # would add them, without searching the headers once for each.
            headers.extend(added)
            return response
        headers.setdefault(*_ALWAYS[0])  # a view's own policy stays
        for name, value in added[1:]:
            headers[name] = value
        return response
