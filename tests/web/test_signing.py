"""The serializers made once (service/web/signing.py) sign exactly what itsdangerous signs and
accept exactly what it accepts: session cookies, CSRF tokens and form notes already in a phone's
page keep working, and nothing forged, tampered with or expired is let in."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from flask import Flask, session
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect, generate_csrf, validate_csrf
from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer
from wtforms import ValidationError

from service.web import form_ref, signing
from service.web.cookie_session import CookieSessions

SECRET = "a-test-secret-key"
OLD_SECRET = "the-key-before-it"
NOW = 1_790_000_000
DATA = {"form": {"invitation": 7, "questionnaire": "carer", "started": "2026-11-02T09:30:00"}}


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """itsdangerous's clock, fixed and movable."""
    now = [NOW]
    monkeypatch.setattr(time, "time", lambda: float(now[0]))
    yield now


def _other(letter: str) -> str:
    """Another letter of the signature's alphabet (its first letter carries six real bits)."""
    return "A" if letter != "A" else "B"


def _app(**config: object) -> Flask:
    app = Flask(__name__)
    app.config.update({"SECRET_KEY": SECRET, **config})
    app.session_interface = CookieSessions()
    signing.use_for_csrf()
    CSRFProtect(app)
    return app


def _flask_serializer(app: Flask) -> URLSafeTimedSerializer:
    made = SecureCookieSessionInterface().get_signing_serializer(app)
    assert made is not None
    return made


def _ours(app: Flask) -> URLSafeTimedSerializer:
    made = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    assert isinstance(made, signing.OnceTimedSerializer)
    return made


def test_session_cookies_are_signed_and_read_as_flask_does(clock: list[int]) -> None:
    app = _app()
    ours, flasks = _ours(app), _flask_serializer(app)
    for data in (DATA, {"lang": "uk"}, {"csrf_token": "ab" * 20, **DATA}):
        cookie = ours.dumps(data)
        assert cookie == flasks.dumps(data)
        assert ours.loads(cookie, max_age=60) == flasks.loads(cookie, max_age=60) == data
        # A second use of the kept signer gives the same again.
        assert ours.dumps(data) == cookie


def test_a_tampered_or_foreign_cookie_is_refused(clock: list[int]) -> None:
    app = _app()
    cookie = _ours(app).dumps(DATA)
    payload, stamp, sig = cookie.rsplit(".", 2)
    for bad in (
        f"{payload}.{stamp}.{_other(sig[0])}{sig[1:]}",
        f"{payload[:-1]}x.{stamp}.{sig}",
        URLSafeTimedSerializer("another-key", salt="cookie-session").dumps(DATA),
        "not a cookie",
    ):
        with pytest.raises(BadSignature):
            _ours(app).loads(bad)


def test_an_old_cookie_expires_as_before(clock: list[int]) -> None:
    app = _app()
    cookie = _ours(app).dumps(DATA)
    clock[0] += 61
    with pytest.raises(SignatureExpired):
        _ours(app).loads(cookie, max_age=60)
    with pytest.raises(SignatureExpired):
        _flask_serializer(app).loads(cookie, max_age=60)


def test_a_cookie_signed_with_the_previous_key_is_still_read(clock: list[int]) -> None:
    before = _app(SECRET_KEY=OLD_SECRET)
    cookie = _ours(before).dumps(DATA)
    rotated = _app(SECRET_KEY_FALLBACKS=[OLD_SECRET])
    assert _ours(rotated).loads(cookie) == DATA
    assert _ours(rotated).dumps(DATA) == _flask_serializer(rotated).dumps(DATA)
    with pytest.raises(BadSignature):
        _ours(_app()).loads(cookie)


def test_csrf_tokens_are_what_flask_wtf_made_and_checked_the_same(clock: list[int]) -> None:
    app = _app(WTF_CSRF_TIME_LIMIT=3600)
    stock = URLSafeTimedSerializer(SECRET, salt="wtf-csrf-token")
    with app.test_request_context():
        token = generate_csrf()
        raw = session["csrf_token"]
        assert token == stock.dumps(raw)
        validate_csrf(token)
        validate_csrf(stock.dumps(raw))  # one a phone got before the change
        clock[0] += 3599
        validate_csrf(token)
        for data, error in (
            ("", "The CSRF token is missing."),
            (token[:-27] + _other(token[-27]) + token[-26:], "The CSRF token is invalid."),
            (
                URLSafeTimedSerializer("other", salt="wtf-csrf-token").dumps(raw),
                "The CSRF token is invalid.",
            ),
            (stock.dumps("0" * 40), "The CSRF tokens do not match."),
        ):
            with pytest.raises(ValidationError) as refused:
                validate_csrf(data)
            assert refused.value.args[0] == error
        clock[0] += 2
        with pytest.raises(ValidationError) as refused:
            validate_csrf(token)
        assert refused.value.args[0] == "The CSRF token has expired."


def test_form_notes_are_signed_as_before() -> None:
    ours = form_ref._serializer_for(SECRET)
    stock = URLSafeSerializer(SECRET, salt=form_ref.SALT)
    for note in ({"q": "carer", "i": 12}, {"q": "child", "c": 3, "k": "k" * 30}):
        signed = ours.dumps(note)
        assert signed == stock.dumps(note)
        assert ours.loads(signed) == stock.loads(signed) == note
        with pytest.raises(BadSignature):
            payload, sig = signed.rsplit(".", 1)
            ours.loads(f"{payload}.{_other(sig[0])}{sig[1:]}")
