"""itsdangerous's serializers with their per-token set-up done once per key.

Every page and submission signs or checks three things: the session cookie, the CSRF token and
the form's signed note. itsdangerous builds a new signer for each, derives its key again (a hash
of salt and secret) and computes the HMAC through Python's `hmac.new`. Here the signers are made
once per serializer and salt, each derived key once per secret, and the HMAC is the one-shot
`hmac.digest` in C. Keys, salts, key derivation, digest, payload and layout are untouched, so
these sign exactly the bytes itsdangerous signs and accept exactly what it accepts, expiry and
key fallbacks included (`tests/web/test_signing.py` checks both ways). Flask-WTF's own CSRF
checks all still run: `use_for_csrf` only hands it a serializer made once per secret.
"""

from __future__ import annotations

import hmac
from functools import lru_cache
from typing import Any

import flask_wtf.csrf
from itsdangerous import (
    Serializer,
    Signer,
    TimestampSigner,
    URLSafeSerializer,
    URLSafeTimedSerializer,
)
from itsdangerous.encoding import want_bytes
from itsdangerous.signer import HMACAlgorithm


class _OneShotHMAC(HMACAlgorithm):
    """HMAC of the named digest in one call to OpenSSL: the same bytes as `hmac.new(...).digest()`."""

    def __init__(self, digest_method: Any, name: str) -> None:
        super().__init__(digest_method)
        self.name = name

    def get_signature(self, key: bytes, value: bytes) -> bytes:
        return hmac.digest(key, value, self.name)


class OnceSigner(Signer):
    """A signer that derives each secret's key once and signs with `_OneShotHMAC`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._derived: dict[bytes, bytes] = {}
        if type(self.algorithm) is HMACAlgorithm:  # the default, made from digest_method
            self.algorithm = _OneShotHMAC(self.digest_method, self.digest_method().name)

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        key = self.secret_keys[-1] if secret_key is None else want_bytes(secret_key)
        derived = self._derived.get(key)
        if derived is None:
            derived = self._derived[key] = super().derive_key(key)
        return derived


class OnceTimestampSigner(OnceSigner, TimestampSigner):
    pass


class _SignersKept(Serializer[str]):
    """A serializer keeping its signer per salt (its keys and signer settings never change)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._signers: dict[str | bytes | None, Signer] = {}

    def make_signer(self, salt: str | bytes | None = None) -> Signer:
        made = self._signers.get(salt)
        if made is None:
            made = self._signers[salt] = super().make_signer(salt)
        return made


class OnceSerializer(_SignersKept, URLSafeSerializer):
    default_signer = OnceSigner


class OnceTimedSerializer(_SignersKept, URLSafeTimedSerializer):
    default_signer = OnceTimestampSigner


@lru_cache(maxsize=8)
def _made_once(secret_key: str | bytes, salt: str | bytes) -> OnceTimedSerializer:
    """Called as Flask-WTF calls `URLSafeTimedSerializer(secret_key, salt=...)`."""
    return OnceTimedSerializer(secret_key, salt=salt)


def use_for_csrf() -> None:
    """Have Flask-WTF's `generate_csrf` and `validate_csrf` use a serializer made once per
    secret: they build `URLSafeTimedSerializer(secret_key, salt="wtf-csrf-token")` on every
    call, and everything else they do (the session's raw token, the time limit, each error)
    is theirs, unchanged."""
    flask_wtf.csrf.URLSafeTimedSerializer = _made_once
