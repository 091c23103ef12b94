"""Flask's signed-cookie session, its signing serializer made once per set of keys.

Flask makes a new serializer (and with it its signer settings) each time it opens or saves a
session, on every request; building it cost about a fiftieth of a form page. The one made here
also keeps its signer and derived key (`signing.OnceTimedSerializer`). The cookie is signed and
read exactly as Flask signs and reads it: same keys, salt, serializer and digest.
"""

from __future__ import annotations

from flask import Flask, Response
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from itsdangerous import URLSafeTimedSerializer

from service.web.signing import OnceTimedSerializer


class CookieSessions(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._made: dict[tuple[str | bytes, ...], URLSafeTimedSerializer] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        if not app.secret_key:
            return None
        keys = (*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key)
        made = self._made.get(keys)
        if made is None:
            made = OnceTimedSerializer(
                list(keys),  # the current key last, as Flask lists them
                salt=self.salt,
                serializer=self.serializer,
                signer_kwargs={
                    "key_derivation": self.key_derivation,
                    "digest_method": self.digest_method,
                },
            )
            self._made = {keys: made}  # the app's keys change only in tests: keep the latest
        return made

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """As Flask saves it, without first reading seven cookie settings when there is nothing
        to write: a form page that only read the cookie gets just its `Vary: Cookie`."""
        if session and not self.should_set_cookie(app, session):
            if session.accessed:
                response.vary.add("Cookie")
            return
        super().save_session(app, session, response)
