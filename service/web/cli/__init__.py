"""The `carevoice` command: a Flask CLI group, so `run`, `routes` and `shell` work as in `flask`.

Each module in this package lists its commands in `commands`; they are registered here, so
adding a command never means editing a shared list.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import click
from flask import Flask
from flask.cli import FlaskGroup
from sqlalchemy.exc import OperationalError, ProgrammingError


def register_commands(app: Flask) -> None:
    """Add every module's `commands` to the app's CLI."""
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for command in getattr(module, "commands", ()):
            app.cli.add_command(command)


def _create_app() -> Flask:
    from service.web import create_app

    return create_app()


cli = FlaskGroup(
    name="carevoice",
    create_app=_create_app,
    add_version_option=False,
    help="carevoice: children's views, heard. Run `carevoice demo` to try it.",
)


NO_TABLES = ("no such table", "UndefinedTable", "does not exist")


def main() -> None:
    """Entry point of the `carevoice` console script. A database that has no tables yet gets a
    sentence saying what to run, not a traceback."""
    try:
        cli.main(prog_name="carevoice")
    except (OperationalError, ProgrammingError) as error:
        if not any(sign in f"{type(error.orig).__name__} {error.orig}" for sign in NO_TABLES):
            raise
        click.echo(
            "carevoice: the database has no tables yet (or an older schema): run "
            "`carevoice db upgrade` first, or `carevoice demo` to try it with demo data.",
            err=True,
        )
        sys.exit(1)


__all__ = ["click", "main", "register_commands"]
