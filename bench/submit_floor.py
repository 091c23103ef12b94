"""The floor under any submit design: the least a correct submission must do, with no framework.

`bench/form_throughput.py --floor` serves this WSGI app with gunicorn, configured as
`carevoice serve`, and drives it with the same POSTs as `/form` (and a GET with the constant
page of /healthz, to show what Flask itself costs). It answers the question "how
close to the bare endpoint could the submit POST get on this machine?", which tells a slow
implementation apart from a target the hardware cannot meet.

Per POST it does what the real path cannot skip:
- check the signed session cookie and the CSRF token (itsdangerous, as Flask and Flask-WTF do);
- parse the form and screen the free text (sentiment, themes, safety: help must show at once);
- one transaction: claim the invitation (with its review), insert the response, insert its
  answers, commit.

It uses psycopg (or, on SQLite, the standard library's sqlite3) directly with one connection per
thread: no ORM, no Flask, no pool, no validation against the questionnaire, no alerts, no
language or headers. Not a product path.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

import psycopg
from flask.json.tag import TaggedJSONSerializer
from itsdangerous import URLSafeTimedSerializer

from analysis.text.pipeline import ANALYSER_VERSION, analyse_text

_SECRET = os.environ["SECRET_KEY"]
_URL = os.environ["DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://")
_SQLITE = _URL.startswith("sqlite:///")
_COOKIES = URLSafeTimedSerializer(
    _SECRET,
    salt="cookie-session",
    serializer=TaggedJSONSerializer(),
    signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha1},
)
_CSRF = URLSafeTimedSerializer(_SECRET, salt="wtf-csrf-token")
_local = threading.local()

_CLAIM = """
UPDATE invitations AS i SET used_at = %(now)s
FROM invitations AS o LEFT JOIN reviews AS r ON r.id = o.review_id
WHERE i.id = %(id)s AND o.id = i.id AND i.used_at IS NULL AND i.expires_at > %(now)s
RETURNING i.review_id, r.child_id, i.role, i.questionnaire_key
"""
# SQLite's RETURNING cannot name another table's columns: the review is read after the claim.
_CLAIM_SQLITE = """
UPDATE invitations SET used_at = :now
WHERE id = :id AND used_at IS NULL AND expires_at > :now
RETURNING review_id, role, questionnaire_key
"""
_RESPONSE = """
INSERT INTO responses (invitation_id, review_id, child_id, questionnaire_key,
    questionnaire_version, role, channel, language, status, started_at, submitted_at)
VALUES (%s, %s, %s, %s, 1, %s, 'web', 'en', 'submitted', %s, %s) RETURNING id
"""
_ANSWER_COLUMNS = (
    "response_id, question_id, value, text, sentiment, sentiment_label, themes, safety, "
    "analyser_version, submitted_at"
)


def _connection() -> psycopg.Connection[Any]:
    conn: psycopg.Connection[Any] | None = getattr(_local, "conn", None)
    if conn is None:
        conn = psycopg.connect(_URL)
        _local.conn = conn
    return conn


def _sqlite() -> sqlite3.Connection:
    """As the app opens SQLite (service/db.py): WAL, synchronous=FULL, a busy timeout, and each
    write transaction taking the lock at once."""
    conn: sqlite3.Connection | None = getattr(_local, "sqlite", None)
    if conn is None:
        conn = sqlite3.connect(_URL.removeprefix("sqlite:///"), timeout=30, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        _local.sqlite = conn
    return conn


def _qmarks(sql: str) -> str:
    """psycopg's placeholders as sqlite3's."""
    return sql.replace("%s", "?")


def _store_sqlite(invitation_id: int, rows: list[tuple[Any, ...]], now: datetime) -> None:
    conn = _sqlite()
    stamp = now.isoformat(" ")
    conn.execute("BEGIN IMMEDIATE")
    try:
        claimed = conn.execute(_CLAIM_SQLITE, {"id": invitation_id, "now": stamp}).fetchone()
        if claimed is not None:
            review_id, role, questionnaire = claimed
            child = conn.execute("SELECT child_id FROM reviews WHERE id = ?", (review_id,))
            child_id = (child.fetchone() or (None,))[0]
            args = (invitation_id, review_id, child_id, questionnaire, role, stamp, stamp)
            response_id = conn.execute(_qmarks(_RESPONSE), args).fetchone()[0]
            placeholders = ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(rows))
            conn.execute(
                f"INSERT INTO answers ({_ANSWER_COLUMNS}) VALUES {placeholders}",  # nosec B608 - placeholders only
                [v for row in rows for v in (response_id, *row, stamp)],
            )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _answers(form: dict[str, list[str]]) -> list[tuple[str, str | None, str | None]]:
    """(question, choice, text) for each answered question of the bench's carer form."""
    texts = {"do_better"}
    return [
        (q, None, values[0]) if q in texts else (q, values[0], None)
        for q, values in form.items()
        if q not in ("csrf_token", "page", "move") and values and values[0].strip()
    ]


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    if environ["REQUEST_METHOD"] == "GET":  # the same bare page as /healthz, without Flask
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
        return [b"ok"]
    cookie = environ.get("HTTP_COOKIE", "").removeprefix("session=")
    length = int(environ.get("CONTENT_LENGTH") or 0)
    form = parse_qs(environ["wsgi.input"].read(length).decode())
    session = _COOKIES.loads(cookie)
    if _CSRF.loads(form["csrf_token"][0]) != session["csrf_token"]:
        start_response("400 Bad Request", [("Content-Type", "text/plain")])
        return [b"csrf"]
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = []
    for question, value, text in _answers(form):
        found = analyse_text(text, "en") if text else None
        rows.append(
            (
                question,
                value,
                text,
                found.sentiment if found else None,
                found.label if found else None,
                json.dumps(list(found.themes)) if found else None,
                json.dumps(found.safety.to_dict()) if found else None,
                ANALYSER_VERSION if found else None,
            )
        )
    if _SQLITE:
        _store_sqlite(session["form"]["invitation"], rows, now)
        start_response("303 See Other", [("Location", "/thanks"), ("Content-Length", "0")])
        return [b""]
    conn = _connection()
    with conn.transaction():
        claimed = conn.execute(_CLAIM, {"id": session["form"]["invitation"], "now": now}).fetchone()
        if claimed is None:
            location = "/thanks"
        else:
            review_id, child_id, role, questionnaire = claimed
            response_id = conn.execute(
                _RESPONSE,
                (session["form"]["invitation"], review_id, child_id, questionnaire, role, now, now),
            ).fetchone()[0]  # type: ignore[index]
            placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(rows))
            conn.execute(
                f"INSERT INTO answers ({_ANSWER_COLUMNS}) VALUES {placeholders}",  # nosec B608 - placeholders only
                [v for row in rows for v in (response_id, *row, now)],
            )
            location = "/thanks"
    start_response("303 See Other", [("Location", location), ("Content-Length", "0")])
    return [b""]
