"""`carevoice db upgrade|downgrade|heads`: Alembic migrations on DATABASE_URL."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from service import migrate
from service.web import runtime


@click.group("db", cls=AppGroup)
def db_group() -> None:
    """Create or change the database schema."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
def upgrade_command(revision: str) -> None:
    """Apply migrations up to REVISION (default: the latest)."""
    migrate.upgrade(runtime().settings.database_url, revision)
    click.echo(f"database at {revision}")


@db_group.command("downgrade")
@click.argument("revision")
def downgrade_command(revision: str) -> None:
    """Undo migrations down to REVISION ("base" removes every table)."""
    migrate.downgrade(runtime().settings.database_url, revision)
    click.echo(f"database at {revision}")


@db_group.command("heads")
def heads_command() -> None:
    """Show the latest revision(s); there should be exactly one."""
    for head in migrate.heads():
        click.echo(head)


commands = [db_group]
