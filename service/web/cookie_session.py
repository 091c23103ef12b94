"""Flask's signed-cookie session, its signing serializer made once per set of keys.

Flask makes a new serializer (and with it its signer settings) each time it opens or saves a
session, on every request; building it cost about a fiftieth of a form page. The cookie is
signed and read exactly as Flask signs and reads it: same keys, salt, serializer and digest.
"""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class CookieSessions(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._made: dict[tuple[str | bytes, ...], URLSafeTimedSerializer] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        if not app.secret_key:
            return None
        keys = (*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key)
        made = self._made.get(keys)
        if made is None:
            made = super().get_signing_serializer(app)
            assert made is not None
            self._made = {keys: made}  # the app's keys change only in tests: keep the latest
        return made
