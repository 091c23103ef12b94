"""The floor under any submit design: the least a correct submission must do, with no framework.

`bench/form_throughput.py --floor` serves this WSGI app with gunicorn, configured as
`carevoice serve`, and drives it with the same POSTs as `/form` (and a GET with the constant
page of /healthz, to show what Flask itself costs). It answers the question "how
close to the bare endpoint could the submit POST get on this machine?", which tells a slow
implementation apart from a target the hardware cannot meet.

Per POST it does what the real path cannot skip, and stores the same rows:
- check the signed session cookie and the CSRF token (itsdangerous, as Flask and Flask-WTF do);
- parse the form and screen the free text (sentiment, themes, safety: help must show at once);
- one transaction: claim the invitation (with its review), insert the response (with the
  review's child and age band), insert its answers, put the words in the reading queue for the
  review's IRO and write the IRO's link-only email (issue 16: nothing a child writes goes
  unread), commit. On PostgreSQL the reading item and its email are one statement.

It uses psycopg (or, on SQLite, the standard library's sqlite3) directly with one connection per
thread: no ORM, no Flask, no pool, no validation against the questionnaire, no alerts, no
language or headers. The reading queue's rules (why an item is read, its due time, the email's
words) and the age bands are the project's own plain functions, as the screen is. Not a product
path: it assumes the bench's carer form and the default routing (the child's IRO reads).
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
from service.domain.reading import item_number, reader_message, to_read
from service.domain.reading_policy import ReadingPolicy
from service.questionnaires import get_questionnaire
from service.questionnaires.bands import age_band

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
_READING = ReadingPolicy()
_SLOT = "\x00"  # where the item's number goes in the email

_CLAIM = """
UPDATE invitations AS i SET used_at = %(now)s
FROM invitations AS o LEFT JOIN reviews AS r ON r.id = o.review_id
WHERE i.id = %(id)s AND o.id = i.id AND i.used_at IS NULL AND i.expires_at > %(now)s
RETURNING i.review_id, r.child_id, i.role, i.questionnaire_key, r.age_at_review, r.iro
"""
# SQLite's RETURNING cannot name another table's columns: the review is read after the claim.
_CLAIM_SQLITE = """
UPDATE invitations SET used_at = :now
WHERE id = :id AND used_at IS NULL AND expires_at > :now
RETURNING review_id, role, questionnaire_key
"""
_RESPONSE = """
INSERT INTO responses (invitation_id, review_id, child_id, questionnaire_key,
    questionnaire_version, role, age_band, channel, language, status, started_at, submitted_at)
VALUES (%s, %s, %s, %s, %s, %s, %s, 'web', 'en', 'submitted', %s, %s) RETURNING id
"""
_READER = """
SELECT id, email, role FROM users
WHERE is_active AND role = 'iro' AND iro_code = %(iro)s ORDER BY id LIMIT 1
"""
_ITEM_COLUMNS = (
    "response_id, reader_id, reader_role, urgency_rank, needs_interpreter, received_at, due_at, "
    "reason, interpreted"
)
_OUTBOX_COLUMNS = (
    "idempotency_key, channel, recipient, subject, body, reading_item_id, status, attempts, "
    "next_attempt_at, created_at"
)
# The reading item for the review's IRO and their email, in one statement.
_QUEUE = f"""
WITH reader AS ({_READER}),
item AS (
    INSERT INTO reading_items ({_ITEM_COLUMNS})
    SELECT %(response)s, reader.id, coalesce(reader.role, 'iro'), %(rank)s, %(interpreter)s,
        %(now)s, %(due)s, %(reason)s, false
    FROM (SELECT 1) AS one LEFT JOIN reader ON true
    RETURNING id, reader_id
)
INSERT INTO outbox_messages ({_OUTBOX_COLUMNS})
SELECT 'reading:' || item.id || ':new', 'email', reader.email,
    %(subject_before)s || n.number || %(subject_after)s,
    %(body_before)s || n.number || %(body_after)s,
    item.id, 'pending', 0, %(now)s, %(now)s
FROM item JOIN reader ON reader.id = item.reader_id
CROSS JOIN LATERAL (SELECT 'R' || CASE WHEN item.id < 1000000
    THEN lpad(item.id::text, 6, '0') ELSE item.id::text END AS number) AS n
"""  # nosec B608 - column lists are constants
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


def _to_read(rows: list[tuple[Any, ...]], now: datetime) -> dict[str, Any] | None:
    """The reading item's reasons and due time, and its email's words around the item's number."""
    texts = [row[2] for row in rows if row[2]]
    urgencies = [json.loads(row[6]).get("urgency", "none") for row in rows if row[6]]
    found = to_read(texts, urgencies, "en")
    if found is None:
        return None
    due = _READING.due(now)
    subject, body = reader_message("Words to read", _SLOT, now, due, found.needs_interpreter)
    return {
        "rank": found.urgency_rank,
        "interpreter": found.needs_interpreter,
        "due": due,
        "reason": found.reason,
        "subject": subject,
        "body": body,
    }


def _version(questionnaire: str) -> int:
    return get_questionnaire(questionnaire).version


def _stamp(moment: datetime) -> str:
    """A time as SQLAlchemy stores it in SQLite."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _store_sqlite(invitation_id: int, rows: list[tuple[Any, ...]], now: datetime) -> None:
    conn = _sqlite()
    stamp = _stamp(now)
    conn.execute("BEGIN IMMEDIATE")
    try:
        claimed = conn.execute(_CLAIM_SQLITE, {"id": invitation_id, "now": stamp}).fetchone()
        if claimed is not None:
            review_id, role, questionnaire = claimed
            review = conn.execute(
                "SELECT child_id, age_at_review, iro FROM reviews WHERE id = ?", (review_id,)
            ).fetchone()
            child_id, age, iro = review or (None, None, None)
            args = (invitation_id, review_id, child_id, questionnaire, _version(questionnaire))
            args += (role, age_band(age), stamp, stamp)
            response_id = conn.execute(_qmarks(_RESPONSE), args).fetchone()[0]
            placeholders = ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(rows))
            conn.execute(
                f"INSERT INTO answers ({_ANSWER_COLUMNS}) VALUES {placeholders}",  # nosec B608 - placeholders only
                [v for row in rows for v in (response_id, *row, stamp)],
            )
            reading = _to_read(rows, now)
            if reading is not None:
                reader = conn.execute(
                    _READER.replace("%(iro)s", ":iro").replace("is_active", "is_active = 1"),
                    {"iro": iro},
                ).fetchone()
                item = (response_id, reader[0] if reader else None, reader[2] if reader else "iro")
                item += (reading["rank"], reading["interpreter"], stamp, _stamp(reading["due"]))
                item += (reading["reason"], False)
                item_id = conn.execute(
                    f"INSERT INTO reading_items ({_ITEM_COLUMNS}) "  # nosec B608 - constants
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    item,
                ).fetchone()[0]
                if reader is not None:
                    number = item_number(item_id)
                    email = (f"reading:{item_id}:new", "email", reader[1])
                    email += (reading["subject"].replace(_SLOT, number),)
                    email += (reading["body"].replace(_SLOT, number), item_id, "pending", 0)
                    conn.execute(
                        f"INSERT INTO outbox_messages ({_OUTBOX_COLUMNS}) "  # nosec B608 - constants
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (*email, stamp, stamp),
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
    invitation_id = session["form"]["invitation"]
    with conn.transaction():
        claimed = conn.execute(_CLAIM, {"id": invitation_id, "now": now}).fetchone()
        if claimed is not None:
            review_id, child_id, role, questionnaire, age, iro = claimed
            version = _version(questionnaire)
            response = (invitation_id, review_id, child_id, questionnaire, version, role)
            response_id = conn.execute(_RESPONSE, (*response, age_band(age), now, now)).fetchone()[
                0
            ]  # type: ignore[index]
            placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(rows))
            conn.execute(
                f"INSERT INTO answers ({_ANSWER_COLUMNS}) VALUES {placeholders}",  # nosec B608 - placeholders only
                [v for row in rows for v in (response_id, *row, now)],
            )
            reading = _to_read(rows, now)
            if reading is not None:
                subject_before, subject_after = reading.pop("subject").split(_SLOT)
                body_before, body_after = reading.pop("body").split(_SLOT)
                conn.execute(
                    _QUEUE,
                    {
                        **reading,
                        "response": response_id,
                        "iro": iro,
                        "now": now,
                        "subject_before": subject_before,
                        "subject_after": subject_after,
                        "body_before": body_before,
                        "body_after": body_after,
                    },
                )
    start_response("303 See Other", [("Location", "/thanks"), ("Content-Length", "0")])
    return [b""]
