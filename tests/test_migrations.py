"""Migrations: one head, both ways on both databases, and models that match them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from alembic import op
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text

from service import migrate
from service.db import Base, make_engine
from service.models import Answer, Channel, Response, ResponseStatus, Role
from tests.conftest import empty_all_tables


def test_history_has_a_single_head() -> None:
    assert len(migrate.heads()) == 1


def test_models_match_the_migrations(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_downgrade_to_base_then_upgrade_to_head(database_url: str) -> None:
    engine = make_engine(database_url)
    empty_all_tables(engine)  # rows left by an earlier test on this worker block DROP TABLE
    try:
        migrate.downgrade(database_url, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        migrate.upgrade(database_url, "head")
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    finally:
        migrate.upgrade(database_url, "head")
        engine.dispose()


def test_upgrade_copies_each_sent_responses_time_onto_its_answers(database_url: str) -> None:
    """0003 backfills answers.submitted_at from the response; answers of unsent responses stay empty."""
    engine = make_engine(database_url)
    empty_all_tables(engine)
    sent_at = datetime(2025, 6, 3, 14, 30)
    common = {
        "questionnaire_key": "review_carer",
        "questionnaire_version": 1,
        "role": Role.CARER,
        "channel": Channel.WEB,
        "language": "en",
        "started_at": sent_at,
    }
    try:
        migrate.downgrade(database_url, "0002_botperf")
        with engine.begin() as conn:
            conn.execute(
                Response.__table__.insert(),
                [
                    {
                        "id": 1,
                        "status": ResponseStatus.SUBMITTED,
                        "submitted_at": sent_at,
                        **common,
                    },
                    {"id": 2, "status": ResponseStatus.IN_PROGRESS, "submitted_at": None, **common},
                ],
            )
            conn.execute(
                text(
                    "INSERT INTO answers (id, response_id, question_id, value) VALUES "
                    "(1, 1, 'spoke_to_iro', 'yes'), (2, 1, 'felt_involved', 'no'), "
                    "(3, 2, 'spoke_to_iro', 'yes')"
                )
            )
        migrate.upgrade(database_url, "head")
        with engine.connect() as conn:
            copied = dict(conn.execute(select(Answer.id, Answer.submitted_at)).all())
        assert copied == {1: sent_at, 2: sent_at, 3: None}
    finally:
        migrate.upgrade(database_url, "head")
        empty_all_tables(engine)
        engine.dispose()


def test_upgrade_moves_adults_stored_responses_to_their_own_age_band(database_url: str) -> None:
    """0006 gives care leavers of 18 and over the "18plus" band; their earlier responses, stored
    as "13plus", move to it, and a downgrade puts them back."""
    engine = make_engine(database_url)
    empty_all_tables(engine)
    common = {
        "questionnaire_key": "review_child",
        "questionnaire_version": 1,
        "channel": Channel.WEB,
        "language": "en",
        "started_at": datetime(2026, 3, 1),
        "status": ResponseStatus.SUBMITTED,
    }
    try:
        migrate.downgrade(database_url, "0005_addenda")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO children (id, child_ref, code, language, created_at) "
                    "VALUES (1, 'R1', 'C1', 'en', '2026-01-01')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO reviews (id, child_id, review_date, iro, team, age_at_review, "
                    "language, created_at, updated_at) VALUES (1, 1, '2026-03-01', 'IRO-A', 'N', 19, 'en', "
                    "'2026-01-01', '2026-01-01'), (2, 1, '2026-04-01', 'IRO-A', 'N', 15, 'en', '2026-01-01', "
                    "'2026-01-01')"
                )
            )
            conn.execute(
                Response.__table__.insert(),
                [
                    {
                        "id": 1,
                        "review_id": 1,
                        "age_band": "13plus",
                        "role": Role.CARE_LEAVER,
                        **common,
                    },
                    {"id": 2, "review_id": 2, "age_band": "13plus", "role": Role.CHILD, **common},
                    {"id": 3, "review_id": None, "age_band": None, "role": Role.CHILD, **common},
                ],
            )
        migrate.upgrade(database_url, "head")
        bands = select(Response.id, Response.age_band).order_by(Response.id)
        with engine.connect() as conn:
            assert conn.execute(bands).all() == [(1, "18plus"), (2, "13plus"), (3, None)]
        migrate.downgrade(database_url, "0005_addenda")
        with engine.connect() as conn:
            assert conn.execute(bands).all() == [(1, "13plus"), (2, "13plus"), (3, None)]
    finally:
        migrate.upgrade(database_url, "head")
        empty_all_tables(engine)
        engine.dispose()


def test_postgresql_indexes_carry_their_included_columns_and_conditions(database_url: str) -> None:
    """compare_metadata does not look at INCLUDE or WHERE; the reports rely on both."""
    engine = make_engine(database_url)
    if engine.dialect.name != "postgresql":
        engine.dispose()
        pytest.skip("INCLUDE columns are a PostgreSQL feature")
    with engine.connect() as conn:
        defs = dict(
            conn.execute(
                text("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'")
            ).all()
        )
    engine.dispose()
    assert defs["ix_invitations_review_id"].endswith(
        "(review_id) INCLUDE (used_at, questionnaire_key, role, expires_at)"
    )
    assert defs["ix_answers_question_submitted"].endswith(
        "(question_id, submitted_at) INCLUDE (value)"
    )
    assert defs["ix_answers_themed_submitted"].endswith("WHERE (themes IS NOT NULL)")
    assert defs["ix_answers_text_submitted"].endswith("WHERE (text IS NOT NULL)")
    assert "ix_answers_question_id" not in defs


@pytest.mark.parametrize(
    ("start", "leftover", "failing"),
    [
        (
            "0003_report_indexes",
            "CREATE INDEX ix_invitations_review_id_next ON invitations (id)",
            "ALTER INDEX ix_invitations_review_id_next",
        ),
        (
            "0002_botperf",
            "CREATE INDEX ix_reviews_team ON reviews (id)",
            "ALTER INDEX ix_invitations_review_id_covering",
        ),
    ],
    ids=["0004", "0003"],
)
def test_an_upgrade_failing_in_its_concurrent_block_can_be_run_again(
    database_url: str, monkeypatch: pytest.MonkeyPatch, start: str, leftover: str, failing: str
) -> None:
    """Statements in an autocommit block commit one by one: a failure part way (here a leftover
    index, as a cancelled CREATE INDEX CONCURRENTLY leaves, and a failing rename) must leave
    nothing that stops the upgrade being run again."""
    engine = make_engine(database_url)
    if engine.dialect.name != "postgresql":
        engine.dispose()
        pytest.skip("only PostgreSQL builds indexes outside the migration's transaction")
    empty_all_tables(engine)
    real_execute = op.execute

    def execute_failing_once(sql: Any, *args: Any, **kwargs: Any) -> None:
        if str(sql).startswith(failing):
            monkeypatch.setattr(op, "execute", real_execute)
            raise RuntimeError("the migration stopped here")
        real_execute(sql, *args, **kwargs)

    try:
        migrate.downgrade(database_url, start)
        with engine.begin() as conn:
            conn.execute(text(leftover))
        monkeypatch.setattr(op, "execute", execute_failing_once)
        with pytest.raises(RuntimeError, match="stopped here"):
            migrate.upgrade(database_url, "head")
        migrate.upgrade(database_url, "head")
        with engine.connect() as conn:
            version = conn.scalar(text("SELECT version_num FROM alembic_version"))
            indexes = dict(
                conn.execute(
                    text("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'")
                ).all()
            )
        assert version == migrate.heads()[0]
        assert indexes["ix_invitations_review_id"].endswith(
            "(review_id) INCLUDE (used_at, questionnaire_key, role, expires_at)"
        )
        assert indexes["ix_reviews_team"].endswith("(team)")
        assert not {"ix_invitations_review_id_next", "ix_invitations_review_id_covering"} & set(
            indexes
        )
    finally:
        monkeypatch.undo()
        migrate.upgrade(database_url, "head")
        engine.dispose()
