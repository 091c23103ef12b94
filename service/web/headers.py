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


def register(app: Flask) -> None:
    @app.after_request
    def _secure(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = PERMISSIONS_POLICY
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = HSTS
        if request.path.startswith(_NO_STORE):
            response.headers["Cache-Control"] = "no-store"
        return response
