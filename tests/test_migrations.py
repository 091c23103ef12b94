"""Migrations: one head, both ways on both databases, and models that match them."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from service import migrate
from service.db import Base, make_engine


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
    try:
        migrate.downgrade(database_url, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        migrate.upgrade(database_url, "head")
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    finally:
        migrate.upgrade(database_url, "head")
        engine.dispose()
