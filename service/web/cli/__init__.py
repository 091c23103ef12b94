"""The `carevoice` command: a Flask CLI group, so `run`, `routes` and `shell` work as in `flask`.

Each module in this package lists its commands in `commands`; they are registered here, so
adding a command never means editing a shared list.
"""

from __future__ import annotations

import importlib
import pkgutil

import click
from flask import Flask
from flask.cli import FlaskGroup


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


def main() -> None:
    """Entry point of the `carevoice` console script."""
    cli.main(prog_name="carevoice")


__all__ = ["click", "main", "register_commands"]
