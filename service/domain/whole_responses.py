"""A whole response sent at once: the busiest write, one statement on PostgreSQL.

Most web forms are one page, sent to an invitation nobody has begun answering. Each round trip
to the database costs the web worker CPU, so on PostgreSQL the claim on the invitation, the
response and its answers go in one statement, which is its own transaction: no BEGIN or COMMIT
to send (SQLite cannot write in a WITH, so there it is three statements in one transaction).
What is stored comes from the same helpers as the step-by-step path in `responses.py`, and
anything out of the ordinary is left to that path, before anything is written: an answer that
raises a concern (so every alert is raised in one place), a required answer missing, views sent
before a review (their IRO is told in one place), or an
invitation that cannot be claimed as it stands (unknown, closed, used, or begun elsewhere),
which that path explains to the person. Words go into their reader's queue (see `reading`) in
the same statement on PostgreSQL, and the same transaction on SQLite (see `reading_rows`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import cache

from sqlalchemy import (
    JSON,
    Engine,
    FromClause,
    Insert,
    Select,
    bindparam,
    column,
    exists,
    func,
    insert,
    select,
    true,
)

from service.domain.consultation import PRE_REVIEW_KEYS
from service.domain.openness import invitation_open_sql
from service.domain.reading import to_read, told_as_over
from service.domain.reading_policy import ReadingPolicy
from service.domain.reading_rows import queue_by_statements, queue_ctes, reading_parameters
from service.domain.responses import CLAIM, AnswerInput, answer_columns, required_unanswered
from service.driver_statements import first_row
from service.models import Answer, Channel, Invitation, Response, ResponseStatus, Review
from service.questionnaires import Questionnaire
from service.questionnaires.bands import age_band_sql

# Parameters are not named after columns: SQLAlchemy keeps those names for INSERT and UPDATE.
# The claim, narrowed to what a whole response may take: an invitation still open, for this
# questionnaire, with no response begun (by an earlier visit or the bot: the step-by-step path
# must finish those).
_CLAIM = CLAIM.where(
    invitation_open_sql(bindparam("began")),
    Invitation.questionnaire_key == bindparam("questionnaire"),
    ~exists().where(Response.invitation_id == Invitation.id),
)


def _insert_response(claimed: FromClause) -> Insert:
    """The sent response to the claimed invitation (columns id, review_id, role), with its review's
    child and age band."""
    table = Response.__table__.c
    values = {
        Response.invitation_id: claimed.c.id,
        Response.review_id: claimed.c.review_id,
        Response.child_id: Review.child_id,
        Response.questionnaire_key: bindparam("questionnaire"),
        Response.questionnaire_version: bindparam("version"),
        Response.role: claimed.c.role,
        Response.age_band: age_band_sql(Review.age_at_review),
        Response.channel: bindparam("via", type_=table.channel.type),
        Response.language: bindparam("in_language", type_=table.language.type),
        Response.status: bindparam("as_status", type_=table.status.type),
        Response.started_at: bindparam("now"),
        Response.submitted_at: bindparam("now"),
    }
    source = select(*values.values()).select_from(
        claimed.outerjoin(Review, Review.id == claimed.c.review_id)
    )
    return (
        insert(Response)
        .from_select(list(values), source)
        .returning(Response.id, Response.review_id)
    )


# The answers as one JSON parameter, read back as rows typed as the answers table's columns, so
# one statement (prepared once) takes any number of answers.
_ANSWER_FIELDS = (
    "question_id",
    "value",
    "values",
    "text",
    "sentiment",
    "sentiment_label",
    "themes",
    "safety",
    "analyser_version",
)


def _send_in_one_statement(reading: ReadingPolicy | None) -> Select[int]:
    """PostgreSQL: claim, response and answers in one statement, and with `reading` the item in
    its reader's queue and their email; returns the response's id, or no row (nothing written)
    when the invitation cannot be claimed."""
    claimed = _CLAIM.returning(Invitation.id, Invitation.review_id, Invitation.role).cte("claimed")
    sent = _insert_response(claimed).cte("sent")
    given = (
        func.json_to_recordset(bindparam("answers", type_=JSON))
        .table_valued(*(column(name, Answer.__table__.c[name].type) for name in _ANSWER_FIELDS))
        .render_derived(name="given", with_types=True)
    )
    answers = select(sent.c.id, *given.c, bindparam("now")).select_from(sent).join(given, true())
    stored = (
        insert(Answer)
        .from_select(["response_id", *_ANSWER_FIELDS, "submitted_at"], answers)
        .cte("stored")
    )
    queued = queue_ctes(sent, bindparam("now"), reading) if reading is not None else ()
    return select(sent.c.id).add_cte(stored, *queued)


# Built once (per reading policy): SQLAlchemy works out a statement's cache key once per
# statement object.
_SEND = _send_in_one_statement(None)
_send_and_queue = cache(_send_in_one_statement)
_INSERT_RESPONSE = _insert_response(
    select(Invitation.id, Invitation.review_id, Invitation.role)
    .where(Invitation.id == bindparam("invitation"))
    .subquery("claimed")
)
_INSERT_ANSWERS = insert(Answer)


def send_whole_response(
    engine: Engine,
    invitation_id: int,
    questionnaire: Questionnaire,
    answers: Mapping[str, AnswerInput],
    *,
    channel: Channel,
    language: str,
    began_at: datetime,
    now: datetime,
    reading: ReadingPolicy | None = None,
) -> int | None:
    """Store `answers` as the sent response to the invitation, committed with its place in the
    reading queue, and return the response's id; or return None, having written nothing, when
    the step-by-step path must send it instead."""
    if required_unanswered(questionnaire, answers.keys()) or questionnaire.key in PRE_REVIEW_KEYS:
        return None  # pre-review views also tell the IRO, which the step-by-step path does
    rows = []
    for question_id, given in answers.items():
        question = questionnaire.question(question_id)
        if question is None:
            continue
        columns, concerns = answer_columns(question, given, language)
        if concerns:
            return None
        rows.append({**columns, "question_id": question_id})
    params = {
        "invitation": invitation_id,
        "questionnaire": questionnaire.key,
        "version": questionnaire.version,
        "via": channel,
        "in_language": language,
        "as_status": ResponseStatus.SUBMITTED,
        "began": began_at,
        "now": now,
    }
    policy = reading or ReadingPolicy()
    found = to_read(
        [row["text"] for row in rows if row["text"]],
        [row["safety"].get("urgency", "none") for row in rows if row["safety"]],
        language,
        told_as_over=any(told_as_over(row["safety"]) for row in rows),
    )
    if engine.dialect.name == "postgresql":
        statement = _SEND if found is None else _send_and_queue(policy)
        if found is not None:
            params.update(reading_parameters(found, policy, now))
        row = first_row(engine, statement, {**params, "answers": rows})
        return None if row is None else int(row[0])
    with engine.begin() as connection:
        if connection.execute(_CLAIM, params).rowcount != 1:
            return None
        response_id, review_id = connection.execute(_INSERT_RESPONSE, params).one()
        if rows:
            answered = [{**row, "response_id": response_id, "submitted_at": now} for row in rows]
            connection.execute(_INSERT_ANSWERS, answered)
        if found is not None:
            queue_by_statements(connection, response_id, review_id, found, policy, now)
    return int(response_id)
